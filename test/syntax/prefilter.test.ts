// The syntax rules' prefilter (engine/matchers/syntax-prefilter.ts) must be sound: a file it leaves unparsed must
// be one no parse could report in. Checked three ways: the literals derived from patterns, every bad example of every
// syntax rule, and — property-style over real code (the labelled corpus, this project's dependencies) — every name
// the parser reads that a rule looks for is found by the prefilter, at the word boundary it assumes.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { detectLanguages, type Language } from "../../src/engine/files/languages.js";
import { liveSyntaxRules } from "../../src/engine/matchers/syntax-prefilter.js";
import { compileRule } from "../../src/engine/rules/compile.js";
import { requiredLiterals } from "../../src/engine/rules/required-literals.js";
import { Ruleset } from "../../src/engine/rules/ruleset.js";
import { loadDefaultRules } from "../../src/defaults/rules.js";
import { treeSitterParser } from "../../src/syntax/tree-sitter.js";
import { loadCases } from "../corpus/harness.js";

const shown = (source: string) => requiredLiterals(source)?.map((l) => `${l.start ? "^" : ""}${l.text}${l.end ? "$" : ""}`).sort();

describe("required literals of a pattern", () => {
  it("keeps anchors as 'starts / ends the name' and multiplies out small alternatives", () => {
    expect(shown("(?i)^(ssn|DOB)$")).toEqual(["^dob$", "^ssn$"]);
    expect(shown("^(first|last)_?name$")).toEqual(["^first_name$", "^firstname$", "^last_name$", "^lastname$"]);
    expect(shown("(?i)^(get_?)?mrn$")).toEqual(["^get_mrn$", "^getmrn$", "^mrn$"]);
    // Long spellings are looked for by their last 12 characters (what contains the whole contains those).
    expect(shown("^(encodeResourceToString|get_?patient_?first_?name)$")).toEqual(["entfirstname$", "nt_firstname$", "ntfirst_name$", "t_first_name$", "urcetostring$"]);
  });

  it("reads through parts that may match anything to what every match still needs", () => {
    expect(shown("(?i)^\\w*_?condition(s|_?name)?$")).toEqual(["condition$", "conditions$", "ndition_name$", "onditionname$"]);
    expect(shown("(?i)^(x\\w+|icd_?10\\w*)$")).toEqual(["^icd10", "^icd_10", "^x"]);
    expect(shown("ab+cd")).toEqual(["cd"]);
  });

  it("carries on from the endings of spellings too many to multiply out, not from nothing", () => {
    // 3 × 13 × 3 × 2 spellings before `_?names?`: without the endings the requirement was `name$`, in every file.
    const literals = shown("(?i)^(get_?)?((patient|member|subscriber|guarantor|beneficiary|insured)_?)?(lab_?)?test_?names?$")!;
    expect(literals.length).toBeGreaterThan(0);
    for (const l of literals) expect(l).toMatch(/test_?names?\$$/);
  });

  it("requires nothing of a pattern that may match anything, or that it does not read as RE2 reads it", () => {
    expect(requiredLiterals("(?i)^\\w+$")).toBeUndefined();
    expect(requiredLiterals("^(ssn|\\w*)$")).toBeUndefined();
    expect(requiredLiterals("(?P<name>ssn)")).toBeUndefined(); // RE2-only syntax
    expect(requiredLiterals("\\Qa.b\\E")).toBeUndefined();
    expect(requiredLiterals("(?s)dob")).toBeUndefined(); // a flag group other than the leading (?i)
  });

  it("folds case as the searched text is folded, the long s included", () => {
    expect(shown("(?i)^SSN$")).toEqual(["^ssn$"]);
    expect(liveSyntaxRules(syntaxRules, "logger.info(patient.\u017fsn)").map((r) => r.id)).toContain("phi-in-log-call");
  });
});

const rules = loadDefaultRules().rules.map((r) => compileRule(r));
const syntaxRules = rules.filter((r) => r.syntax);
const ruleset = new Ruleset(rules);

describe("which syntax rules a file is live for", () => {
  it("admits the file of every bad example of every syntax rule", () => {
    const specs = loadDefaultRules().rules.filter((r) => r.spec.syntax);
    expect(specs.length).toBeGreaterThan(0);
    for (const { spec } of specs) {
      for (const example of spec.examples.bad) {
        const { path, code } = typeof example === "string" ? { path: "example.ts", code: example } : example;
        const live = liveSyntaxRules(ruleset.forFile(path).syntaxRules, code).map((r) => r.id);
        expect(live, `${spec.id}: ${path}`).toContain(spec.id);
      }
    }
  });

  it("leaves out a rule whose names occur only inside longer words, and one with none of them", () => {
    const live = (code: string) => liveSyntaxRules(ruleset.forFile("a.py").syntaxRules, code).map((r) => r.id);
    expect(live('raise ValueError(f"not an instance: {isinstance_check} at {idx}")')).toEqual([]);
    expect(live('raise ValueError(f"bad {sin}")')).toEqual(["phi-in-error-message"]);
    expect(live('logger.info("x", patient)')).toContain("phi-in-log-call");
  });
});

/** Source files of the project's dependencies, in a fixed order, in the languages the syntax rules read. */
function dependencyFiles(limit: number): { path: string; code: string }[] {
  const out: { path: string; code: string }[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      if (out.length >= limit) return;
      const full = join(dir, name);
      const stat = statSync(full, { throwIfNoEntry: false });
      if (stat?.isDirectory()) walk(full);
      else if (stat?.isFile() && /\.(js|mjs|cjs|ts)$/.test(name) && !name.endsWith(".d.ts") && stat.size < 30_000) out.push({ path: full, code: readFileSync(full, "utf8") });
    }
  };
  for (const pkg of ["yaml/dist", "probot/lib", "ajv/lib", "bullmq/dist/esm/classes", "pino/lib", "nock/lib", "@octokit/rest/dist-src"]) walk(join("node_modules", pkg));
  return out;
}

function corpusFiles(): { path: string; code: string }[] {
  return ["test/corpus/cases", "test/corpus/round4", "test/corpus/round5"].flatMap((dir) =>
    loadCases(dir).flatMap((c) => c.files.filter((f) => f.after !== undefined).map((f) => ({ path: f.path, code: f.after! }))),
  );
}

describe("the prefilter over real code", () => {
  it("stays selective on ordinary code: few of the dependencies' files make any syntax rule live", () => {
    // A names or declared pattern written so that its required literals are common words (a type `\w*Dto`, prefixes
    // multiplied into a list) makes most files live and parsed for nothing: two such edits once doubled the files
    // parsed on the bench's real code (770 → 1,450) and slowed the CLI by 30%, with not one finding more.
    let withRules = 0;
    let live = 0;
    for (const { path, code } of dependencyFiles(400)) {
      const fileRules = ruleset.forFile(path).syntaxRules;
      if (fileRules.length === 0) continue;
      withRules++;
      if (liveSyntaxRules(fileRules, code).length > 0) live++;
    }
    expect(withRules).toBeGreaterThan(200);
    expect(live / withRules, `${live} of ${withRules} files live`).toBeLessThan(0.2);
  });

  it("finds every name the parser reads that a rule looks for (in a call whose callee it names), and finds it at a word boundary", async () => {
    const parser = treeSitterParser();
    const files = [...corpusFiles(), ...dependencyFiles(150)];
    let names = 0;
    let matching = 0;
    for (const { path, code } of files) {
      const fileRules = ruleset.forFile(path).syntaxRules;
      if (fileRules.length === 0) continue;
      const language = detectLanguages(path).find((l) => l !== undefined) as Language | undefined;
      if (!language || !(await parser.load(language, path))) continue;
      const calls = parser.calls(language, path, code) ?? [];
      const live = new Set(liveSyntaxRules(fileRules, code));
      const lines = code.split("\n");
      for (const call of calls) {
        for (const n of call.names) {
          if (n.text === "") continue; // an empty string key: no rule looks for it
          names++;
          // The boundary the prefilter assumes: a name never starts after a letter or `_`, nor ends before a word character.
          // (A name read through an assignment is reported on the line it was handed on, and written on the assignment's:
          // the prefilter reads the whole file, so the whole file is searched when its line does not hold it so.)
          const boundedIn = (text: string) => {
            for (let i = text.indexOf(n.text); i >= 0; i = text.indexOf(n.text, i + 1)) {
              if (!/[A-Za-z_]/.test(text[i - 1] ?? " ") && !/[A-Za-z0-9_]/.test(text[i + n.text.length] ?? " ")) return true;
            }
            return false;
          };
          const bounded = boundedIn(lines[n.line - 1] ?? "") || boundedIn(code);
          expect(bounded, `${path}: name ${JSON.stringify(n.text)} at line ${n.line}`).toBe(true);
          for (const rule of fileRules) {
            const spec = rule.syntax!;
            if (![...spec.names, ...spec.records].some((p) => p.test(n.text))) continue;
            // A rule that names callees reports only a call whose callee matches: then it must be live (its callees'
            // literals are looked for too).
            if (spec.callee.length > 0 && !spec.callee.some((p) => p.test(call.callee))) continue;
            matching++;
            expect(live.has(rule), `${path}: ${rule.id} looks for ${JSON.stringify(n.text)} (line ${n.line})`).toBe(true);
          }
        }
      }
    }
    expect(names).toBeGreaterThan(10_000);
    expect(matching).toBeGreaterThan(50);
  }, 120_000);
});
