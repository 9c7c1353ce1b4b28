/**
 * semgrep-rules' own labelled tests, scored by line. Beside each rule file (`<rule>.yaml`) its test file
 * (`<rule>.py`, `.go`, … or `<rule>.test.yaml`) marks lines with comments: `ruleid: <id>` (the next line must be
 * flagged) and `ok: <id>` (it must not be); `todoruleid`/`todook` (known gaps of semgrep's own) are skipped. Each
 * test file is scanned as a new file at a neutral path (`src/<name>`), so our test-path classes do not hide it.
 */
import { parse } from "yaml";
import { anyRuleReads, isPlaceholderHost, isTestPath, scanAdded } from "./scan.mjs";

const LABEL = /(?:#|\/\/|\/\*|<!--|--|;|\(\*|%|')\s*(ruleid|ok|todoruleid|todook|deepruleid|deepok)\s*:\s*([A-Za-z0-9_.\-]+(?:\s*,\s*[A-Za-z0-9_.\-]+)*)/;
/** Lines after a labelled line searched for a finding "on another line of the statement". */
const NEAR = 8;

/** The rule files a map key names, with which of their rule ids it selects (undefined: all). */
function selectRuleFiles(files, map) {
  const ruleFiles = files.filter((f) => /\.ya?ml$/.test(f) && !/\.test\.ya?ml$/.test(f) && !f.startsWith("."));
  const chosen = new Map(); // rule file -> Map(id|"*" -> { area, scope, why })
  for (const [scope, entries] of Object.entries(map)) for (const [key, value] of Object.entries(entries ?? {})) {
    const spec = typeof value === "string" ? { area: value } : value;
    const [path, id] = key.split("#");
    const hits = path.endsWith("/") ? ruleFiles.filter((f) => f.startsWith(path)) : ruleFiles.filter((f) => f.replace(/\.ya?ml$/, "") === path);
    if (hits.length === 0) throw new Error(`test/peer-suites/peer-map.yml: semgrep key ${key} names no rule file in the mirror; fix the key`);
    for (const f of hits) {
      const ids = chosen.get(f) ?? new Map();
      ids.set(id ?? "*", { ...spec, scope });
      chosen.set(f, ids);
    }
  }
  return chosen;
}

function testFilesOf(files, ruleFile) {
  const stem = ruleFile.replace(/\.ya?ml$/, "");
  return files.filter((f) => f.startsWith(stem + ".") && f !== ruleFile && !/\.fixed\./.test(f) && !/\.ya?ml$/.test(f.slice(stem.length + 1)) || f === `${stem}.test.yaml` || f === `${stem}.test.yml`);
}

/** Labels of a test file: [{ kind: "ruleid"|"ok", id, line }] (1-based line of the labelled code). */
export function labelsOf(text) {
  const lines = text.split("\n");
  const out = [];
  let pending = [];
  lines.forEach((l, i) => {
    const m = LABEL.exec(l);
    if (m) {
      const before = l.slice(0, m.index).trim();
      const items = m[2].split(/\s*,\s*/).map((id) => ({ kind: m[1], id }));
      if (before && !/^(\/\*|<!--|\{\{)$/.test(before)) out.push(...items.map((x) => ({ ...x, line: i + 1 })));
      else pending.push(...items);
      return;
    }
    if (pending.length) out.push(...pending.map((x) => ({ ...x, line: i + 1 })));
    pending = [];
  });
  return out.filter((x) => x.kind === "ruleid" || x.kind === "ok");
}

/** Where a peer test file is presented to the engine: a neutral path that keeps the file's kind. */
function presentedPath(testFile, n) {
  const base = testFile.slice(testFile.lastIndexOf("/") + 1).replace(/\.test\.(ya?ml)$/, ".$1");
  const path = base.endsWith(".npmrc") ? "src/.npmrc" : `src/${base}`;
  return isTestPath(path) ? `src/peer${n}${base.slice(base.indexOf("."))}` : path;
}

export async function scoreSemgrep(mirror, map) {
  const chosen = selectRuleFiles(mirror.files, map);
  const ruleTexts = mirror.read([...chosen.keys()]);
  const results = []; // one per scored label
  const noTest = [];
  let n = 0;
  for (const [ruleFile, ids] of [...chosen].sort(([a], [b]) => a.localeCompare(b))) {
    let rules;
    try { rules = parse(ruleTexts.get(ruleFile) ?? "")?.rules ?? []; } catch { rules = []; }
    const idsHere = new Set(rules.map((r) => r.id));
    const mapped = (id) => (idsHere.has(id) ? ids.get(id) ?? ids.get("*") : undefined);
    const tests = testFilesOf(mirror.files, ruleFile);
    if (tests.length === 0) { noTest.push(ruleFile); continue; }
    const texts = mirror.read(tests);
    for (const t of tests) {
      const text = texts.get(t);
      if (text === undefined) continue;
      const labels = labelsOf(text).filter((l) => mapped(l.id));
      if (labels.length === 0) continue;
      const path = presentedPath(t, n++);
      const findings = await scanAdded(new Map([[path, text]]));
      const lines = text.split("\n");
      for (const l of labels) {
        const spec = mapped(l.id);
        // A finding covers its line, or every line of the statement its comment spans (`startLine`–`line`).
        const here = findings.filter((f) => f.line === l.line || (f.startLine !== undefined && f.startLine <= l.line && l.line < f.line));
        const hit = here.some((f) => f.area === spec.area);
        const r = { peer: "semgrep", rule: `${ruleFile.replace(/\.ya?ml$/, "")}#${l.id}`, file: t, line: l.line, area: spec.area, scope: spec.scope, why: spec.why, expect: l.kind === "ruleid" };
        r.outcome = r.expect ? (hit ? "tp" : "fn") : (hit ? "fp" : "tn");
        if (hit) r.ours = here.filter((f) => f.area === spec.area).map((f) => f.ruleId).join(",");
        if (r.outcome === "fn") {
          let end = l.line;
          while (end < Math.min(lines.length, l.line + NEAR) && lines[end].trim() !== "" && !LABEL.test(lines[end])) end++;
          if (!anyRuleReads(path)) r.cause = "file kind we do not read";
          else if (findings.some((f) => f.area === spec.area && f.line > l.line && f.line <= end)) r.cause = "reported on another line of the statement";
          else if (here.length) { r.cause = "reported in another area"; r.ours = here.map((f) => `${f.ruleId} (${f.area})`).join(","); }
          else if (lines.slice(l.line - 1, end).some((x) => [...x.matchAll(/\b(?:https?|ftp|wss?|telnet):\/\/([^\/:"'\s)]+)/gi)].some((u) => isPlaceholderHost(u[1])))) r.cause = "placeholder or loopback host (ignored by design)";
          else r.cause = "not recognised";
        }
        results.push(r);
      }
    }
  }
  return { results, noTest };
}
