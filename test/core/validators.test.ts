import { describe, expect, it } from "vitest";
import { parseDurationMinutes } from "../../src/engine/validators/durations.js";
import { isExternalUrl } from "../../src/engine/hosts.js";
import { isPlausibleBirthDate, isValidDea, isValidMbi, isValidNpi, isValidPhone, isValidSsn } from "../../src/engine/validators/identifiers.js";
import { isSecretValue, isSharedLocalLogin } from "../../src/engine/validators/secrets.js";
import { makeValidator } from "../../src/engine/validators/index.js";
import { DEFAULT_THRESHOLDS } from "../../src/engine/types.js";

describe("identifier validators", () => {
  it.each([
    ["536-22-7731", true], ["536227731", true], ["000-12-3456", false], ["666-12-3456", false], ["912-34-5678", false],
    ["536-00-7731", false], ["536-22-0000", false], ["123-45-6789", false], ["078-05-1120", false], ["219-09-9999", false],
    ["111-22-3333", false], ["555-44-3333", false], // one digit per group: made-up placeholders
  ])("SSN %s → %s", (value, valid) => expect(isValidSsn(value)).toBe(valid));

  it.each([
    ["1EG4-TE5-MK73", false], // CMS's published sample
    ["2AC4-KP7-QT12", true], ["2AC4KP7QT12", true], ["2SC4KP7QT12", false] /* S is excluded */, ["0AC4KP7QT12", false],
    ["2AC4-KP7QT12", false], ["2A14KP7QT12", true], ["2AC4K77QT12", true], ["2AC4KP7Q112", false],
  ])("MBI %s → %s", (value, valid) => expect(isValidMbi(value)).toBe(valid));

  it("checks the DEA check digit", () => {
    // 1+4+6 = 11; 2*(2+5+7) = 28; 39 → check digit 9
    expect(isValidDea("AB1245679")).toBe(true);
    expect(isValidDea("AB1245678")).toBe(false);
    expect(isValidDea("A91245679")).toBe(true);
    expect(isValidDea("AB124567")).toBe(false);
    // The textbook example passes the checksum but is nobody's registration.
    expect(isValidDea("AB1234563")).toBe(false);
    expect(isValidDea("FS1234563")).toBe(false);
  });

  it("checks NPI with the 80840 Luhn prefix", () => {
    expect(isValidNpi("1234567893")).toBe(true); // CMS's documented example check digit
    expect(isValidNpi("1234567890")).toBe(false);
  });

  it.each([
    ["(415) 867-2301", true], ["415-555-0142", false], ["115-867-2301", false], ["415-111-2301", false], ["+1 415 867 2301", true], ["867-2301", false],
  ])("phone %s → %s", (value, valid) => expect(isValidPhone(value)).toBe(valid));

  it.each([
    ["1984-03-12", true], ["03/12/1984", true], ["1984-02-30", false], ["1850-01-01", false], ["1900-03-03", false], ["1901-03-03", true], ["2027-01-01", false], ["Mar 12, 1984", true],
    ["2006-01-02", false], ["01/02/2006", false], // Go's layout reference date
  ])("date of birth %s → %s", (value, valid) => expect(isPlausibleBirthDate(value, "2026-11-22")).toBe(valid));
});

describe("durations", () => {
  it.each([
    ["86400000", "ms", 1440], ["1209600", "s", 20160], ["30", "min", 30], ["'7d'", "auto", 10080], ["12h", "auto", 720],
    ["timedelta(hours=2)", "auto", 120], ["timedelta(days=1, hours=1)", "auto", 1500], ["TimeSpan.FromHours(8)", "auto", 480],
    ["1000 * 60 * 60 * 24", "ms", 1440], ["30L * 24 * 60 * 60 * 1000", "ms", 43200], ["PT8H", "auto", 480], ["Duration.ofMinutes(10)", "auto", 10], ["2.hours", "auto", 120], ["1.year", "auto", 525_600], ["2.months", "auto", 86_400],
    ["01:30:00", "auto", 90], ["14.00:00:00", "auto", 20160], ["Duration.hours(24)", "auto", 1440], ["cdk.Duration.days(1)", "auto", 1440], ["Duration::hours(12)", "auto", 720], ["time::Duration::minutes(15)", "auto", 15], ["Duration::from_secs(43200)", "auto", 720], ["Duration::weeks(1)", "auto", 10080],
    ["30 * DAY", "ms", 43200], ["int(timedelta(days=30).total_seconds())", "s", 43200], ["12 * HOURS", "ms", 720], ["15 * MINUTE_MS", "ms", 15],
    ["7 * 24 * time.Hour", "auto", 10080], ["time.Minute * 90", "auto", 90], ["DateTimeOffset.UtcNow.AddDays(30)", "auto", 43200], ["DateTimeOffset.UtcNow.AddYears(1)", "auto", 525600], ["now()->addWeeks(2)", "auto", 20160], ["now()->addMonths(1)", "auto", 43200], ["'+180 days'", "auto", 259200], ['{\\"amount\\":7,\\"unit\\":\\"days', "auto", 10080], ['{"amount": 30, "unit": "minutes"}', "auto", 30],
  ])("%s (%s) = %s minutes", (value, unit, minutes) => {
    expect(parseDurationMinutes(value, unit as never)).toBeCloseTo(minutes);
  });

  it("refuses to guess a bare number's unit", () => {
    expect(parseDurationMinutes("3600", "auto")).toBeUndefined();
    expect(parseDurationMinutes("SESSION_TTL", "s")).toBeUndefined();
    // a product of names that are not units, or of two units, is not a duration
    expect(parseDurationMinutes("retries * delay", "s")).toBeUndefined();
    expect(parseDurationMinutes("time.Hour * time.Minute", "auto")).toBeUndefined();
  });
});

describe("hosts", () => {
  it.each([
    ["http://api.claims-partner.com/v1", true], ["http://localhost:3000", false], ["http://127.0.0.1/x", false],
    ["http://www.w3.org/2001/XMLSchema", false], ["http://schemas.xmlsoap.org/soap/envelope/", false], ["http://example.com/a", false],
    ["http://patient-service:8080/records", false], ["http://10.0.3.7/records", true], ["http://${HOST}/x", false], ["ftp://files.lab-results.net/in", true],
    // An Active Directory domain under .local is a hospital network; a one-label .local name is mDNS on the link.
    ["http://pacs.stmarys.local/wado", true], ["http://printer.local/", false], ["http://records.ehr.svc.cluster.local/x", false],
  ])("%s external → %s", (url, external) => expect(isExternalUrl(url)).toBe(external));
});

describe("secret values", () => {
  it.each([
    ["Xk9#mP2$vL7qR4", true], ["changeme", false], ["${DB_PASSWORD}", false], ["<your-password>", false], ["", false], ["os.environ['PW']", false],
    ["xxxxxxxxxxxx", false], ["DATABASE_PASSWORD_KEY", false], ["short", false],
    // where a secret is kept, or where a service may be reached from: not the secret
    ["/bfd/prod/sensitive/sonar_token", false], ["{ts}.{body}", false], ["${user}:${host}", false], ["join:#{appointment_id}", false], ["Xk9mP2vL7qR4#{x}", true], ["/sonarqube/token", false], ["10.20.30.0/24, 10.20.31.5", false], ["127.0.0.1", false],
    // a vault entry's name: hyphenated words ending in the kind of secret it holds, or the environment it is for
    ["snowflake-qm-etl-rsa-key", false], ["portal-db-password", false], ["appi-splitbilling-prd", false], ["fhir-stanselm-client-id", false],
    // …or as .NET teams name Key Vault secrets: capitalised words ending in the kind (not with digits or symbols among them)
    ["CeVendor-MWCE-KeyPassphrase", false], ["Sftp-ClientCertificate", false], ["Relay-Pull!Key", true], ["Mer-Relay-2024-Key", true],
    // a resource location the key is read from
    ["file:/etc/serology/tls/lab-client.key", false], ["classpath:keys/signing.pem", false], ["optional:file:${HOME}/.lab/key.pem", false], ["file:Xk9mP2vL7qR4 x", true],
    // a passphrase of words is still one, and so is a two-word value or one with digits
    ["correct-horse-battery-staple", true], ["hunter-key", true], ["prod2024-db-key", true], ["blue-prod", true],
    // a random value that happens to hold slashes or dots is still one
    ["/Zq8k/W2Lm4Rt9x", true], ["q8Z.r2L.mX9.vTw", true],
    // an HTTP header's name is the key a value is sent under; a capitalised passphrase with a digit is a value
    ["Content-Type", false], ["X-Api-Key", false], ["Cache-Control", false], ["Winter-Garden-7", true], ["Gc$ync-2024!Spring", true],
    // a default that names the machine it is for, in lower-case words; not with digits or another environment's name
    // a key an app's storage keeps a token under
    ["@lotus/accessToken", false], ["@app:refresh_token", false], ["@Xk9mP2/vL7q4812", true],
    ["limbcare-local", false], ["intake_docker", false], ["limbcare-local-7", true], ["Limbcare-Local!", true],
    // a one-way password hash (bcrypt, Argon2, SHA-crypt, Django's PBKDF2) stored for a user, not a password; a value
    // that merely starts with a dollar sign still is one
    ["$2y$12$Zk0yJcWfU6E8pXy8rW1m0uVv1o3b2rL7hHq5nJ4sP9tX2cD6eF8gK", false], ["$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA", false],
    ["pbkdf2_sha256$600000$salt$hash", false], ["$6$rounds=5000$salt$hash", false], ["$9ecret-Pa55w0rd!", true],
  ])("%s → %s", (value, secret) => expect(isSecretValue(value)).toBe(secret));

  it("applies an entropy floor when asked", () => {
    expect(isSecretValue("aaaaaaaabbbbbbbb", { min_entropy: 3 })).toBe(false);
    expect(isSecretValue("q8Zr2LmX9vTw4KpB", { min_entropy: 3 })).toBe(true);
  });
});

describe("secret validators", async () => {
  const { isBasicCredentials, isSecretValue } = await import("../../src/engine/validators/secrets.js");

  it.each([
    ["bGFiX2ZlZWQ6TGFiLUZlZWQtUHIwZCEyMDI0", true], // lab_feed:Lab-Feed-Pr0d!2024
    ["czZCaGRSa3F0Mzo3RmpmcDBaQnIxS3REUmJuZlZkbUl3", true], // RFC 6749's s6BhdRkqt3:7Fjfp0ZBr1KtDRbnfVdmIw
    ["Authentication", false], ["Multilingual", false], ["optimizations", false],
    ["dXNlcjo=", false], // "user:" — no password
  ])("Basic token %s → %s", (value, ok) => expect(isBasicCredentials(value)).toBe(ok));

  it("code identifiers are names, not secrets; passwords with digits or symbols still are", () => {
    for (const name of ["creditCard", "_RSAPrivateKey", "rsa.RSAPublicKey", "lastSignificantToken", "auth.refreshToken", "auth.access_token"]) expect(isSecretValue(name), name).toBe(false);
    // letters and dots without a camel step may be a passphrase
    expect(isSecretValue("summer.breeze")).toBe(true);
    for (const secret of ["Rep0rting!Replica#2024", "nw-portal-s3ss10n-k3y", "r00tPw-Ehr2024", "kiosk_live_1729893a0bf7"]) expect(isSecretValue(secret), secret).toBe(true);
  });

  it("deploy-time replacement markers and dotted identifiers say where a secret is kept, not what it is", () => {
    for (const name of ["__KeyVault__", "__ClearinghouseApiKey__", "#{PartnerApiKey}#", "com.clearpath.symptomcheck.accessToken", "spring.datasource.password", "#version#", "@build.number@", "changeit"]) expect(isSecretValue(name), name).toBe(false);
    for (const secret of ["__Xk9#mP2$vL7qR4", "cp_prod_8QmZ3vR7tK1wX9yB4nH6jL2sD5fG0aE", "eyJhbGciOi.eyJzdWIiOi.c2lnbmF0dXJl", "my.pass.2024123"]) expect(isSecretValue(secret), secret).toBe(true);
  });

  it("a Kubernetes namespace/name reference names a Secret object, not its value", () => {
    for (const name of ["fhir/fhir-gateway-internal-ca", "ingress-nginx/default-tls"]) expect(isSecretValue(name), name).toBe(false);
    for (const secret of ["ab/cd-ef9201-x", "Fhir/Gateway-Ca-2024", "correct-horse-battery-staple"]) expect(isSecretValue(secret), secret).toBe(true);
  });
});

describe("duration thresholds", () => {
  it("compares a threshold kept in days (refresh_token_days) in minutes, as the thresholds kept in minutes", () => {
    const validator = makeValidator({ name: "duration-exceeds", threshold: "refresh_token_days" });
    const ctx = { thresholds: DEFAULT_THRESHOLDS, today: "2026-12-05" };
    const longer = (value: string) => validator(value, ctx, value);
    expect(longer("Duration.days(3650)")).toBe(true);
    expect(longer("timedelta(days=31)")).toBe(true);
    expect(longer("Duration.days(30)")).toBe(false);
    expect(longer("720h")).toBe(false);
    expect(longer("721h")).toBe(true);
  });
  // a retention in days, as a product, or with its unit, against log_retention_days (365 by default)
  it.each([["90", true], ["6 * 365", false], ["6 months", true], ["13 months", false], ["7 years", false], ["0", false]] as const)(
    "retention %s is below the policy: %s",
    (value, below) => expect(makeValidator({ name: "retention-below" })(value, { thresholds: DEFAULT_THRESHOLDS, today: "2026-12-06" }, value)).toBe(below),
  );
  // …and a bare number counted in the rule's `unit` (a TTL index's `expireAfterSeconds`), a constant named for its unit
  it.each([["DAY * 120", true], ["DAY * 365 * 7", false], ["7776000", true], ["220752000", false], ["0", false]] as const)(
    "a TTL of %s seconds is below the policy: %s",
    (value, below) => expect(makeValidator({ name: "retention-below", unit: "s" })(value, { thresholds: DEFAULT_THRESHOLDS, today: "2026-12-06" }, value)).toBe(below),
  );
});

describe("a URL's password that repeats its user", () => {
  it("is a local stack's shared login on a host of one label", () => {
    const match = "postgres://trialportal:trialportal@db:5432/trialportal";
    expect(isSharedLocalLogin("trialportal", match)).toBe(true);
    expect(makeValidator({ name: "secret-value", min_length: 6 })("trialportal", { thresholds: DEFAULT_THRESHOLDS, today: "2026-12-06" }, match)).toBe(false);
  });
  it("stays a secret on a host with a domain, or when it differs from the user", () => {
    expect(isSharedLocalLogin("portal1", "postgresql://portal1:portal1@portal-db.internal.example.org:5432/portal")).toBe(false);
    expect(isSharedLocalLogin("Pr0d-Secret-2024", "postgres://app:Pr0d-Secret-2024@db:5432/app")).toBe(false);
    expect(isSharedLocalLogin("app", "Password=app;User=app")).toBe(false);
  });
});
