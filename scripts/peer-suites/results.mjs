/**
 * The generated half of test/peer-suites/RESULTS.md: one row per peer rule or check, then every miss grouped by
 * cause and every false alarm, by peer path and line only (never the labelled code, which for the secret rules is a
 * credential-shaped value).
 */
const tally = (rs) => rs.reduce((s, r) => (s[r.outcome]++, s), { tp: 0, fn: 0, fp: 0, tn: 0 });

/** Scored labels by peer rule: core rules first, then by name. */
function byRule(rs) {
  const m = new Map();
  for (const r of rs) m.set(r.rule, [...(m.get(r.rule) ?? []), r]);
  return [...m].sort(([a, x], [b, y]) => (x[0].scope === y[0].scope ? a.localeCompare(b) : x[0].scope === "core" ? -1 : 1));
}

/** "file: 3, 9, 12" per file, for a list of scored labels. */
function where(rs) {
  const m = new Map();
  for (const r of rs) m.set(r.file, [...(m.get(r.file) ?? []), r.resource ? `${r.resource} (line ${r.line})` : r.line]);
  return [...m].map(([f, ls]) => `\`${f}\`: ${ls.join(", ")}`).join("; ");
}

export function resultsMarkdown(all, peers, notes) {
  const out = [`Peers: ${peers.map((p) => `${p.name} at ${p.commit} (${p.date})`).join(", ")}.`, ""];
  for (const peer of ["semgrep", "checkov"]) {
    const rs = all.filter((r) => r.peer === peer);
    out.push(`### ${peer}: per ${peer === "semgrep" ? "rule" : "check"}`, "", "| scope | area | peer rule or check | tp | fn | fp | tn |", "| --- | --- | --- | ---: | ---: | ---: | ---: |");
    for (const [rule, xs] of byRule(rs).sort(([, a], [, b]) => (a[0].scope + a[0].area).localeCompare(b[0].scope + b[0].area))) {
      const s = tally(xs);
      out.push(`| ${xs[0].scope} | ${xs[0].area} | \`${rule}\` | ${s.tp} | ${s.fn} | ${s.fp} | ${s.tn} |`);
    }
    out.push("");
    const misses = rs.filter((r) => r.outcome === "fn");
    out.push(`### ${peer}: misses by cause (${misses.length})`, "");
    for (const cause of [...new Set(misses.map((r) => r.cause))].sort()) {
      const xs = misses.filter((r) => r.cause === cause);
      out.push(`**${cause}** (${xs.length})`, "");
      for (const [rule, ys] of byRule(xs)) out.push(`- ${ys[0].scope} \`${rule}\`${ys.some((y) => y.ours) ? ` [ours: ${[...new Set(ys.map((y) => y.ours).filter(Boolean))].join("; ")}]` : ""}: ${where(ys)}`);
      out.push("");
    }
    const fps = rs.filter((r) => r.outcome === "fp");
    out.push(`### ${peer}: false alarms (${fps.length})`, "");
    for (const [rule, ys] of byRule(fps)) out.push(`- ${ys[0].scope} \`${rule}\` [ours: ${[...new Set(ys.map((y) => y.ours))].join("; ")}]: ${where(ys)}`);
    out.push("");
  }
  if (notes.length) out.push("### Left out", "", ...notes.map((n) => `- ${n}`), "");
  return out.join("\n");
}
