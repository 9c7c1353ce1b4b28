/**
 * The one comment detector: whether a line is a whole-line comment. Rules skip such lines (unless they read
 * comments), and the vendor review ignores hosts mentioned there. A file of a known kind uses its language's
 * comment leaders; a file of no known kind uses the leaders common to most configuration and code.
 */
import type { Language } from "./languages.js";

/** Comment leaders of whole-line comments, per language. */
const COMMENT_LEADERS: Partial<Record<Language, string[]>> = {
  javascript: ["//", "/*", "*"], typescript: ["//", "/*", "*"], go: ["//", "/*", "*"],
  java: ["//", "/*", "*"], kotlin: ["//", "/*", "*"], csharp: ["//", "/*", "*"],
  php: ["//", "#", "/*", "*"], python: ["#"], ruby: ["#"], elixir: ["#"], shell: ["#"], dockerfile: ["#"],
  yaml: ["#"], terraform: ["#", "//", "/*", "*"], nginx: ["#"], apache: ["#"], properties: ["#", "!"],
  dotenv: ["#"], ini: ["#", ";"], toml: ["#"], sql: ["--", "/*"], xml: ["<!--"], html: ["<!--"],
  rust: ["//", "/*", "*"], swift: ["//", "/*", "*"], scala: ["//", "/*", "*"], c: ["//", "/*", "*"],
  cpp: ["//", "/*", "*"], plist: ["<!--"],
};

/** Leaders of whole-line comments in files of no known kind (`#!` is a shebang, not a comment). */
const ANY_COMMENT = /^\s*(\/\/|#(?!!)|\/\*|\*|<!--|--\s|;|rem\s)/i;

/**
 * Whether `text` is a whole-line comment in a file of the given kinds: a comment leader of any of them, or, in a
 * file of no known kind, any common leader. Kinds without comments (JSON, CSV, Markdown, text) have none.
 */
export function isCommentLine(text: string, languages: readonly Language[]): boolean {
  if (languages.length === 0) return ANY_COMMENT.test(text);
  const trimmed = text.trimStart();
  for (const language of languages) {
    for (const leader of COMMENT_LEADERS[language] ?? []) {
      if (trimmed.startsWith(leader)) return true;
    }
  }
  return false;
}
