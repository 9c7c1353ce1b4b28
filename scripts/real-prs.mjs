#!/usr/bin/env node
// Re-scans the real merged pull requests recorded in test/real-prs/*.yml and compares the findings
// with the verdicts recorded there (tp | acceptable | false-alarm).
//
//   node scripts/real-prs.mjs [--mirrors DIR] [--cli PATH] [--only owner/name] [--jobs N]
//
// --mirrors  folder holding the bare git mirrors, one per repository, named as in each file's `mirror:`
//            (default /work/.mirror). The git dir is DIR/<mirror> itself or a subfolder of it (e.g. repo/).
// --cli      the hipaa-review CLI entry point (default dist/src/cli/bin.js relative to the repo root).
// --only     re-scan one repository (owner/name) only.
// --jobs     repositories scanned at once (default 2), each in a child process running the CLI in-process.
// --false-alarms  also list each error/warning finding recorded as a false alarm, with its recorded reason.
// --gone     also list each recorded finding (with a verdict) that the scan no longer reports: a rule change's effect.
//
// Exit 1 when more than 1 in 200 PRs is wrongly blocked (blocked with no blocking finding recorded `tp`),
// when any error/warning finding has no recorded verdict, or when a scan fails (exit 2 / no JSON);
// otherwise 0. Never prints snippets or flagged values: only rule, repository, sha and path:line.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
function opt(name, def) {
  const i = args.indexOf(name);
  if (i === -1) return def;
  if (i + 1 >= args.length) die(`${name} needs a value`);
  return args[i + 1];
}
function die(msg) {
  process.stderr.write(`real-prs: ${msg}\n`);
  process.exit(2);
}
const showFalse = args.includes('--false-alarms');
const showGone = args.includes('--gone');
const valued = args.filter((a) => a !== '--false-alarms' && a !== '--gone');
for (let i = 0; i < valued.length && valued[0] !== '--worker'; i += 2) {
  if (!['--mirrors', '--cli', '--only', '--jobs'].includes(valued[i])) die(`unknown argument ${valued[i]}`);
}
const mirrorsDir = path.resolve(opt('--mirrors', '/work/.mirror'));
const cli = path.resolve(root, opt('--cli', 'dist/src/cli/bin.js'));
const only = opt('--only', null);
const jobs = Math.max(1, Number(opt('--jobs', '2')) || 2);
const dataDir = path.join(root, 'test', 'real-prs');
if (!fs.existsSync(cli)) die(`CLI not found: ${cli} (build it, or pass --cli)`);

const isGitDir = (d) => fs.existsSync(path.join(d, 'HEAD')) && fs.existsSync(path.join(d, 'objects'));
function findGitDir(base) {
  if (!fs.existsSync(base)) return null;
  if (isGitDir(base)) return base;
  for (const cand of ['repo', '.git', 'repo.git', 'repo/.git']) if (isGitDir(path.join(base, cand))) return path.join(base, cand);
  // any direct or second-level subfolder that is a git dir
  for (const e of fs.readdirSync(base, { withFileTypes: true })) {
    if (!e.isDirectory()) continue;
    const d = path.join(base, e.name);
    if (isGitDir(d)) return d;
    for (const e2 of fs.readdirSync(d, { withFileTypes: true })) {
      if (e2.isDirectory() && isGitDir(path.join(d, e2.name))) return path.join(d, e2.name);
    }
  }
  return null;
}

/**
 * Scans every PR of one repository in a child process that runs the CLI's own `main` in-process for each (as the
 * CLI would, without paying its start-up per PR), printing one JSON line per PR.
 */
function scanRepo(gitDir, prs, onResult) {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [fileURLToPath(import.meta.url), '--worker', cli], {
      env: { ...process.env, GIT_DIR: gitDir },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let buffer = '';
    p.stdout.on('data', (b) => {
      buffer += b;
      let nl;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (line.trim()) onResult(JSON.parse(line));
      }
    });
    p.on('close', resolve);
    p.stdin.end(JSON.stringify(prs.map((pr) => ({ pr: pr.pr, base: pr.base, head: pr.head }))));
  });
}

if (args[0] === '--worker') {
  const { main } = await import(path.resolve(args[1], '..', 'main.js'));
  let input = '';
  for await (const chunk of process.stdin) input += chunk;
  for (const pr of JSON.parse(input)) {
    const t0 = Date.now();
    let stdout = '';
    let stderr = '';
    const code = await main(['scan', '--base', pr.base, '--head', pr.head, '--format', 'json'], {
      cwd: process.cwd(),
      stdout: (t) => void (stdout += t),
      stderr: (t) => void (stderr += t),
      stdin: (async function* () {})(),
      stderrIsTty: false,
      stdoutIsTty: false,
      now: () => new Date(),
    });
    let json = null;
    try {
      json = JSON.parse(stdout);
    } catch {
      json = null;
    }
    process.stdout.write(JSON.stringify({ pr: pr.pr, head: pr.head, code, ms: Date.now() - t0, json, stderr: stderr.split('\n')[0].slice(0, 300) }) + '\n');
  }
  process.exit(0);
}

async function pool(items, n, fn) {
  let next = 0;
  const workers = Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  });
  await Promise.all(workers);
}

const files = fs.readdirSync(dataDir).filter((f) => f.endsWith('.yml')).sort();
const repos = [];
for (const f of files) {
  const doc = YAML.parse(fs.readFileSync(path.join(dataDir, f), 'utf8'));
  if (!doc || !doc.repo) continue;
  if (only && doc.repo !== only) continue;
  repos.push({ file: f, ...doc });
}
if (only && repos.length === 0) die(`no test/real-prs file for ${only}`);

const VERDICTS = ['tp', 'acceptable', 'false-alarm'];
const perRepo = [];
const perRule = new Map();
const untriaged = [];
const scanErrors = [];
const slow = [];
const changedBlocked = [];
let totalPRs = 0;
let totalBlocked = 0;
let totalWrong = 0;

const ruleRow = (id) => {
  if (!perRule.has(id)) perRule.set(id, { findings: 0, tp: 0, acceptable: 0, 'false-alarm': 0, untriaged: 0 });
  return perRule.get(id);
};

function record(repo, row, pr, r) {
  totalPRs++;
  if (r.ms > 60000) slow.push(`${repo.repo} ${pr.head} ${(r.ms / 1000).toFixed(0)}s`);
  if (r.code === 2 || r.code === null || !r.json) {
    row.errors++;
    scanErrors.push(`${repo.repo} #${pr.pr} ${pr.head}: exit ${r.code} ${r.stderr}`);
    return;
  }
  const recorded = pr.findings || [];
  const byFp = new Map();
  const byLoc = new Map();
  for (const f of recorded) {
    if (f.fingerprint) byFp.set(String(f.fingerprint), f);
    byLoc.set(`${f.rule}\u0000${f.path}\u0000${f.line}`, f);
  }
  const blocked = r.code === 1;
  if (blocked !== Boolean(pr.blocked)) changedBlocked.push(`${repo.repo} #${pr.pr} ${pr.head}: recorded blocked=${Boolean(pr.blocked)}, now ${blocked}`);
  let blockingTp = false;
  const matched = new Set();
  for (const f of r.json.findings || []) {
    if (f.severity !== 'error' && f.severity !== 'warning') continue;
    const rec = byFp.get(String(f.fingerprint)) || byLoc.get(`${f.ruleId}\u0000${f.path}\u0000${f.line}`);
    if (rec) matched.add(rec);
    const verdict = rec && VERDICTS.includes(rec.verdict) ? rec.verdict : null;
    const rr = ruleRow(f.ruleId);
    rr.findings++;
    if (verdict) {
      rr[verdict]++;
      if (verdict === 'false-alarm') falseAlarms.push(`${f.ruleId}  ${repo.repo}  #${pr.pr}  ${pr.head.slice(0, 10)}  ${f.path}:${f.line}  ${f.severity}  (${rec.reason ?? ''})`);
    } else {
      rr.untriaged++;
      untriaged.push(`${f.ruleId}  ${repo.repo}  #${pr.pr}  ${pr.base}..${pr.head}  ${f.path}:${f.line}  ${f.severity}`);
    }
    if (f.blocking && verdict === 'tp') blockingTp = true;
  }
  for (const f of recorded) if (f.verdict && !matched.has(f)) gone.push(`${f.rule}  ${repo.repo}  #${pr.pr}  ${pr.head.slice(0, 10)}  ${f.path}:${f.line}  was ${f.verdict}`);
  if (blocked) {
    row.blocked++;
    totalBlocked++;
    if (!blockingTp) {
      row.wrong++;
      totalWrong++;
      wrongList.push(`${repo.repo} #${pr.pr} ${pr.head.slice(0, 10)}: ${(r.json.findings || []).filter((f) => f.blocking).map((f) => f.ruleId).join(', ')}`);
    }
  }
}

const wrongList = [];
const falseAlarms = [];
/** Recorded findings the scan no longer reports (a rule changed): listed with --gone, so a change's effect is seen. */
const gone = [];
await pool(repos, jobs, async (repo) => {
  const gitDir = findGitDir(path.join(mirrorsDir, repo.mirror || repo.repo.replace('/', '+')));
  const prs = repo.prs || [];
  const row = { repo: repo.repo, prs: prs.length, blocked: 0, wrong: 0, errors: 0 };
  perRepo.push(row);
  if (!gitDir) {
    process.stderr.write(`real-prs: no git mirror for ${repo.repo} under ${mirrorsDir}; skipped\n`);
    row.missing = true;
    return;
  }
  const byHead = new Map(prs.map((pr) => [pr.head, pr]));
  let done = 0;
  await scanRepo(gitDir, prs, (r) => {
    done++;
    process.stderr.write(`[${repo.repo}] ${done}/${prs.length} #${r.pr} exit=${r.code} ${r.ms}ms\n`);
    record(repo, row, byHead.get(r.head), r);
  });
});
perRepo.sort((a, b) => a.repo.localeCompare(b.repo));

const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);
const pct = (a, b) => (b === 0 ? '-' : `${((100 * a) / b).toFixed(1)}%`);
const out = [];
out.push('Per repository');
out.push(`${pad('repository', 44)}${lpad('PRs', 6)}${lpad('blocked', 9)}${lpad('wrongly', 9)}${lpad('errors', 8)}`);
for (const r of perRepo) {
  out.push(`${pad(r.repo + (r.missing ? ' (no mirror)' : ''), 44)}${lpad(r.prs, 6)}${lpad(r.blocked, 9)}${lpad(r.wrong, 9)}${lpad(r.errors, 8)}`);
}
out.push(`${pad('total', 44)}${lpad(totalPRs, 6)}${lpad(totalBlocked, 9)}${lpad(totalWrong, 9)}${lpad(scanErrors.length, 8)}`);
out.push('');
out.push('Per rule (error and warning findings)');
out.push(`${pad('rule', 40)}${lpad('findings', 9)}${lpad('tp', 5)}${lpad('accept', 7)}${lpad('false', 7)}${lpad('untri', 7)}${lpad('precision', 11)}${lpad('strict', 8)}`);
const rules = [...perRule.entries()].sort((a, b) => b[1].findings - a[1].findings || a[0].localeCompare(b[0]));
const tot = { findings: 0, tp: 0, acceptable: 0, 'false-alarm': 0, untriaged: 0 };
for (const [id, r] of rules) {
  for (const k of Object.keys(tot)) tot[k] += r[k];
  out.push(
    `${pad(id, 40)}${lpad(r.findings, 9)}${lpad(r.tp, 5)}${lpad(r.acceptable, 7)}${lpad(r['false-alarm'], 7)}${lpad(r.untriaged, 7)}${lpad(pct(r.tp + r.acceptable, r.findings), 11)}${lpad(pct(r.tp, r.findings), 8)}`,
  );
}
out.push(
  `${pad('total', 40)}${lpad(tot.findings, 9)}${lpad(tot.tp, 5)}${lpad(tot.acceptable, 7)}${lpad(tot['false-alarm'], 7)}${lpad(tot.untriaged, 7)}${lpad(pct(tot.tp + tot.acceptable, tot.findings), 11)}${lpad(pct(tot.tp, tot.findings), 8)}`,
);
if (showFalse && falseAlarms.length) {
  out.push('');
  out.push(`False alarms (${falseAlarms.length})`);
  for (const l of falseAlarms.sort()) out.push(`  ${l}`);
}
if (showGone && gone.length) {
  out.push('');
  out.push(`Recorded findings no longer reported (${gone.length})`);
  for (const l of gone.sort()) out.push(`  ${l}`);
}
if (untriaged.length) {
  out.push('');
  out.push(`Untriaged error/warning findings (${untriaged.length})`);
  for (const u of untriaged) out.push(`  ${u}`);
}
if (scanErrors.length) {
  out.push('');
  out.push(`Scan errors (${scanErrors.length})`);
  for (const e of scanErrors) out.push(`  ${e}`);
}
if (changedBlocked.length) {
  out.push('');
  out.push(`Blocked status differs from the record (${changedBlocked.length})`);
  for (const c of changedBlocked) out.push(`  ${c}`);
}
if (wrongList.length) {
  out.push('');
  out.push(`Wrongly blocked PRs (${wrongList.length})`);
  for (const w of wrongList) out.push(`  ${w}`);
}
if (slow.length) {
  out.push('');
  out.push(`Scans over 60 s (${slow.length})`);
  for (const s of slow) out.push(`  ${s}`);
}
const limit = totalPRs / 200;
const failWrong = totalWrong > limit;
out.push('');
out.push(
  `wrongly blocked: ${totalWrong} of ${totalPRs} PRs (limit ${limit.toFixed(1)}, 1 in 200)${failWrong ? ' — over the limit' : ''}; untriaged: ${untriaged.length}; scan errors: ${scanErrors.length}`,
);
process.stdout.write(out.join('\n') + '\n');
process.exit(failWrong || untriaged.length > 0 || scanErrors.length > 0 ? 1 : 0);
