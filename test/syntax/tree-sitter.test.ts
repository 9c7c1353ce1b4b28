// The tree-sitter SyntaxParser: calls, callees, thrown errors and the names their arguments use, in each grammar
// the syntax rules read; and what the scan says when a file cannot be parsed.
import { describe, expect, it } from "vitest";
import type { Language } from "../../src/engine/files/languages.js";
import { runScan } from "../../src/engine/scan.js";
import type { SyntaxParser } from "../../src/engine/syntax/model.js";
import { loadDefaultRules } from "../../src/defaults/rules.js";
import { patchSource } from "../../src/platforms/local/patch-source.js";
import { loadReviewPolicy } from "../../src/review/review.js";
import { treeSitterParser } from "../../src/syntax/tree-sitter.js";
import { toSarif } from "../../src/reporters/sarif.js";
import { toAnnotation } from "../../src/platforms/github/finding-text.js";
import { annotationCommand } from "../../src/platforms/action/workflow-commands.js";

const parser = treeSitterParser();

async function calls(language: Language, path: string, code: string) {
  expect(await parser.load(language, path)).toBe(true);
  return parser.calls(language, path, code)!;
}

const leafNames = (call: { names: { text: string; owner?: boolean }[] }) => call.names.filter((n) => !n.owner).map((n) => n.text);

describe("tree-sitter syntax parser", () => {
  it.each([
    ["python", "a.py", 'raise ValueError(f"bad dob {patient.dob}")', "ValueError", ["dob", "dob"]],
    ["javascript", "a.js", "throw new Error(`no consent for ${patient.firstName}`);", "new Error", ["for", "firstName"]],
    ["typescript", "a.tsx", "const x = () => { throw new Error(`x ${p.ssn}`); };", "new Error", ["x", "ssn"]],
    ["java", "A.java", 'class A { void f() { throw new IllegalArgumentException("MRN " + mrn); } }', "new IllegalArgumentException", ["mrn"]],
    ["go", "a.go", 'package a\nfunc f() error { return fmt.Errorf("ssn %s", p.SSN) }', "fmt.Errorf", ["ssn", "SSN"]],
    ["ruby", "a.rb", 'raise ArgumentError, "invalid SSN #{patient.ssn}"', "raise", ["ArgumentError", "SSN", "ssn"]],
    ["php", "a.php", 'throw new RuntimeException("No order for {$patient->last_name}");', "new RuntimeException", ["for", "last_name"]],
    ["csharp", "A.cs", 'class A { void F() { throw new InvalidOperationException($"auth {patient.BirthDate}"); } }', "new InvalidOperationException", ["auth", "BirthDate"]],
    ["kotlin", "A.kt", 'fun f() { throw IllegalStateException("No consent for ${patient.fullName}") }', "IllegalStateException", ["for", "fullName"]],
    ["elixir", "a.ex", 'raise ArgumentError, "no consent for #{patient.last_name}"', "raise", ["for", "last_name"]],
  ] as const)("%s: a thrown call, its callee, the members its message reads and the words that label them", async (language, path, code, callee, names) => {
    const [call] = (await calls(language as Language, path, code)).filter((c) => c.thrown);
    expect(call?.callee).toBe(callee);
    expect(leafNames(call!)).toEqual(names);
  });

  it("reads keys (string keys too) and never the text of a string literal", async () => {
    const [call] = await calls("javascript", "a.js", "analytics.identify(id, {\n  name: profile.fullName,\n  'birth_date': x,\n  note: 'the dob is private',\n});");
    expect(call!.callee).toBe("analytics.identify");
    expect(leafNames(call!)).toEqual(["id", "name", "fullName", "birth_date", "x", "note"]);
    expect(call!.names.find((n) => n.text === "birth_date")!.line).toBe(3);
  });

  it("marks a key whose value is a record serialised whole, and reads a comprehension's iterable as not handed on", async () => {
    const [call] = await calls("python", "a.py", 'logger.info("x", extra={"encounters": [p.dict() for p in batch.encounters], "patient": p.id, "ids": [e.id for e in encounters]})');
    const named = (text: string) => call!.names.filter((n) => n.text === text);
    expect(named("encounters")).toEqual([
      { text: "encounters", line: 1, key: true, whole: true },
      { text: "encounters", line: 1, of: "batch", wrapped: true },
      { text: "encounters", line: 1, wrapped: true },
    ]);
    // a key over an id is no whole record
    expect(named("patient")).toEqual([{ text: "patient", line: 1, key: true }]);
    const [js] = await calls("javascript", "a.js", "log.info({ sent_subscriber: req.toJSON(), subscriber: sub.id });");
    expect(js!.names.filter((n) => n.key)).toEqual([
      { text: "sent_subscriber", line: 1, key: true, whole: true },
      { text: "subscriber", line: 1, key: true },
    ]);
  });

  it("marks what a member is read from as its owner", async () => {
    const [call] = await calls("python", "a.py", "logger.info('x', patient.id, patient)");
    expect(call!.names).toEqual([
      { text: "patient", line: 1, owner: true },
      { text: "id", line: 1, of: "patient" },
      { text: "patient", line: 1 },
    ]);
  });

  it("reads a record serialised whole as the record (`patient.to_dict()`), not as an owner", async () => {
    const leaf = async (language: Parameters<typeof calls>[0], path: string, code: string) => leafNames((await calls(language, path, code))[0]!);
    expect(await leaf("python", "a.py", "logger.error('sync failed %s', patient.to_dict())")).toContain("patient");
    expect(await leaf("python", "a.py", "log.warning('x', submission=submission.model_dump(mode='json'))")).toContain("submission");
    expect(await leaf("javascript", "a.js", "logger.info('x', patient.toJSON())")).toContain("patient");
    // any other member call reads from the record
    expect(await leaf("python", "a.py", "logger.error('sync failed %s', patient.get_id())")).not.toContain("patient");
  });

  it("names what a member is read from by its last name, through calls and chains, in each grammar", async () => {
    const of = async (language: Parameters<typeof calls>[0], path: string, code: string, name: string) =>
      (await calls(language, path, code)).flatMap((c) => c.names).find((n) => n.text === name)?.of;
    const java = "class A { void f() { throw new IllegalArgumentException(\"x\" + m.getDescriptorForType().getFullName() + d.getFullName()); } }";
    expect(await of("java", "A.java", java, "getFullName")).toBe("getDescriptorForType");
    expect(await of("javascript", "a.js", "log.info(res.patient.birthDate)", "birthDate")).toBe("patient");
    expect(await of("go", "a.go", "package a\nfunc f() { log.Print(p.Member().DOB) }", "DOB")).toBe("Member");
    expect(await of("python", "a.py", "logger.info(type_.full_name)", "type_")).toBeUndefined();
  });

  it("marks names read inside another call: a conversion or serialiser passes them on, any other helper does not", async () => {
    const [call] = await calls("python", "a.py", "logger.info('x', summarize(patients), json.dumps(patient), str(member))");
    const flags = Object.fromEntries(call!.names.map((n) => [n.text, n.wrapped ?? false]));
    expect(flags).toEqual({ summarize: false, patients: true, json: false, dumps: false, patient: false, str: false, member: false });
  });

  it("reads a trailing lambda as its call's argument, the call's callee the one before it (Kotlin's `logEvent(name) { param(…) }`)", async () => {
    const code = 'fun f(trip: Trip) {\n  analytics.logEvent(event) {\n    param("rider_name", trip.riderName)\n  }\n}';
    const call = (await calls("kotlin", "A.kt", code)).find((c) => c.names.some((n) => n.text === "riderName") && c.callee === "analytics.logEvent");
    expect(call, "the trailing lambda's call, named by the call before it").toBeDefined();
    // Firebase's `param(…)` passes on what it is given
    expect(call!.names.find((n) => n.text === "riderName")?.wrapped ?? false).toBe(false);
  });

  it("reads a list joined into text as the list (`intake.conditions.join(',')`), not as what `join` is read from", async () => {
    const [call] = (await calls("typescript", "a.ts", "segment.track('x', { c: intake.conditions.join(','), p: path.join(a, b) });")).filter((c) => c.callee === "segment.track");
    const conditions = call!.names.find((n) => n.text === "conditions");
    expect(conditions).toMatchObject({ of: "intake" });
    expect(conditions).not.toHaveProperty("owner");
  });

  it("reads a collection filtered or sorted as the collection (`passport.medications.filter { … }`), not as what it is read from", async () => {
    const code = 'fun f(passport: Passport) {\n  crashlytics.setCustomKey("meds", passport.medications.filter { it.active }.joinToString(",") { it.displayName })\n}';
    const [call] = (await calls("kotlin", "A.kt", code)).filter((c) => c.callee === "crashlytics.setCustomKey");
    const medications = call!.names.find((n) => n.text === "medications");
    expect(medications).toMatchObject({ of: "passport" });
    expect(medications).not.toHaveProperty("owner");
    const [ts] = (await calls("typescript", "a.ts", "logger.info('dx', { dx: visit.diagnoses.filter((d) => d.active) });")).filter((c) => c.callee === "logger.info");
    const diagnoses = ts!.names.find((n) => n.text === "diagnoses");
    expect(diagnoses).toMatchObject({ of: "visit" });
    expect(diagnoses).not.toHaveProperty("owner");
  });

  it("reads a call on a name assigned from another call through that assignment (`via`), only when the callee itself is not wanted", async () => {
    const code = [
      "bound = log.bind(request_id=rid)",
      "bound.info('received', referral=body)",
      "client = other()",
      "bound = client.make()",
      "bound.info('later')",
      "unknown.info('x')",
    ].join("\n");
    expect(await parser.load("python", "a.py")).toBe(true);
    const all = parser.calls("python", "a.py", code)!;
    // the name's last assignment above the call is the one read
    expect(all.filter((c) => c.callee === "bound.info").map((c) => c.via)).toEqual(["log.bind(request_id=rid).info", "client.make().info"]);
    expect(all.find((c) => c.callee === "unknown.info")?.via).toBeUndefined();
    // with a filter: a wanted callee is not looked up; an unwanted one is kept when what it is read through is wanted
    const wanted = parser.calls("python", "a.py", code, undefined, (callee) => /(^|\.)log\.bind\(.*\)\.info$/.test(callee))!;
    expect(wanted.map((c) => [c.callee, c.via, c.startLine])).toEqual([["bound.info", "log.bind(request_id=rid).info", 2]]);
    // Go's `:=`, a typed declaration, and PHP's `$name` are assignments too
    expect(await parser.load("go", "a.go")).toBe(true);
    const go = parser.calls("go", "a.go", 'package a\nfunc f() {\n\tlogger := h.log.With("route", p)\n\tlogger.Info("x", "dob", form.Dob)\n}')!;
    expect(go.find((c) => c.callee === "logger.Info")?.via).toBe('h.log.With("route", p).Info');
    expect(await parser.load("php", "a.php")).toBe(true);
    const php = parser.calls("php", "a.php", "<?php\n$log = $logger->withName('intake');\n$log->info('x', ['dob' => $p->dob]);")!;
    expect(php.find((c) => c.callee === "$log->info")?.via).toBe("$logger->withName('intake')->info");
  });

  it("reads a runner handed a function to call later as a call of that function (`via`), its arguments as that call's", async () => {
    const code = [
      "background.add_task(analytics.track, parent.email, 'weight_check', {'infant_dob': infant.dob})",
      "loop.run_in_executor(None, audit.send, patient.mrn)",
      "executor.submit(compute_score(x), patient.mrn)",
      "background.add_task(cleanup)",
    ].join("\n");
    expect(await parser.load("python", "a.py")).toBe(true);
    const wanted = (callee: string) => /(^|\.)(track|send)$/.test(callee);
    const calls = parser.calls("python", "a.py", code, undefined, wanted)!;
    expect(calls.map((c) => [c.callee, c.via, c.startLine])).toEqual([
      ["background.add_task", "analytics.track", 1],
      ["loop.run_in_executor", "audit.send", 2],
    ]);
    expect(calls[0]!.names.map((n) => n.text)).toEqual(expect.arrayContaining(["email", "infant_dob", "dob"]));
    // a function built by a call, or a runner's callee not wanted, is not read so
    expect(parser.calls("python", "a.py", code, undefined, (callee) => callee === "compute_score")!.map((c) => c.callee)).toEqual(["compute_score"]);
  });

  it("reads a plain name handed to a call through its value's assignment above, in the same function, one step only", async () => {
    const code = [
      "def checkin(patient, patients):",
      '    label = f"{patient.first_name} {patient.last_name}"  # shown on the kiosk',
      "    count = len(patients)",
      "    alias = label",
      "    log.info('checked in %s of %s', label, count)",
      "    log.info('again %s', alias)",
      "",
      "def other():",
      "    log.info('unrelated %s', label)",
      "",
      "def verify(patient, given):",
      "    ok = patient.birth_date == given",
      "    log.info('verified %s', ok)",
      "    if not ok:",
      "        log.warning('mismatch for %s', label)",
      "    label = patient.last_name",
      "    if given:",
      "        log.warning('mismatch for %s', label)",
    ].join("\n");
    expect(await parser.load("python", "a.py")).toBe(true);
    const [first, again, other, verified] = parser.calls("python", "a.py", code)!.filter((c) => c.callee === "log.info");
    const [beforeAssigned, insideIf] = parser.calls("python", "a.py", code)!.filter((c) => c.callee === "log.warning");
    // (what the format string's words label is another test's)
    const read = (call: typeof first) => call!.names.filter((n) => !n.label).map((n) => `${n.text}${n.owner ? "^" : ""}${n.wrapped ? "~" : ""}@${n.line}`);
    // the value's names are read on the line the name was handed on; what a helper (`len`) is given is its business
    expect(read(first)).toEqual(["label@5", "count@5", "patient^@5", "first_name@5", "patient^@5", "last_name@5"]);
    // `alias = label` is followed one step: to `label`, not to its value
    expect(read(again)).toEqual(["alias@6", "label@6"]);
    // a value assigned in another function is not this call's
    expect(read(other)).toEqual(["label@9"]);
    // a comparison holds a yes or no, not the birth date it compared
    expect(read(verified)).toEqual(["ok@13"]);
    // an `if` body is the same function: the assignment above it is read; one in another function is not
    expect(read(beforeAssigned)).toEqual(["label@15"]);
    expect(read(insideIf)).toEqual(["label@18", "patient^@18", "last_name@18"]);
  });

  it.each([
    ["typescript", "a.ts", "function f(req) {\n  const keyword = req.body.Body.trim();\n  logger.info({ keyword: OPT_OUT.has(keyword) ? keyword : 'other', mrn: p.mrn });\n}"],
    ["python", "a.py", "def f(req):\n    keyword = req.body\n    log.info('k', extra={'keyword': keyword if keyword in KNOWN else 'other', 'mrn': p.mrn})"],
    ["java", "A.java", "class A { void f(Req req) {\n  String keyword = req.body;\n  log.info(\"{} {}\", KNOWN.contains(keyword) ? keyword : \"other\", p.mrn);\n} }"],
    ["kotlin", "A.kt", "fun f(req: Req) {\n  val keyword = req.body\n  log.info(\"{} {}\", if (keyword in KNOWN) keyword else \"other\", p.mrn)\n}"],
  ] as const)("%s: a conditional that hands a name on only as a member of a fixed set does not read it (nor its assignment)", async (language, path, code) => {
    const call = (await calls(language as Language, path, code)).find((c) => /^(logger|log)\.info$/.test(c.callee))!;
    const read = call.names.filter((n) => !n.owner && !n.key && !n.label).map((n) => `${n.text}${n.wrapped ? "~" : ""}`);
    // the condition is a test, read as what a helper is given; the value handed on, and what it was assigned from
    // (`req.body`), is not read
    expect(read.filter((n) => /body/i.test(n))).toEqual([]);
    expect(read.filter((n) => n.startsWith("keyword"))).toEqual(["keyword~"]);
    expect(read).toContain("mrn");
  });

  it("still reads what a conditional hands on when its condition tests no membership", async () => {
    const [call] = (await calls("typescript", "a.ts", "logger.info({ who: verbose ? patient : 'redacted' });")).filter((c) => c.callee === "logger.info");
    expect(call!.names.filter((n) => !n.key).map((n) => `${n.text}${n.wrapped ? "~" : ""}`)).toEqual(["verbose", "patient"]);
  });

  it("reads a parameter handed whole to a call with what its declaration says: its annotations and its type", async () => {
    const read = async (language: Parameters<typeof calls>[0], path: string, code: string, callee: string) =>
      (await calls(language, path, code)).find((c) => c.callee === callee)!.names.filter((n) => !n.label).map((n) => `${n.text}@${n.line}`);
    const java = 'class C {\n  Void renew(@RequestBody @Valid RenewalRequest request, @Parameter(description = "the patient id") Long id) {\n    log.info("x {} {}", request, id);\n    list.forEach(r -> log.debug("{}", r));\n  }\n}';
    // the declaration's words land on the line the name is handed on; a string in an annotation says nothing
    expect(await read("java", "C.java", java, "log.info")).toEqual(["request@3", "id@3", "RequestBody@3", "Valid@3", "RenewalRequest@3", "Parameter@3", "description@3", "Long@3"]);
    // a lambda's own parameter is not the method's
    expect(await read("java", "C.java", java, "log.debug")).toEqual(["r@4"]);
    // Kotlin keeps annotations beside the parameter; a Go method's receiver list comes before its parameters
    expect(await read("kotlin", "C.kt", "class C {\n  fun renew(@RequestBody request: RenewalRequest) {\n    log.info(\"x {}\", request)\n  }\n}", "log.info")).toEqual(["request@3", "RequestBody@3", "RenewalRequest@3"]);
    expect(await read("go", "a.go", "package a\n\nfunc (h *Handler) save(p *models.Patient) {\n\th.log.Printf(\"%v\", p)\n}", "h.log.Printf")).toEqual(["p@4", "models@4", "Patient@4"]);
    expect(await read("php", "a.php", "<?php\nclass C { public function store(StorePatientRequest $request) {\n  Log::info('x', [$request]);\n} }", "Log::info")).toEqual(["request@3", "StorePatientRequest@3"]);
    // a name assigned above is read through its value instead; a name read inside a helper's call is that helper's
    const py = "def f(payload: PatientIn):\n    payload = redact(payload)\n    log.info('%s', payload)\n    log.info('%s', digest(payload))";
    const [redacted, counted] = (await calls("python", "a.py", py)).filter((c) => c.callee === "log.info");
    expect(redacted!.names.map((n) => n.text)).toEqual(["payload", "redact"]);
    expect(counted!.names.map((n) => n.text)).toEqual(["digest", "payload"]);
  });

  it("reads C# dictionary initializer keys and element keys", async () => {
    const code = 'class A { void F() { t.TrackEvent("x", new Dictionary<string, string> { ["patientName"] = a.B }); Log(row["ssn"]); } }';
    const [track, log] = await calls("csharp", "A.cs", code);
    expect(track!.names.filter((n) => n.key).map((n) => n.text)).toEqual(["patientName"]);
    expect(log!.names.filter((n) => n.key).map((n) => n.text)).toEqual(["ssn"]);
  });

  it("reads the interpolations of a Scala s-string", async () => {
    const [call] = await calls("scala", "A.scala", 'object A { def f() = logger.info(s"for ${m.firstName} born $dob") }');
    expect(leafNames(call!)).toEqual(["s", "born", "for", "firstName", "dob"]);
  });

  it("reads the word a string puts right before an interpolation as a key labelling it, in each grammar's strings", async () => {
    const labels = async (language: Parameters<typeof calls>[0], path: string, code: string) =>
      (await calls(language, path, code)).flatMap((c) => c.names).filter((n) => n.key).map((n) => `${n.text}@${n.line}`);
    expect(await labels("python", "a.py", 'raise E(\n    f"code {ins[2]!r} for {nm1[4]} (SSN {nm1[9]}, DOB: {dmg[2]})"\n)')).toEqual(["DOB@2", "SSN@2", "for@2", "code@2"]);
    expect(await labels("javascript", "a.js", "log.info(`dob=${x} and MRN: ${y} ${z}`)")).toEqual(["MRN@1", "dob@1"]);
    expect(await labels("kotlin", "a.kt", 'fun f() { log.info("dob $x / mrn ${y}") }')).toEqual(["mrn@1", "dob@1"]);
    expect(await labels("php", "a.php", '<?php throw new E("SSN {$x} dob $y");')).toEqual(["dob@1", "SSN@1"]);
    // only the text right before: an earlier interpolation's names, a word cut short or the text after are no labels
    expect(await labels("python", "a.py", 'log.info(f"{p.ssn} {x} {y}:{z}")')).toEqual([]);
    expect(await labels("python", "a.py", `log.info(f"${"a".repeat(60)}ssn {x}")`)).toEqual([]);
    // a string's prefix is no label (`f"{x}"`, `r"%s"`)
    expect(await labels("python", "a.py", 'log.info(f"{x}", r"%s")')).toEqual([]);
    // a format placeholder's label over a count names how many, not the values (`"analytes=%d", len(r.analytes)`)
    expect(await labels("python", "a.py", 'log.info(\n    "parsed id=%s analytes=%d",\n    r.control_id,\n    len(r.analytes),\n)')).toEqual(["id@3"]);
    expect(await labels("javascript", "a.js", 'log.info("allergies=%d dob=%s", p.allergies.length, p.dob)')).toEqual(["dob@1"]);
  });

  it("reads Swift's `forKey:` string as the key of the value stored under it (no other label's)", async () => {
    const keys = async (code: string) => (await calls("swift", "a.swift", code)).flatMap((c) => c.names).filter((n) => n.key).map((n) => n.text);
    expect(await keys('func f() {\n  crashlytics.setCustomValue(appointment.reason, forKey: "next_appointment_reason")\n}')).toContain("next_appointment_reason");
    expect(await keys('func f() {\n  label.text = format(x, withName: "next_appointment_reason")\n}')).not.toContain("next_appointment_reason");
  });

  it("reads a getter's string argument as the key of the value it gives back", async () => {
    const keys = async (language: Parameters<typeof calls>[0], path: string, code: string) =>
      (await calls(language, path, code)).flatMap((c) => c.names).filter((n) => n.key).map((n) => n.text);
    expect(await keys("javascript", "a.js", 'window.dataLayer.push({ event: "x", concern: data.get("concern") })')).toEqual(["event", "concern", "concern"]);
    expect(await keys("python", "a.py", 'log.info("x", extra={"s": form.get("MessageSid")})')).toEqual(["extra", "s", "MessageSid"]);
    // PHP's array keys (`'ssn' => $x`: the grammar names no key field)
    expect(await keys("php", "a.php", "<?php Log::info('x', ['member_ssn' => $a, $b]);")).toEqual(["member_ssn"]);
    // any other call's string argument stays text
    expect(await keys("python", "a.py", 'log.info("x", lookup("dob"))')).toEqual([]);
    const [logged] = (await calls("python", "a.py", 'log.info("x", patient_ref(params.get("mrn")))')).filter((c) => c.callee === "log.info");
    expect(logged!.names.filter((n) => n.key)).toEqual([]);
  });

  it("reads the fields a selector's strings name as keys of what it gives back", async () => {
    const keys = async (language: Parameters<typeof calls>[0], path: string, code: string) =>
      (await calls(language, path, code)).filter((c) => /log|info/i.test(c.callee)).flatMap((c) => c.names).filter((n) => n.key && !n.wrapped).map((n) => n.text);
    expect(await keys("php", "a.php", "<?php Log::info('x', ['student' => $student->only(['id', 'first_name', 'date_of_birth'])]);")).toEqual(["student", "id", "first_name", "date_of_birth"]);
    expect(await keys("javascript", "a.js", 'log.info("x", _.pick(patient, ["ssn", "dob"]))')).toEqual(["ssn", "dob"]);
    expect(await keys("ruby", "a.rb", "Rails.logger.info(patient.slice(:dob, :mrn).to_json)")).toEqual(["dob", "mrn"]);
    // any other call's strings stay text
    expect(await keys("javascript", "a.js", 'log.info("x", _.omit(patient, ["ssn", "dob"]))')).toEqual([]);
  });

  it.each([
    ["python", "a.py", 'logger.info("sent", extra={"n": len(diagnoses), "has": bool(patient.dob)})', 'logger.info("sent", extra={"n": str(diagnoses)})'],
    ["php", "a.php", "<?php Log::info('sent', ['n' => count($allergies), 'has' => isset($row['ssn'])]);", "<?php Log::info('sent', ['n' => json_encode($allergies)]);"],
    ["elixir", "a.ex", 'Logger.info("sent #{Enum.count(diagnoses)}")', 'Logger.info("sent #{inspect(diagnoses)}")'],
    ["go", "a.go", 'package a\nfunc f() { log.Printf("sent %d", len(p.Diagnoses)) }', 'package a\nfunc f() { log.Printf("sent %v", p.Diagnoses) }'],
  ] as const)("%s: a count or presence test of a value hands on neither the value nor its names", async (language, path, tallied, handed) => {
    const read = async (code: string) =>
      (await calls(language as Language, path, code)).filter((c) => /log/i.test(c.callee)).flatMap((c) => c.names).filter((n) => !n.owner && !n.key && !n.label).map((n) => n.text);
    const values = /^(diagnoses|allergies|dob|ssn|Diagnoses)$/;
    expect((await read(tallied)).filter((n) => values.test(n))).toEqual([]);
    expect((await read(handed)).filter((n) => values.test(n)).length).toBeGreaterThan(0);
  });

  it("reads a parsed value as what was parsed: a parser's result carries its input", async () => {
    const read = async (code: string) => (await calls("ruby", "a.rb", code)).filter((c) => /logger/.test(c.callee)).flatMap((c) => c.names).filter((n) => !n.wrapped && !n.owner).map((n) => n.text);
    expect(await read('Rails.logger.info("payload: #{JSON.parse(request.raw_post)}")')).toContain("raw_post");
    expect(await read('Rails.logger.info("count: #{count_rows(request.raw_post)}")')).not.toContain("raw_post");
  });

  it("reads a format string's placeholders: the word before each, or its own name", async () => {
    const labels = async (language: Parameters<typeof calls>[0], path: string, code: string) =>
      (await calls(language, path, code)).flatMap((c) => c.names).filter((n) => n.label).map((n) => n.text);
    expect(await labels("go", "a.go", 'package a\nfunc f() { log.Printf("SSN %s for %-10s (mrn=%d) 100%% done", x, y, z) }')).toEqual(["SSN", "for", "mrn"]);
    expect(await labels("java", "A.java", 'class A { void f() { log.info("DOB {} MRN: {}", x, y); } }')).toEqual(["DOB", "MRN"]);
    expect(await labels("csharp", "A.cs", 'class A { void F() { _logger.LogInformation("Admitted {PatientName} born {DateOfBirth:yyyy-MM-dd} ({0})", a, b, c); } }')).toEqual(["PatientName", "DateOfBirth"]);
    expect(await labels("python", "a.py", 'logger.info("dob=%(dob)s member %s", d, m)')).toEqual(["dob", "member"]);
    // a word before a bracket labels only a value the bracket holds alone
    expect(await labels("java", "A.java", 'class A { void f() { log.info("CBC {} with {} analytes ({} skipped), SSN ({})", a, b, c, d); } }')).toEqual(["CBC", "with", "SSN"]);
    // a string holding no placeholder gives none, and a JSON-like text is no placeholder
    expect(await labels("javascript", "a.js", `log.info('{"ssn": "x"} is masked', y)`)).toEqual([]);
  });

  it("reads a Rust macro's flat token tree by its neighbours: owners, keys, helpers, conversions, inline format arguments", async () => {
    const code = 'fn f() { info!(dob = %body.date_of_birth.to_string(), ?patient, has = body.member_id.is_some(), r = %patient_ref(patient, salt), "x {name:?} {{literal}}"); }';
    const [call] = await calls("rust", "a.rs", code);
    expect(call!.callee).toBe("info!");
    expect(call!.names.map((n) => `${n.text}${n.owner ? "^" : ""}${n.key ? "=" : ""}${n.wrapped ? "()" : ""}`)).toEqual([
      "dob=", "body^", "date_of_birth", "to_string", "patient", "has=", "body^", "member_id^", "is_some", "r=", "patient_ref", "name", "patient()", "salt()",
    ]); // a nested tree is read after the tokens around it
  });

  it("reads a Rust attribute as a call: #[instrument(skip(…), fields(…))]", async () => {
    const code = '#[instrument(skip(state, patient), fields(who = %format!("{} {}", body.given_name, body.family_name)))]\nfn f() {}';
    const [call] = await calls("rust", "a.rs", code);
    expect(call!.callee).toBe("instrument");
    expect(call!.names.filter((n) => n.wrapped).map((n) => n.text)).toEqual(["state", "patient"]);
    expect(leafNames(call!)).toContain("given_name");
  });

  it("reads deeply nested code within its bounds: no stack overflow, no quadratic walk (too complex: no answer)", async () => {
    expect(await parser.load("python", "deep.py")).toBe(true);
    const deep = "x = " + "f(".repeat(5_000) + ")".repeat(5_000);
    expect(parser.calls("python", "deep.py", deep)).toBeUndefined();
    const nested = "x = " + "f(".repeat(200) + "patient.dob" + ")".repeat(200);
    expect(parser.calls("python", "nested.py", nested)?.length).toBe(200);
  });

  it("reads only the calls on the lines asked for, and callees after non-ASCII text", async () => {
    const code = "# é 漢字 😀\nfoo(a)\nlogger.info('ü', b)\n";
    expect((await calls("python", "a.py", code)).map((c) => c.callee)).toEqual(["foo", "logger.info"]);
    expect(parser.calls("python", "a.py", code, new Set([3]))!.map((c) => c.callee)).toEqual(["logger.info"]);
  });

  it("answers no parser for a language without a grammar", async () => {
    expect(await parser.load("dockerfile" as Language, "Dockerfile")).toBe(false);
  });
});

describe("syntax rules in a scan", () => {
  const diff = (path: string, line: string) => `diff --git a/${path} b/${path}\nnew file mode 100644\n--- /dev/null\n+++ b/${path}\n@@ -0,0 +1 @@\n+${line}\n`;

  it("report a finding on the line of the name, with the value masked", async () => {
    const loaded = await loadReviewPolicy({ readBase: async () => undefined, baseLabel: "t" }, { packs: loadDefaultRules() });
    const report = await runScan({ source: patchSource([diff("intake.py", 'raise ValueError(f"bad dob {patient.dob}")')]), policy: loaded.judge, today: "2026-11-20", syntax: treeSitterParser() });
    const finding = report.findings.find((f) => f.ruleId === "phi-in-error-message");
    expect(finding?.line).toBe(1);
  });

  it("say so when a file a syntax rule wanted could not be parsed, never pass silently", async () => {
    const broken: SyntaxParser = { load: async () => true, calls: () => undefined };
    const loaded = await loadReviewPolicy({ readBase: async () => undefined, baseLabel: "t" }, { packs: loadDefaultRules() });
    const report = await runScan({ source: patchSource([diff("intake.py", 'raise ValueError(f"bad dob {patient.dob}")')]), policy: loaded.judge, today: "2026-11-20", syntax: broken });
    expect(report.notices.map((n) => n.message)).toContain("syntax rules were not evaluated: the file could not be parsed (too large, too slow, or no parser for its language)");
  });
});

describe("a finding inside a call spread over several lines", () => {
  const multi = (path: string, lines: string[]) => `diff --git a/${path} b/${path}\nnew file mode 100644\n--- /dev/null\n+++ b/${path}\n@@ -0,0 +1,${lines.length} @@\n${lines.map((l) => `+${l}`).join("\n")}\n`;
  const scan = async (lines: string[]) => {
    const loaded = await loadReviewPolicy({ readBase: async () => undefined, baseLabel: "t" }, { packs: loadDefaultRules() });
    return runScan({ source: patchSource([multi("intake.py", lines)]), policy: loaded.judge, today: "2026-11-20", syntax: treeSitterParser() });
  };
  const call = ["def fail(patient):", "    raise ValueError(", '        "bad record for %s" %', "        patient.last_name,", "    )"];

  it("is reported on the argument's line and spans from the call's first line", async () => {
    const report = await scan(call);
    const finding = report.findings.find((f) => f.ruleId === "phi-in-error-message");
    expect(finding).toMatchObject({ line: 4, startLine: 2 });
  });

  it("reports a log call once when a line rule reads its format string and the syntax rule the value it labels", async () => {
    const logged = ["def apply(card, parsed):", "    logger.info(", '        "ocr_parsed card_id=%s dob=%s",', "        card.pk, parsed.subscriber_dob,", "    )"];
    const audit = (await scan(logged)).findings.filter((f) => f.area === "audit-controls");
    expect(audit.map((f) => [f.ruleId, f.startLine, f.line])).toEqual([["phi-in-log-call", 2, 4]]);
    // a label speaks for the value it labels, on that value's line (`dob=%s` for `card.pk`): one finding there, the
    // format string's line rule folded into it
    const labelOnly = ["def apply(card):", "    logger.info(", '        "ocr_parsed dob=%s",', "        card.pk,", "    )"];
    expect((await scan(labelOnly)).findings.filter((f) => f.area === "audit-controls").map((f) => [f.ruleId, f.startLine, f.line])).toEqual([["phi-in-log-call", 2, 4]]);
    // a label with no value after it stays on the format string's line
    const unfilled = ["def apply(card):", "    logger.info(", '        "ocr_parsed dob=%s"', "    )"];
    expect((await scan(unfilled)).findings.filter((f) => f.area === "audit-controls").map((f) => [f.ruleId, f.line])).toEqual([["phi-fields-logged-multiline", 3]]);
  });

  it("folds only into a finding the policy keeps at least as heavy: an override of the syntax rule keeps the line rule's", async () => {
    const logged = ["def apply(card, parsed):", "    logger.info(", '        "ocr_parsed card_id=%s dob=%s",', "        card.pk, parsed.subscriber_dob,", "    )"];
    const withOverride = async (setting: string) => {
      const config = `overrides:\n  - paths: ["intake.py"]\n    rules: { phi-in-log-call: ${setting} }\n`;
      const loaded = await loadReviewPolicy({ readBase: async (p) => (p === ".hipaa.yml" ? config : undefined), baseLabel: "t" }, { packs: loadDefaultRules() });
      expect(loaded.policy.overrides).toHaveLength(1);
      const report = await runScan({ source: patchSource([multi("intake.py", logged)]), policy: loaded.judge, today: "2026-11-20", syntax: treeSitterParser() });
      return report.findings.filter((f) => f.area === "audit-controls").map((f) => [f.ruleId, f.severity, f.line]);
    };
    // the syntax rule dropped here: the format string's line rule still reports the weakness
    expect(await withOverride("off")).toEqual([["phi-fields-logged-multiline", "error", 3]]);
    // the syntax rule only a note here: the error-level line rule is not folded into it
    expect(await withOverride("note")).toEqual([["phi-fields-logged-multiline", "error", 3], ["phi-in-log-call", "note", 4]]);
  });

  it("does not span a call that starts more than ten lines up: the finding stays on its line", async () => {
    const long = ["def fail(patient):", "    raise ValueError(", ...Array.from({ length: 11 }, (_, i) => `        "part ${i}"`), "        % patient.last_name,", "    )"];
    const finding = (await scan(long)).findings.find((f) => f.ruleId === "phi-in-error-message");
    expect(finding?.line).toBe(14);
    expect(finding).not.toHaveProperty("startLine");
  });

  it("spans the call in the check-run annotation, the Actions workflow command and the SARIF region", async () => {
    const report = await scan(call);
    const finding = report.findings.find((f) => f.ruleId === "phi-in-error-message")!;
    expect(toAnnotation(finding, true)).toMatchObject({ start_line: 2, end_line: 4 });
    expect(annotationCommand({ kind: "error", file: finding.path, line: finding.startLine!, endLine: finding.line, message: "m" })).toBe("::error file=intake.py,line=2,endLine=4::m\n");
    const sarif = toSarif({ report: { ...report, policySource: "t", failOn: "error" }, rules: [], version: "0", informationUri: "https://github.com/x/y" });
    const result = sarif.runs[0]!.results!.find((r) => r.ruleId === "phi-in-error-message")!;
    expect(result.locations![0]!.physicalLocation!.region).toEqual({ startLine: 2, endLine: 4 });
  });

  it("is waived by a waiver above the call's first line (one the change adds is a proposal)", async () => {
    const report = await scan([call[0]!, "    # hipaa-review-ignore phi-in-error-message: synthetic records only in this tool", ...call.slice(1)]);
    const finding = report.findings.find((f) => f.ruleId === "phi-in-error-message");
    expect(finding).toMatchObject({ line: 5, startLine: 3, waiver: { kind: "inline", line: 2, status: "proposed" } });
    expect(report.findings.map((f) => f.ruleId)).not.toContain("waiver-unused");
  });
});
