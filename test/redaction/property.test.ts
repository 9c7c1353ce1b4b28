// Nothing sensitive in any output: secrets and PHI generated from a seed, written in 23 syntaxes (code in every
// supported language, .env, YAML, JSON, XML, HTML, properties, INI, TOML, SQL, CSV, Markdown, Dockerfile,
// Terraform), each next to a line the rules flag, never appear in the CLI's text, JSON or SARIF, nor in anything the
// App sends to GitHub or writes to its log.
import nock from "nock";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { makeRepo, type Repo } from "../cli/git-fixture.js";
import { runCli } from "../cli/run-cli.js";
import { pullRequestPayload, testProbot } from "../app/app-fixtures.js";
import { fakeGitHub, fileEntry } from "../app/fake-github.js";
import { loadDefaultRules } from "../../src/defaults/rules.js";

/** A small seeded generator (mulberry32), so a failure names the seed that reproduces it. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T,>(xs: readonly T[]) => xs[int(xs.length)]!;
  const chars = (alphabet: string, n: number) => Array.from({ length: n }, () => alphabet[int(alphabet.length)]).join("");
  return { int, pick, chars };
}

interface Values {
  secrets: string[];
  phi: string[];
}

function values(seed: number): Values {
  const r = rng(seed);
  const ALNUM = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  const pad = (n: number, w: number) => String(n).padStart(w, "0");
  const ssn = `${pad(100 + r.int(500), 3)}-${pad(10 + r.int(89), 2)}-${pad(1000 + r.int(8999), 4)}`;
  const dob = `19${40 + r.int(50)}-${pad(1 + r.int(12), 2)}-${pad(10 + r.int(18), 2)}`;
  const phone = `(${pad(201 + r.int(700), 3)}) ${pad(201 + r.int(700), 3)}-${pad(1000 + r.int(8999), 4)}`;
  const mrn = `MRN-${pad(r.int(99_999_999), 8)}`;
  const email = `${r.chars("abcdefghijklmnopqrstuvwxyz", 7)}.${r.chars("abcdefghijklmnopqrstuvwxyz", 5)}@gmail.com`;
  // A DEA number: two letters and seven digits whose last is the check digit.
  const d = Array.from({ length: 6 }, () => r.int(10));
  const check = (d[0]! + d[2]! + d[4]! + 2 * (d[1]! + d[3]! + d[5]!)) % 10;
  const dea = `${r.pick(["A", "B", "F", "M"])}${r.pick([..."ABCDEFGHJKLMNPRSTUWXYZ"])}${d.join("")}${check}`;
  return {
    secrets: [
      `${r.chars(ALNUM, 6)}-${r.chars(ALNUM, 6)}-${r.chars(ALNUM, 4)}`,
      `пароль-Секрет-${r.chars("0123456789", 4)}`,
      `Größe-Geheimnis-${r.chars("0123456789", 4)}`,
      `${r.chars(ALNUM, 5)}&${r.chars(ALNUM, 5)}&${r.chars(ALNUM, 5)}`,
      `AKIA${r.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)}`,
    ],
    phi: [ssn, dob, phone, mrn, email, dea],
  };
}

/** One file per syntax; each line pairs a value with something a rule flags on that line. */
function files(v: Values): Record<string, string> {
  const [s1, s2, s3, s4, key] = v.secrets as [string, string, string, string, string];
  const [ssn, dob, phone, mrn, email, dea] = v.phi as [string, string, string, string, string, string];
  const phiLine = `ssn ${ssn} dob ${dob} phone ${phone} ${mrn} ${email} dea ${dea}`;
  return {
    "src/app.js": `const password = "${s1}";\nconsole.log("patient", patient.ssn, "${phiLine}");\n`,
    "src/app.ts": `export const apiKey: string = "${s2}";\nlogger.info(\`dob \${patient.dob} ${phiLine}\`);\n`,
    "app/main.py": `DB_PASSWORD = "${s3}"\nlogging.info("admitting %s ${phiLine}", patient.ssn)\n`,
    "cmd/server/main.go": `var password = "${s4}"\nlog.Printf("patient %s ${phiLine}", p.SSN)\n`,
    "src/main/java/App.java": `String password = "${s1}";\nlog.info("dob " + patient.getDob() + " ${phiLine}");\n`,
    "src/main/kotlin/App.kt": `val password = "${s2}"\nlogger.info("patient ssn \${patient.ssn} ${phiLine}")\n`,
    "src/Program.cs": `var password = "${s3}";\n_logger.LogInformation("patient {Ssn} ${phiLine}", patient.Ssn);\n`,
    "app/models/record.rb": `PASSWORD = "${s4}"\nRails.logger.info("patient #{patient.ssn} ${phiLine}")\n`,
    "public/index.php": `$password = "${s1}";\nerror_log("patient " . $patient->ssn . " ${phiLine}");\n`,
    "scripts/deploy.sh": `export DB_PASSWORD="${s2}"\necho "patient ${phiLine}" | curl -k https://api.partner-ehr.com/upload -d @-\n`,
    ".env": `DB_PASSWORD=${s3}\nAWS_ACCESS_KEY_ID=${key}\n`,
    "deploy/app.yaml": `password: "${s4}"\nnote: "${phiLine}"\napi_key: "${s1}"\n`,
    "config/settings.json": `{\n  "password": "${s2}",\n  "patient": "${phiLine}",\n  "apiKey": "${s3}"\n}\n`,
    "config/settings.xml": `<config>\n  <password>${s4}</password>\n  <note>${phiLine}</note>\n  <apiKey>${s1}</apiKey>\n</config>\n`,
    "public/login.html": `<form><input type="password" name="password" value="${s2}"><p>${phiLine}</p></form>\n`,
    "src/main/resources/application.properties": `spring.datasource.password=${s3}\npatient.note=${phiLine}\n`,
    "config/settings.ini": `[db]\npassword = ${s4}\nnote = ${phiLine}\n`,
    "config/settings.toml": `password = "${s1}"\nnote = "${phiLine}"\n`,
    "db/seed.sql": `CREATE USER app WITH PASSWORD '${s2}';\nINSERT INTO patients (ssn, dob, phone, mrn, email) VALUES ('${ssn}', '${dob}', '${phone}', '${mrn}', '${email}');\n`,
    "data/patients.csv": `name,ssn,dob,phone,mrn,email\nJane Roe,${ssn},${dob},${phone},${mrn},${email}\n`,
    "docs/notes.md": `Call the patient at ${phone}; SSN ${ssn}, DOB ${dob}, ${mrn}, ${email}. Password: ${s3}. Prescriber DEA ${dea}\n`,
    "docs/notes.txt": `Prescriber DEA number ${dea}, patient ${mrn}, phone ${phone}\n`,
    Dockerfile: `FROM node:20\nENV DB_PASSWORD=${s4}\nRUN echo "${phiLine}"\n`,
    "infra/main.tf": `resource "aws_db_instance" "main" {\n  password = "${s1}"\n  storage_encrypted = false\n}\n# ${phiLine}\n`,
  };
}

const SEEDS = [11, 2026, 90210];

function leaks(output: string, v: Values): string[] {
  return [...v.secrets, ...v.phi].filter((value) => output.includes(value));
}

describe("no secret or PHI value appears in any output", () => {
  describe.each(SEEDS.map((s) => [s]))("seed %i", (seed) => {
    const v = values(seed);
    let repo: Repo;
    beforeAll(() => {
      repo = makeRepo();
      repo.commit("base", { "README.md": "# portal\n" });
      repo.git("checkout", "-q", "-b", "feature");
      repo.commit("feature", files(v));
    });
    afterAll(() => repo.remove());

    it.each([["text"], ["json"], ["sarif"]])("the CLI's %s report", async (format) => {
      const { code, stdout, stderr } = await runCli(["scan", "--base", "main", "--format", format], { cwd: repo.dir, now: "2026-11-20T12:00:00Z" });
      expect(code).toBe(1);
      expect(stdout.length).toBeGreaterThan(1000);
      expect(leaks(stdout + stderr, v)).toEqual([]);
    });
  });

  describe("the App", () => {
    beforeEach(() => nock.disableNetConnect());
    afterEach(() => {
      nock.cleanAll();
      nock.enableNetConnect();
    });

    it.each(SEEDS.map((s) => [s]))("seed %i: check run, annotations, review comments and logs", async (seed) => {
      const v = values(seed);
      const t = await testProbot({ packs: loadDefaultRules() });
      const payload = pullRequestPayload("opened");
      const entries = Object.entries(files(v)).map(([path, text]) => fileEntry(path, text.replace(/\n$/, "").split("\n")));
      const gh = fakeGitHub(
        { owner: "Codertocat", repo: "Hello-World", number: payload.number, headSha: payload.pull_request.head.sha, baseSha: payload.pull_request.base.sha, installationId: payload.installation.id, files: entries },
        { checkUpdates: 0, reviews: 1 },
      );
      await t.probot.receive({ id: `redaction-${seed}`, name: "pull_request", payload } as never);
      await t.app.queue.onIdle();
      const sent = JSON.stringify(gh.requests);
      expect(sent).toContain("annotations");
      expect(leaks(sent + t.logs.join(""), v)).toEqual([]);
    });
  });
});
