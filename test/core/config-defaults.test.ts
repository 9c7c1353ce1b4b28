// A setting read with a fallback is read as the fallback too: the views of a line with its configuration lookups
// replaced by their fallbacks (in place, and as `KEY = fallback`), for every lookup spelling, and none for lines that
// look nothing up with a fallback. The scanner is linear: crafted lines grow its time with their length only.
import { describe, expect, it } from "vitest";
import { defaultViews } from "../../src/engine/matchers/config-defaults.js";
import { foldLine } from "../../src/engine/matchers/pattern-prefilter.js";
import { evaluateFile } from "../../src/engine/evaluate.js";
import { loadDefaultRules } from "../../src/defaults/rules.js";
import { compileRule } from "../../src/engine/rules/compile.js";
import { Ruleset } from "../../src/engine/rules/ruleset.js";
import { DEFAULT_THRESHOLDS, type FileDiff } from "../../src/engine/types.js";

const views = (line: string) => defaultViews(line, foldLine(line)).map((v) => v.text);

describe("defaultViews", () => {
  it.each([
    ['SESSION_COOKIE_AGE = int(os.getenv("SESSION_COOKIE_AGE", str(60 * 60 * 24 * 30)))', "SESSION_COOKIE_AGE = 60 * 60 * 24 * 30"],
    ['SESSION_COOKIE_SECURE = os.getenv("SESSION_COOKIE_SECURE", "false").lower() == "true"', "SESSION_COOKIE_SECURE = false"],
    // a numeric conversion of a quoted number is the number; PHP's casts are dropped
    ['PBKDF2_ITERATIONS = int(os.environ.get("PORTAL_PBKDF2_ITERATIONS", "12000"))', "PBKDF2_ITERATIONS = 12000"],
    ["        'memory' => (int) env('ARGON_MEMORY_KIB', 4096),", "        'memory' => 4096,"],
    // configparser's `get(section, option, fallback=…)`: the option is the key
    ['        verify = cfg.getboolean("tls", "verify", fallback=False)', "        verify = False"],
    // a Bicep parameter's default
    ["param minimumTlsVersion string = 'TLS1_0'", "minimumTlsVersion = 'TLS1_0'"],
    ["  ignoreExpiration: config.get<string>('JWT_IGNORE_EXPIRATION', 'true') === 'true',", "  ignoreExpiration: true,"],
    ["server.servlet.session.cookie.secure=${PORTAL_COOKIE_SECURE:false}", "server.servlet.session.cookie.secure=false"],
    // the shell's and Compose's `${KEY:-fallback}` and `${KEY:=fallback}`
    ['export HTTPS_PROXY="${HTTPS_PROXY:-http://egress-proxy.internal:3128}"', 'export HTTPS_PROXY="http://egress-proxy.internal:3128"'],
    ["      DB_SSLMODE: ${DB_SSLMODE:=disable}", "      DB_SSLMODE: disable"],
    ["    'lifetime' => env('SESSION_LIFETIME', 720),", "    'lifetime' => 720,"],
    ['const verify = process.env.TLS_VERIFY ?? "false";', 'const verify = "false";'],
    // a setting read off a settings object, with a fallback after it
    ["        self._session.verify = settings.fhir_ca_bundle or False", "        self._session.verify = False"],
    ['  rejectUnauthorized: config.tlsVerify ?? false,', "  rejectUnauthorized: false,"],
    ['    verify = current_app.config["VERIFY_SSL"] or False', "    verify = False"],
    ["const SALT_ROUNDS = Number.parseInt(process.env.BCRYPT_ROUNDS, 10) || 4;", "const SALT_ROUNDS = 4;"],
    ['let verifyLIS = Environment.get("LIS_TLS_VERIFY").flatMap(Bool.init) ?? false', "let verifyLIS = false"],
    ['val verifyTls = System.getenv("FHIR_VERIFY_TLS")?.toBoolean() ?: false', "val verifyTls = false"],
    ['let verify = std::env::var("TLS_VERIFY").unwrap_or("false".into());', 'let verify = "false".into();'],
    ['  config.log_level = ENV.fetch("RAILS_LOG_LEVEL", "debug")', '  config.log_level = "debug"'],
    ['  config.force_ssl = ENV.fetch("FORCE_SSL") { "false" } == "true"', "  config.force_ssl = false"],
    ['    expire_after: ENV.fetch("SESSION_TTL_HOURS") { "72" }.to_i.hours', "    expire_after: 72.hours"],
    // an environment variable without a fallback, compared to a literal: unset, it is empty (a switch off by default)
    ["    verifyHmac: process.env.DOCUSIGN_VERIFY_HMAC === 'true',", "    verifyHmac: false,"],
    ['VERIFY_SSL = os.getenv("PARTNER_VERIFY_SSL").lower() == "true"', "VERIFY_SSL = false"],
    ["  secure: process.env.COOKIE_INSECURE !== 'true',", "  secure: true,"],
  ])("reads %s with its fallback in place", (line, inPlace) => {
    expect(views(line)[0]).toBe(inPlace);
  });

  it.each([
    ['\tv.SetDefault("fhir.insecure_skip_verify", true)', "fhir.insecure_skip_verify = true"],
    ['    public SessionListener(@Value("${portal.session.idle-timeout:PT8H}") Duration idleTimeout) {', "portal.session.idle-timeout = PT8H"],
    ['    @Value("\\${payer.tls.verify:false}") private val verifyTls: Boolean,', "payer.tls.verify = false"],
    ["'secure' => env('SESSION_SECURE_COOKIE', false),", "SESSION_SECURE_COOKIE = false"],
    // defaults declared next to the setting's name: struct tags, clap attributes, env schemas, typed fields
    ['\tPayerInsecureSkipVerify bool `envconfig:"PAYER_INSECURE_SKIP_VERIFY" default:"true"`', "PAYER_INSECURE_SKIP_VERIFY = true"],
    ['\tPayerInsecureSkipVerify bool `envconfig:"PAYER_INSECURE_SKIP_VERIFY" default:"true"`', "PayerInsecureSkipVerify = true"],
    ['    #[arg(long, env = "PA_ACCEPT_INVALID_CERTS", default_value_t = true)]', "PA_ACCEPT_INVALID_CERTS = true"],
    ["  COOKIE_SECURE: bool({ default: false }),", "COOKIE_SECURE = false"],
    ["  COOKIE_SECURE: z.coerce.boolean().default(false),", "COOKIE_SECURE = false"],
    ["    val cookieSecure: Boolean = false,", "cookieSecure = false"],
    ["    public bool ValidateServerCertificate { get; set; } = false;", "ValidateServerCertificate = false"],
    ['SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=14 * 24 * 60 * 60)', "SESSION_COOKIE_AGE = 14 * 24 * 60 * 60"],
    ['        password = cfg.get("mqtt", "password", fallback="SpdRfid!2023")', 'password = "SpdRfid!2023"'],
  ])("reads %s as the setting its key names", (line, setting) => {
    expect(views(line)).toContain(setting);
  });

  it.each([
    "x = foo(bar)",
    'const url = config.get("FHIR_BASE_URL");',
    "SESSION_COOKIE_AGE = 900",
    'logger.info("env ready", { envName })',
    'value = settings["timeout"]',
    "if (a == b) { x = 1; }",
    "fun schedule(retries: Int = 5) {",
    // a null default sets nothing (pyjwt's `algorithms` parameter is not `algorithms = none`)
    "        algorithms: Optional[List[str]] = None,",
    // a settings object's value without a fallback is set elsewhere; nor is an unset variable a key's setting
    "  verify: config.verifyHmac === 'true',",
    "if (process.env.NODE_ENV) start();",
    // Ruby's `ENV.fetch` without a fallback raises when the variable is unset: no default to read
    '  config.force_ssl = ENV.fetch("FORCE_SSL") == "true"',
    'const agent = new https.Agent({ rejectUnauthorized: process.env.NODE_ENV === "production" });',
  ])("has no views for %s (no lookup with a fallback)", (line) => {
    expect(views(line)).toEqual([]);
  });

  it.each([
    // an escaped `${` (Terraform, Compose) is text, not a lookup
    ['      "Resource": "arn:aws:iot:*:*:topic/devices/$${iot:ClientId}/*"'],
    // policy variables and CloudFormation's pseudo parameters name a value, with no fallback
    ['  "Resource": "arn:aws:iot:us-east-1:123456789012:topic/acme/${iot:Connection.Thing.ThingName}/*"'],
    ['      Resource: !Sub "arn:aws:s3:::${Bucket}/home/${aws:username}/*"'],
    ['      Resource: !Sub "arn:aws:logs:${AWS::Region}:${AWS::AccountId}:log-group:/app:*"'],
    // the Serverless Framework's variables without a fallback
    ["  stage: ${opt:stage}"],
    ["    SESSION_TTL: ${self:custom.sessionTtl}"],
  ])("reads no fallback in %s", (line) => {
    expect(views(line)).toEqual([]);
  });

  it("reads the Serverless Framework's fallback after the comma", () => {
    expect(views("    SESSION_TTL: ${env:SESSION_TTL, '2592000'}")).toEqual(["    SESSION_TTL: '2592000'", "SESSION_TTL = '2592000'"]);
  });

  it("reads no fallback in the shell's ${KEY:?message}, which fails when the variable is unset", () => {
    expect(views("      JWT_SECRET: ${JWT_SECRET:?JWT_SECRET must be set}")).toEqual([]);
  });

  it("reads at most four lookups of a line, however many it has", () => {
    const line = Array.from({ length: 50 }, (_, i) => `env('K${i}', ${i})`).join(", ");
    expect(views(line).length).toBeLessThanOrEqual(5);
  });

  it("grows linearly on crafted lines (lookups, brackets and placeholders repeated)", () => {
    const pieces = ['env("K", (', "${a:", "((((", 'config.get("', "process.env.X ?? ", '"a" == "b" ', "int( "];
    const time = (n: number) => {
      let worst = 0;
      for (const p of pieces) {
        const line = p.repeat(Math.ceil(n / p.length)).slice(0, n);
        const folded = foldLine(line);
        const start = performance.now();
        for (let i = 0; i < 5; i++) defaultViews(line, folded);
        worst = Math.max(worst, performance.now() - start);
      }
      return worst;
    };
    // and declarations whose value is followed by a long run of spaces before a character that fails the match
    const crafted = (n: number) => ["val x: T = a", "public bool X { get; ", "x: " + "a ".repeat(30) + "= b", "#[arg(env = \"X\""].map((p) => p + " ".repeat(n) + "b");
    const timeCrafted = (n: number) => {
      const start = performance.now();
      for (const line of crafted(n)) defaultViews(line, foldLine(line));
      return performance.now() - start;
    };
    timeCrafted(2_000);
    expect(timeCrafted(256_000)).toBeLessThan(2_000);
    time(2_000);
    const small = time(4_000);
    const large = time(32_000);
    // Eight times the length: a quadratic scan takes 64 times longer; allow for noise on a loaded machine.
    expect(large < 15 || large / Math.max(small, 0.5) < 32).toBe(true);
  });
});

describe("rules reading the fallback", () => {
  const rules = new Ruleset(loadDefaultRules().rules.map((r) => compileRule(r)));
  const findings = (path: string, text: string) => {
    const file: FileDiff = { path, status: "added", binary: false, lines: text.split("\n").map((t, i) => ({ line: i + 1, text: t, added: true })) };
    return evaluateFile(rules, file, text + "\n", { thresholds: DEFAULT_THRESHOLDS, today: "2026-12-04" }).findings.map((f) => f.ruleId);
  };

  it("flags a weak default set in code as a configuration file's setting would be flagged", () => {
    expect(findings("internal/config/config.go", 'func init() {\n\tv.SetDefault("fhir.insecure_skip_verify", true)\n}')).toContain("tls-verify-disabled-yaml");
    expect(findings("intake/settings.py", 'SESSION_COOKIE_AGE = int(os.getenv("SESSION_COOKIE_AGE", str(60 * 60 * 24 * 30)))')).toContain("session-lifetime-seconds");
  });

  it("reads a switch on only when an unset environment variable says so as off, with the configuration files' rules", () => {
    expect(findings("services/api/src/config/index.js", "module.exports = {\n  docusign: {\n    verifyHmac: process.env.DOCUSIGN_VERIFY_HMAC === 'true',\n  },\n};")).toContain("auth-signature-verification-setting-off");
    expect(findings("services/api/src/config/index.js", "module.exports = {\n  docusign: {\n    verifyHmac: process.env.DOCUSIGN_SKIP_HMAC !== 'true',\n  },\n};")).toEqual([]);
  });

  it("stays quiet on a secure default", () => {
    expect(findings("internal/config/config.go", 'func init() {\n\tv.SetDefault("fhir.insecure_skip_verify", false)\n}')).toEqual([]);
    expect(findings("intake/settings.py", 'SESSION_COOKIE_AGE = int(os.getenv("SESSION_COOKIE_AGE", "900"))')).toEqual([]);
  });

  it("never reads a secret through a fallback view (the secret rules read the line as written)", () => {
    const ids = findings("app/settings.py", 'DB_PASSWORD = os.getenv("DB_PASSWORD", "Winter2024!Clinic")');
    expect(ids.filter((id) => id.startsWith("secret-"))).toHaveLength(1);
  });
});
