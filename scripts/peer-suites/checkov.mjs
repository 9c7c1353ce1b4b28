/**
 * checkov's own Terraform and CloudFormation examples, scored by resource. A check's test names the resources
 * that must pass and fail: `passing_resources`/`failing_resources` in tests/terraform/checks/resource/aws/test_<Check>.py
 * (example folder beside it), `pass:`/`fail:` in a graph check's expected.yaml, and for CloudFormation either
 * those sets or, when the test only counts, the PASSED/FAILED in its example file names (used only when the
 * counts in the test agree with them). A failing resource is found when we report a finding of the mapped area on
 * a line inside it; a passing resource is a false alarm when we do. Each example folder is one change of new files.
 */
import { LineCounter, parseDocument } from "yaml";
import { scanAdded } from "./scan.mjs";

const TF = "tests/terraform/checks/resource/aws/";
const TF_GRAPH = "tests/terraform/graph/checks/resources/";
const CFN = "tests/cloudformation/checks/resource/aws/";
const CFN_GRAPH = "tests/cloudformation/graph/checks/resources/";
const TF_FILE = /\.tf$/;
const CFN_FILE = /\.(ya?ml|json|template)$/;

/** Python set literal `name = { "a", "b" }` → ["a", "b"]; undefined when absent. */
function pySet(block, name) {
  const m = new RegExp(`${name}\\s*=\\s*(?:set\\(\\s*)?[{\\[]([^}\\]]*)[}\\]]`).exec(block);
  return m ? [...m[1].matchAll(/["']([^"']+)["']/g)].map((x) => x[1]) : undefined;
}
const count = (block, key) => Number(new RegExp(`summary\\[["']${key}["']\\],\\s*(\\d+)`).exec(block)?.[1] ?? NaN);

/** A test that feeds checkov one resource inline (`hcl2.loads("""…""")`) and asserts PASSED or FAILED. */
function inlineCase(block) {
  const text = /hcl2\.loads\(\s*(?:r|f)?"""([\s\S]*?)"""/.exec(block)?.[1];
  const result = /CheckResult\.(PASSED|FAILED)\s*,\s*scan_result|scan_result\s*,\s*CheckResult\.(PASSED|FAILED)/.exec(block);
  if (!text || !result) return undefined;
  const at = /\[["']resource["']\]\[\d+\]\[["']([\w-]+)["']\]\[["']([\w-]+)["']\]/.exec(block);
  const names = [...terraformResources(text).keys()];
  const resource = at ? `${at[1]}.${at[2]}` : names.length === 1 ? names[0] : undefined;
  return resource ? { text: text.replace(/^\n/, ""), label: { resource, expect: (result[1] ?? result[2]) === "FAILED" } } : undefined;
}

/** Line ranges of Terraform resources: "type.name" → [first, last] (1-based). */
export function terraformResources(text) {
  const out = new Map();
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s*resource\s+"?([\w-]+)"?\s+"([^"]+)"\s*\{/.exec(lines[i]);
    if (!m) continue;
    let depth = 0, j = i, heredoc;
    for (; j < lines.length; j++) {
      const l = lines[j];
      if (heredoc) { if (l.trim() === heredoc) heredoc = undefined; continue; }
      const h = /<<-?\s*"?(\w+)"?\s*$/.exec(l);
      const code = l.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/(#|\/\/).*$/, "");
      for (const c of code) depth += c === "{" ? 1 : c === "}" ? -1 : 0;
      if (h) heredoc = h[1];
      if (depth <= 0 && j > i) break;
      if (depth <= 0 && j === i && code.includes("}")) break;
    }
    out.set(`${m[1]}.${m[2]}`, [i + 1, j + 1]);
  }
  return out;
}

/** Line ranges of CloudFormation resources: "AWS::X::Y.LogicalId" and "LogicalId" → { type, range }. */
export function cloudformationResources(text) {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: false, strict: false, prettyErrors: false });
  const out = new Map();
  const resources = doc.contents?.items?.find((p) => String(p.key?.value ?? p.key) === "Resources")?.value;
  for (const p of resources?.items ?? []) {
    const id = String(p.key?.value ?? p.key);
    const type = p.value?.items?.find((q) => String(q.key?.value ?? q.key) === "Type")?.value?.value;
    const start = lc.linePos(p.key?.range?.[0] ?? 0).line, end = lc.linePos(Math.max(0, (p.value?.range?.[1] ?? 1) - 1)).line;
    out.set(id, { type: String(type), range: [start, end] });
  }
  return out;
}

function underDir(files, dir, re) {
  return files.filter((f) => f.startsWith(dir + "/") && re.test(f));
}

/** Every scored case: { check, area, scope, why, kind, dir, labels: [{ resource, expect }], files: [path] }. */
function cases(mirror, map) {
  const out = [];
  const skipped = [];
  const entries = Object.entries(map).flatMap(([scope, e]) => Object.entries(e ?? {}).map(([check, v]) => ({ check, scope, ...(typeof v === "string" ? { area: v } : v) })));
  const have = new Set(mirror.files);
  const testPaths = entries.flatMap((e) => [`${TF}test_${e.check}.py`, `${CFN}test_${e.check}.py`, `${TF_GRAPH}${e.check}/expected.yaml`, `${CFN_GRAPH}${e.check}/expected.yaml`]);
  const tests = mirror.read(testPaths.filter((p) => have.has(p)));
  // The check's source: the module its test imports, or the graph check's definition.
  const source = (kind, check) => {
    if (kind.endsWith("graph")) return mirror.files.find((f) => f.startsWith(`checkov/${kind.split(" ")[0]}/checks/graph_checks/`) && new RegExp(`/${check}\\.(ya?ml|json)$`).test(f));
    const mod = /from (checkov\.\S+) import check\b/.exec(tests.get(`${kind === "terraform" ? TF : CFN}test_${check}.py`) ?? "")?.[1];
    return mod ? `${mod.replaceAll(".", "/")}.py` : `checkov/${kind}/checks/resource/aws/${check}.py`;
  };
  const KINDS = ["terraform", "cloudformation", "terraform graph", "cloudformation graph"];
  const sources = mirror.read([...new Set(entries.flatMap((e) => KINDS.map((k) => source(k, e.check))).filter((p) => p && have.has(p)))]);
  /** The check's checkov id (CKV_AWS_16, CKV2_AWS_6), read from its source. */
  const ckv = (kind, check) => /\b(?:id|check_id)\s*[:=]\s*["']?(CKV2?_\w+)/.exec(sources.get(source(kind, check)) ?? "")?.[1] ?? "?";
  for (const e of entries) {
    let found = false;
    for (const [kind, base, re] of [["terraform", TF, TF_FILE], ["cloudformation", CFN, CFN_FILE]]) {
      const py = tests.get(`${base}test_${e.check}.py`);
      if (!py) continue;
      for (const block of py.split(/\n\s*def test/).slice(1)) {
        const dirName = /(?:current_dir\s*\+\s*|parent\s*\/\s*|join\([^,]*,\s*)["']\/?([\w.-]+)["']/.exec(block)?.[1];
        const dir = dirName ? base + dirName : undefined;
        const files = dir ? underDir(mirror.files, dir, re) : [];
        const inline = kind === "terraform" && files.length === 0 ? inlineCase(block) : undefined;
        if (inline) {
          // Lines are reported in the test file: the block's first line is this many lines into it.
          const lineOffset = py.slice(0, py.indexOf(inline.text)).split("\n").length - 1;
          out.push({ ...e, kind: "terraform inline", ckv: ckv(kind, e.check), dir: `${base}test_${e.check}.py`, texts: new Map([[`block${out.length}.tf`, inline.text]]), labels: [inline.label], lineOffset });
          found = true;
          continue;
        }
        if (files.length === 0) continue;
        const pass = pySet(block, "passing_resources"), fail = pySet(block, "failing_resources");
        if (pass || fail) { out.push({ ...e, kind, ckv: ckv(kind, e.check), dir, files, labels: [...(pass ?? []).map((r) => ({ resource: r, expect: false })), ...(fail ?? []).map((r) => ({ resource: r, expect: true }))] }); found = true; continue; }
        if (kind !== "cloudformation") { skipped.push(`${e.check} (${kind}): test gives only counts`); continue; }
        const src = sources.get(source(kind, e.check)) ?? "";
        const types = [...(/supported_resources\s*=\s*[\[(]([^\])]*)/.exec(src)?.[1] ?? "").matchAll(/["']([^"']+)["']/g)].map((x) => x[1]);
        out.push({ ...e, kind, ckv: ckv(kind, e.check), dir, files, byName: { types, passed: count(block, "passed"), failed: count(block, "failed") }, labels: [] });
        found = true;
      }
    }
    for (const [kind, base, re] of [["terraform graph", TF_GRAPH, TF_FILE], ["cloudformation graph", CFN_GRAPH, CFN_FILE]]) {
      const y = tests.get(`${base}${e.check}/expected.yaml`);
      if (!y) continue;
      const exp = parseDocument(y).toJS() ?? {};
      const files = underDir(mirror.files, base + e.check, re).filter((f) => !f.endsWith("/expected.yaml"));
      out.push({ ...e, kind, ckv: ckv(kind, e.check), dir: base + e.check, files, labels: [...(exp.pass ?? []).map((r) => ({ resource: r, expect: false })), ...(exp.fail ?? []).map((r) => ({ resource: r, expect: true }))] });
      found = true;
    }
    if (!found) skipped.push(`${e.check}: no example with labels in checkov (inline test or none)`);
  }
  return { cases: out, skipped };
}

export async function scoreCheckov(mirror, map) {
  const { cases: all, skipped } = cases(mirror, map);
  const results = [];
  for (const c of all) {
    const texts = c.texts ?? new Map([...mirror.read(c.files)].map(([p, t]) => [p.slice(c.dir.length + 1), t]));
    const present = new Map([...texts].map(([p, t]) => [`infra/${c.check}/${p}`, t]));
    // Where each resource is: "file → Map(resource name → { type, range })".
    const located = [];
    for (const [path, text] of present) {
      if (TF_FILE.test(path)) for (const [name, range] of terraformResources(text)) located.push({ path, name, type: name.split(".")[0], range });
      else for (const [id, r] of cloudformationResources(text)) located.push({ path, name: `${r.type}.${id}`, id, type: r.type, range: r.range });
    }
    let labels = c.labels;
    // A label's resource: by its full name, else (CloudFormation, where checkov names a SAM resource by the type it
    // becomes) by logical id.
    const matches = (l) => {
      const exact = located.filter((r) => r.name === l.resource);
      return exact.length ? exact : located.filter((r) => r.id && l.resource.endsWith(`.${r.id}`));
    };
    if (c.byName) {
      const named = located.filter((r) => c.byName.types.includes(r.type) && /pass|fail/i.test(r.path) && !/unknown/i.test(r.path));
      const pass = named.filter((r) => /pass/i.test(r.path.slice(r.path.lastIndexOf("/")))), fail = named.filter((r) => !/pass/i.test(r.path.slice(r.path.lastIndexOf("/"))));
      if (pass.length !== c.byName.passed || fail.length !== c.byName.failed) { skipped.push(`${c.check} (${c.kind}): file names (${pass.length} pass, ${fail.length} fail) disagree with the test's counts (${c.byName.passed}, ${c.byName.failed})`); continue; }
      labels = [...pass.map((r) => ({ resource: r.name, expect: false, at: r })), ...fail.map((r) => ({ resource: r.name, expect: true, at: r }))];
    }
    if (!c.byName) {
      // Labels name resources without their file: a name in both lists, or defined in two files of the example,
      // cannot be placed (checkov's own sets are then a slip or ambiguous), so it is not scored.
      const bad = new Map();
      for (const l of labels) {
        if (labels.some((m) => m.expect !== l.expect && m.resource === l.resource)) bad.set(l.resource, "is labelled both passing and failing");
        else if (matches(l).length > 1) bad.set(l.resource, "is defined more than once in the example");
      }
      for (const [r, why] of bad) skipped.push(`${c.check} (${c.kind}): resource ${r} ${why}`);
      labels = labels.filter((l) => !bad.has(l.resource));
    }
    const findings = await scanAdded(present);
    for (const l of labels) {
      const at = l.at ?? matches(l)[0];
      const r = { peer: "checkov", rule: `${c.check} ${c.ckv} (${c.kind})`, file: `${c.dir}`, resource: l.resource, area: c.area, scope: c.scope, why: c.why, expect: l.expect };
      if (!at) { skipped.push(`${c.check} (${c.kind}): resource ${l.resource} not located in the example`); continue; }
      r.file = c.texts ? c.dir : `${c.dir}/${at.path.slice(`infra/${c.check}/`.length)}`;
      r.line = at.range[0] + (c.lineOffset ?? 0);
      const inside = findings.filter((f) => f.path === at.path && f.line >= at.range[0] && f.line <= at.range[1]);
      const hit = inside.filter((f) => f.area === c.area);
      r.outcome = l.expect ? (hit.length ? "tp" : "fn") : (hit.length ? "fp" : "tn");
      if (hit.length) r.ours = [...new Set(hit.map((f) => f.ruleId))].join(",");
      if (r.outcome === "fn") {
        if (inside.length) { r.cause = "reported in another area"; r.ours = [...new Set(inside.map((f) => `${f.ruleId} (${f.area})`))].join(","); }
        else {
          // A companion: another resource of the example that names this one (aws_s3_bucket_acl with
          // `bucket = aws_s3_bucket.x.id`, a listener with `!Ref LoadBalancer`) and holds a finding of the area.
          const ref = at.id ? new RegExp(`\\b${at.id}\\b`) : new RegExp(`\\b${at.name.replace(".", "\\.")}\\b`);
          const body = (x) => present.get(x.path).split("\n").slice(x.range[0] - 1, x.range[1]).join("\n");
          const companion = located.some((x) => x.path === at.path && x.name !== at.name && ref.test(body(x)) && findings.some((f) => f.area === c.area && f.path === x.path && f.line >= x.range[0] && f.line <= x.range[1]));
          r.cause = companion ? "reported on a companion resource" : "not recognised";
        }
      }
      results.push(r);
    }
  }
  return { results, skipped };
}
