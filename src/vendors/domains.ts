/** Outbound host names in added lines of code and config, for matching against vendor domains. */

/** Files whose lines are prose or package metadata, not outbound calls: they are not read for vendor hosts. */
export function readsHosts(path: string): boolean {
  const base = path.slice(path.lastIndexOf("/") + 1).toLowerCase();
  if (/\.(md|mdx|markdown|rst|adoc|txt|lock|svg|snap|csv|tsv|log|map|min\.js)$/.test(base)) return false;
  if (/^(license|licence|notice|changelog|authors|contributors|codeowners)(\.|$)/.test(base)) return false;
  if (/^(package(-lock)?\.json|npm-shrinkwrap\.json|pnpm-lock\.yaml|composer\.(json|lock)|go\.(mod|sum)|pipfile(\.lock)?|poetry\.lock|gemfile(\.lock)?|packages\.lock\.json)$/.test(base)) return false;
  return true;
}

const COMMENT = /^\s*(\/\/|#(?!!)|\/\*|\*|<!--|--\s|;|rem\s)/i;

/** Whether the line is a whole-line comment: a host mentioned there is not a call. */
export function isCommentLine(text: string): boolean {
  return COMMENT.test(text);
}

const HOST = /(?<![\w@.-])([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.[a-z]{2,24})(?![\w-]|\.[a-z0-9])/gi;

/**
 * Host names on a line: in URLs (`https://api.segment.io/v1`), in strings (`"api.mixpanel.com"`) and bare in
 * config (`host: collector.newrelic.com`). E-mail addresses are not hosts to call. Lower-cased, unique.
 */
export function hostsIn(text: string): { host: string; index: number }[] {
  const out: { host: string; index: number }[] = [];
  const seen = new Set<string>();
  const add = (host: string, index: number) => {
    const h = host.toLowerCase();
    if (seen.has(h)) return;
    seen.add(h);
    out.push({ host: h, index });
  };
  // URLs first: their user-info (a Sentry DSN key, credentials) precedes the host.
  for (const m of text.matchAll(URL_HOST)) add(m[2]!, m.index + m[0].length - m[2]!.length);
  for (const m of text.matchAll(HOST)) add(m[1]!, m.index);
  return out.sort((a, b) => a.index - b.index);
}

const URL_HOST = /\b[a-z][a-z0-9+.-]*:\/\/([^\s/@"'`<>]*@)?([a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+)/gi;
