/**
 * Generates a large, realistic multi-language diff as a stream of chunks (never held whole in memory):
 * new and modified files of typical application code, config and infrastructure, with a sprinkling of
 * violations so the rules do real work.
 */

const TEMPLATES: Record<string, { ext: string; lines: string[] }> = {
  typescript: { ext: "ts", lines: [
    "import { Injectable } from '@nestjs/common';", "export async function handler$N(req: Request, res: Response): Promise<void> {",
    "  const record = await this.repository.findOne({ where: { id: req.params.id } });", "  if (!record) throw new NotFoundException(`record $N not found`);",
    "  res.status(200).json({ id: record.id, updatedAt: record.updatedAt });", "}", "const retries = config.get<number>('http.retries') ?? $N;",
    "  logger.info('request completed', { route: req.path, durationMs: Date.now() - started });", "export const TIMEOUT_MS = $N * 1000;",
    "  return this.http.get(`https://api.internal.example/v2/items/${id}`, { timeout: TIMEOUT_MS });",
  ] },
  javascript: { ext: "js", lines: [
    "const express = require('express');", "router.get('/api/v1/items/:id', async (req, res, next) => {", "  try {",
    "    const item = await Item.findById(req.params.id).lean();", "    res.json(item);", "  } catch (err) { next(err); }", "});",
    "module.exports = { router, version: '$N.0.0' };", "const total = items.reduce((sum, i) => sum + i.quantity * i.price, 0);",
    "  console.log('processed batch', batch.length, 'items in', elapsed, 'ms');",
  ] },
  python: { ext: "py", lines: [
    "from django.db import models", "class Appointment$N(models.Model):", "    scheduled_at = models.DateTimeField(db_index=True)",
    "    status = models.CharField(max_length=32, choices=STATUS_CHOICES, default='pending')", "def get_queryset(self):",
    "        return super().get_queryset().filter(clinic_id=self.request.user.clinic_id)", "    response = requests.get(url, timeout=$N)",
    "    logger.info('sync finished in %s seconds', elapsed)", "    data = json.loads(payload)['items'][$N]", "    return Response(serializer.data, status=200)",
  ] },
  go: { ext: "go", lines: [
    "package handlers", "func (s *Server) handleGet$N(w http.ResponseWriter, r *http.Request) {", "\tid := chi.URLParam(r, \"id\")",
    "\trec, err := s.store.Get(r.Context(), id)", "\tif err != nil {", "\t\thttp.Error(w, err.Error(), http.StatusInternalServerError)", "\t\treturn", "\t}",
    "\t_ = json.NewEncoder(w).Encode(rec)", "\tctx, cancel := context.WithTimeout(r.Context(), $N*time.Second)",
  ] },
  java: { ext: "java", lines: [
    "package com.example.scheduling;", "@RestController", "public class ScheduleController$N {", "    private final ScheduleService service;",
    "    @GetMapping(\"/api/schedules/{id}\")", "    public ResponseEntity<ScheduleDto> get(@PathVariable Long id) {",
    "        return service.find(id).map(ResponseEntity::ok).orElseGet(() -> ResponseEntity.notFound().build());", "    }",
    "    private static final int MAX_PAGE_SIZE = $N;", "        log.debug(\"loaded {} schedules\", page.getNumberOfElements());",
  ] },
  csharp: { ext: "cs", lines: [
    "using Microsoft.AspNetCore.Mvc;", "namespace Clinic.Api.Controllers;", "public class VisitsController$N : ControllerBase", "{",
    "    [HttpGet(\"{id:int}\")]", "    public async Task<IActionResult> Get(int id, CancellationToken ct)",
    "        var visit = await _db.Visits.AsNoTracking().FirstOrDefaultAsync(v => v.Id == id, ct);", "        return visit is null ? NotFound() : Ok(visit);",
    "    }", "    private const int PageSize = $N;",
  ] },
  ruby: { ext: "rb", lines: [
    "class InvoicesController$N < ApplicationController", "  before_action :authenticate_user!", "  def show", "    @invoice = current_account.invoices.find(params[:id])",
    "    render json: InvoiceSerializer.new(@invoice)", "  end", "  scope :recent, -> { where('created_at > ?', $N.days.ago) }", "end",
    "    Rails.logger.info(\"invoice #{@invoice.id} rendered\")", "  validates :amount, numericality: { greater_than: 0 }",
  ] },
  php: { ext: "php", lines: [
    "<?php", "namespace App\\Http\\Controllers;", "class ReportController$N extends Controller", "{",
    "    public function index(Request $request)", "        $reports = Report::where('team_id', $request->user()->team_id)->paginate($N);",
    "        return view('reports.index', compact('reports'));", "    }", "        Log::info('report exported', ['id' => $report->id]);", "}",
  ] },
  terraform: { ext: "tf", lines: [
    "resource \"aws_s3_bucket\" \"assets_$N\" {", "  bucket = \"clinic-assets-$N\"", "  tags = {", "    Environment = var.environment", "  }", "}",
    "resource \"aws_db_instance\" \"db_$N\" {", "  engine            = \"postgres\"", "  storage_encrypted = true", "  instance_class    = \"db.t3.medium\"",
  ] },
  yaml: { ext: "yaml", lines: [
    "apiVersion: apps/v1", "kind: Deployment", "metadata:", "  name: scheduler-$N", "spec:", "  replicas: 3", "  template:",
    "        - name: app", "          image: registry.internal/scheduler:1.$N.0", "          resources: { limits: { memory: 512Mi } }",
  ] },
  shell: { ext: "sh", lines: [
    "#!/usr/bin/env bash", "set -euo pipefail", "for f in \"$@\"; do", "  aws s3 cp \"$f\" \"s3://backups-$N/$(date +%F)/\"", "done",
    "echo \"uploaded $# files\"", "curl -fsSL https://downloads.example.org/tool-$N.tar.gz -o /tmp/tool.tgz", "tar -xzf /tmp/tool.tgz -C /opt", "exit 0", "fi",
  ] },
  csv: { ext: "csv", lines: [
    "id,visit_date,clinic,provider_id,status", "$N,2025-03-04,North,P-$N,completed", "$N,2025-03-05,South,P-$N,cancelled", "$N,2025-03-06,East,P-$N,completed",
    "$N,2025-03-07,West,P-$N,no-show", "$N,2025-03-08,North,P-$N,completed", "$N,2025-03-09,South,P-$N,completed", "$N,2025-03-10,East,P-$N,pending",
    "$N,2025-03-11,West,P-$N,completed", "$N,2025-03-12,North,P-$N,completed",
  ] },
  markdown: { ext: "md", lines: [
    "# Runbook $N", "", "Restart the scheduler with `kubectl rollout restart deploy/scheduler`.", "- Check the dashboard for error rates.",
    "- Page the on-call engineer if latency stays above $N ms.", "See https://docs.internal.example/runbooks for details.", "## Rollback",
    "Use the previous image tag from the release notes.", "| step | owner |", "| --- | --- |",
  ] },
};

const VIOLATIONS = [
  ["javascript", "const agent = new https.Agent({ rejectUnauthorized: false });"],
  ["python", "    r = requests.post('http://claims.partner-gateway.com/submit', json=claim, verify=False)"],
  ["csv", "Jane Roe,536-22-7731,1984-03-12,Boston"],
  ["go", "\ttlsConfig := &tls.Config{InsecureSkipVerify: true}"],
  ["java", "        MessageDigest md = MessageDigest.getInstance(\"MD5\");"],
] as const;

/** Deterministic PRNG (mulberry32), so every run generates the same diff. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GeneratedStats {
  bytes: number;
  addedLines: number;
  files: number;
}

/** Yields diff text in chunks of roughly one file, until `targetBytes` of diff text have been produced. */
export function* generateDiff(targetBytes: number, stats: GeneratedStats, seed = 42): Generator<string> {
  const random = rng(seed);
  const languages = Object.keys(TEMPLATES);
  while (stats.bytes < targetBytes) {
    const language = languages[Math.floor(random() * languages.length)]!;
    const { ext, lines } = TEMPLATES[language]!;
    const n = stats.files++;
    const path = `services/svc-${n % 97}/src/module_${n}.${ext}`;
    const modified = random() < 0.4;
    const size = 100 + Math.floor(random() * 1900);
    const out: string[] = [`diff --git a/${path} b/${path}`];
    if (!modified) out.push("new file mode 100644");
    out.push(`index ${(n * 7919).toString(16).padStart(7, "0")}..${(n * 104729).toString(16).padStart(7, "0")} 100644`);
    out.push(modified ? `--- a/${path}` : "--- /dev/null", `+++ b/${path}`);
    const body: string[] = [];
    let added = 0;
    let context = 0;
    for (let i = 0; i < size; i++) {
      let line = lines[Math.floor(random() * lines.length)]!.replace(/\$N/g, String(Math.floor(random() * 10_000)));
      const violation = VIOLATIONS.find(([l]) => l === language);
      if (violation && random() < 0.001) line = violation[1];
      if (modified && random() < 0.15) {
        body.push(" " + line);
        context++;
      } else {
        body.push("+" + line);
        added++;
      }
    }
    out.push(`@@ -${modified ? 1 : 0},${context} +1,${added + context} @@`, ...body);
    stats.addedLines += added;
    const text = out.join("\n") + "\n";
    stats.bytes += text.length;
    yield text;
  }
}
