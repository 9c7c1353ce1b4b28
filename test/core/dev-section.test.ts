// A setting inside a development or test section of a file (Flask's `class DevelopmentConfig(BaseConfig):`, Rails'
// `development:` in database.yml) is development configuration, as a file under @dev-config is: rules that leave
// development configuration alone leave it alone, while secret and PHI rules still read it.
import { describe, expect, it } from "vitest";
import { scanWithPack } from "./pack-scan.js";

const PACK = `
area: transmission-security
title: Test pack
safeguard: "164.312(e)(1)"
rules:
  - id: cookie-not-secure
    title: Cookie without Secure
    severity: error
    keywords: [secure]
    patterns: ['(?i)cookie_secure\\s*[:=]\\s*false']
    message: m
    remediation: r
    examples: { bad: [{ path: app/config.py, code: 'SESSION_COOKIE_SECURE = False' }], good: [{ path: app/config.py, code: 'SESSION_COOKIE_SECURE = True' }] }
  - id: secret
    title: Secret
    severity: error
    sensitive: true
    keywords: [secret]
    patterns: ['SECRET_KEY\\s*=\\s*"(\\w{12,})"']
    value_group: 1
    message: m
    remediation: r
    examples: { bad: [{ path: app/config.py, code: 'SECRET_KEY = "abcdefghijklmnop"' }], good: [{ path: app/config.py, code: 'SECRET_KEY = os.environ["K"]' }] }
`;

describe("development sections of a file", () => {
  const config = [
    "class BaseConfig:",
    "    SESSION_COOKIE_SECURE = True",
    "",
    "class ProductionConfig(BaseConfig):",
    "    SESSION_COOKIE_SECURE = False",
    "",
    "class DevelopmentConfig(BaseConfig):",
    "    # local http",
    "",
    "    SESSION_COOKIE_SECURE = False",
    '    SECRET_KEY = "devsecretvalue123"',
  ].join("\n");

  it("leaves a Python settings class for development to the rules that read development configuration", () => {
    expect(scanWithPack(PACK, "oncall/config.py", config)).toEqual([5, 11]);
  });
  it("reads a YAML section the same way, and only under it", () => {
    const yml = ["default: &default", "  cookie_secure: false", "development:", "  <<: *default", "  cookie_secure: false", "production:", "  cookie_secure: false"].join("\n");
    expect(scanWithPack(PACK, "config/session.yml", yml)).toEqual([2, 7]);
  });
  it("ends a section where the file comes back to its level", () => {
    const knex = ["module.exports = {", "  test: {", "    cookie_secure: false,", "  },", "  production: {", "    cookie_secure: false,", "  },", "};"].join("\n");
    expect(scanWithPack(PACK, "knexfile.js", knex)).toEqual([6]);
  });
});
