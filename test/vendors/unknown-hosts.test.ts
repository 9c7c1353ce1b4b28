// New outbound hosts in PHI code that no vendor record covers: a note (configurable) to record the vendor.
import { describe, expect, it } from "vitest";
import { mergeVendorSettings } from "../../src/vendors/section.js";
import { defaultVendorSettings } from "../../src/vendors/types.js";
import { brief, review, MANIFEST, configErrors } from "./helpers.js";

const FILE = "src/referrals/send.ts";
const added = (...lines: string[]) => ({ base: { [FILE]: "import { post } from './http';\n" }, head: { [FILE]: `import { post } from './http';\n${lines.join("\n")}\n` } });

describe("a new outbound host that no vendor claims", () => {
  it("is a note on the first line that calls it, naming the host and how to record it", async () => {
    const { findings } = await review(added(
      'const REFERRALS = "https://api.carebridge-referrals.io/v2/referrals";',
      'await post(`https://api.carebridge-referrals.io/v2/status/${id}`, body);',
    ));
    expect(brief(findings)).toEqual([`${FILE}:2 note vendor-unknown-host`]);
    expect(findings[0]!.message).toContain("api.carebridge-referrals.io");
    expect(findings[0]!.remediation).toContain(`record it in ${MANIFEST} with domains: [carebridge-referrals.io]`);
    expect(findings[0]!.remediation).toContain("vendors.first_party_domains");
    expect(findings[0]!.safeguard).toBe("164.308(b)(1)");
  });

  it("an API base URL without a path is still a host to record", async () => {
    const { findings } = await review(added('const BASE_URL = "https://api.careconnect-hub.com";'));
    expect(brief(findings)).toEqual([`${FILE}:2 note vendor-unknown-host`]);
  });

  it("one finding per host for the whole change, whatever the number of files", async () => {
    const change = {
      base: {},
      head: { "src/a.ts": 'get("https://hooks.faxrelay.net/in")\n', "src/b.ts": 'get("https://hooks.faxrelay.net/out")\nget("https://api.faxrelay.net/x")\n' },
    };
    expect(brief((await review(change)).findings)).toEqual(["src/a.ts:1 note vendor-unknown-host", "src/b.ts:2 note vendor-unknown-host"]);
  });

  it("is not reported for catalogued or manifest vendors (they get their own findings), first-party domains or standards' URIs", async () => {
    const manifest = "vendors:\n  - name: CareBridge\n    phi: true\n    baa: { status: signed, effective: 2025-01-01, document: DOC-1 }\n    domains: [carebridge-referrals.io]\n    safeguards: { encryption_at_rest: true, tls: true, audit_logs: true, mfa_sso: true }\n";
    const lines = [
      'await post("https://api.carebridge-referrals.io/v2/referrals", body);', // manifest vendor with a BAA
      'const ehr = "https://fhir.northwind-health.org/R4";', // first party
      'coding: [{ system: "http://loinc.org", code: "4548-4" }],', // FHIR code system: a name, not a call
      'system: "http://hl7.org/fhir/sid/us-npi",',
      '{ "system": "https://fhir.nhs.uk/Id/nhs-number", "value": id },',
      '"$schema": "https://json.schemastore.example-schemas.io/app.json",',
      'const metadata = "http://169.254.169.254/latest/meta-data/";', // an IP: nothing says who runs it
      'const registry = "https://immunization.health.ny.gov/api/submit";', // a public authority, not a business associate
      'help_url: "https://support.scheduling-widgets.com/articles/embedding"', // documentation to read
      'const docs = "https://www.sessionkit.io/guides/retention.html";',
      'const see = "https://github.com/acme/ehr-sync#configuration";',
      "homepage = 'https://www.scheduling-widgets.com/'", // a project's home page
      'project_url = "https://faxkit.dev"',
      'A client for `CareConnect <https://api.careconnect-hub.com/v1>`_ exchanges.', // reStructuredText link
      '>>> client = Client("https://api.careconnect-hub.com/v1")', // doctest
      'Read [the guide](https://api.careconnect-hub.com/v1/readme) first.', // Markdown link
      'const ns = "http://www.w3.org/2000/svg";',
      'const dev = "http://billing.svc.cluster.local:8080";',
      'const doc = "https://docs.example.com/api";',
      'const sample = "host.docker.internal";',
      "// see https://api.undocumented-vendor.com/docs", // comment
      'log.info("sent to billing.northwind-health.org");', // bare host, not a URL
    ];
    const change = { base: { [MANIFEST]: manifest, [FILE]: "x\n" }, head: { [MANIFEST]: manifest, [FILE]: `x\n${lines.join("\n")}\n` } };
    const { findings } = await review(change, { settings: { firstPartyDomains: ["northwind-health.org"] } });
    expect(findings).toEqual([]);
  });

  it("is not reported in tests and fixtures, nor when the file called the host before the change", async () => {
    const test = { base: {}, head: { "test/referrals.test.ts": 'nock("https://api.carebridge-referrals.io").post("/v2").reply(201);\n', "src/x_test.go": 'u := "https://api.carebridge-referrals.io"\n' } };
    expect((await review(test)).findings).toEqual([]);
    const edited = { base: { [FILE]: 'post("https://api.carebridge-referrals.io/v1/referrals")\n' }, head: { [FILE]: 'post("https://api.carebridge-referrals.io/v2/referrals")\n' } };
    expect((await review(edited)).findings).toEqual([]);
  });

  it("follows vendors.unknown_hosts (off, or a blocking error) and PHI scoping", async () => {
    const change = added('fetch("https://api.carebridge-referrals.io/v2")');
    expect((await review(change, { settings: { unknownHosts: "off" } })).findings).toEqual([]);
    expect(brief((await review(change, { settings: { unknownHosts: "error" } })).findings)).toEqual([`${FILE}:2 error vendor-unknown-host`]);
    // A repository that does not handle PHI: only its phi_paths are watched.
    expect((await review(change, { settings: { phi: false } })).findings).toEqual([]);
    expect(brief((await review(change, { settings: { phi: false }, phiPaths: ["src/referrals/"] })).findings)).toEqual([`${FILE}:2 note vendor-unknown-host`]);
  });

  it("masks credentials in the URL it quotes", async () => {
    const { findings } = await review(added('const url = "https://svc:Hunter2Secret@api.carebridge-referrals.io/v2";'));
    expect(findings[0]!.snippet).not.toContain("Hunter2Secret");
  });
});

describe("vendors.unknown_hosts and first_party_domains in .hipaa.yml", () => {
  it("are validated with the line of the bad value", async () => {
    expect((await configErrors("vendors:\n  unknown_hosts: loud\n")).join("\n")).toMatch(/\.hipaa\.yml at main@abc1234:2:\d+: vendors\.unknown_hosts/);
    const domain = await configErrors("vendors:\n  first_party_domains:\n    - northwind.org\n    - https://portal.northwind.org\n");
    expect(domain).toHaveLength(1);
    expect(domain[0]).toMatch(/\.hipaa\.yml at main@abc1234:4:\d+: vendors\.first_party_domains\[1\]/);
    expect(domain[0]).toContain('write it like "example-health.org"');
    expect(await configErrors("vendors:\n  unknown_hosts: warning\n  first_party_domains: [Northwind-Health.org]\n")).toEqual([]);
  });

  it("under an organisation floor: a repository cannot lower a raised severity; first-party domains add up", () => {
    const org = { ...defaultVendorSettings(), unknownHosts: "warning" as const, firstPartyDomains: ["northwind.org"] };
    const merged = mergeVendorSettings(org, { unknown_hosts: "off", first_party_domains: ["Clinic-Portal.net"] }, true);
    expect(merged.unknownHosts).toBe("warning");
    expect(merged.firstPartyDomains).toEqual(["northwind.org", "clinic-portal.net"]);
    expect(mergeVendorSettings(org, { unknown_hosts: "error" }, true).unknownHosts).toBe("error");
    // The default note is not a floor: a repository may turn it off.
    expect(mergeVendorSettings(defaultVendorSettings(), { unknown_hosts: "off" }, true).unknownHosts).toBe("off");
  });
});
