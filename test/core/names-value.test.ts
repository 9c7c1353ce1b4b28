// `unless_near` windows with `names_value` (docs/rules.md): a nearby line counts only when it names the finding's
// value as a whole word (a trigger dropped and created again under the same name), in a window of any width.
import { describe, expect, it } from "vitest";
import { packErrors, scanChangeWithPack, scanWithPack } from "./pack-scan.js";

const pack = (extra = "") => `area: integrity
title: t
safeguard: "164.312(c)(1)"
description: t
rules:
  - id: trigger-dropped
    title: Protective trigger dropped
    severity: warning
    languages: [sql]
    keywords: [trigger]
    patterns: ['(?i)\\bDROP\\s+TRIGGER\\s+(?:IF\\s+EXISTS\\s+)?(?:\\w+\\.)*(\\w*lock\\w*)']
    value_group: 1
    unless_near:
      patterns: ['(?i)\\bCREATE\\s+TRIGGER\\b']
      within: 60
      side: below
      names_value: true${extra}
    message: m
    remediation: r
    examples:
      bad: ['DROP TRIGGER IF EXISTS trg_lock_signed;']
      good: ["DROP TRIGGER trg_lock_signed;\\nCREATE TRIGGER trg_lock_signed BEFORE UPDATE ON notes"]
`;

const scan = (text: string, withContent = true) => scanWithPack(pack(), "db/migrations/0147.sql", text, withContent);

describe("unless_near with names_value", () => {
  it("stays quiet only when a line of the window names the same value, as a whole word and case aside", () => {
    expect(scan("DROP TRIGGER trg_lock_signed;\n-- the same trigger, narrowed\nCREATE TRIGGER TRG_LOCK_SIGNED BEFORE UPDATE ON notes")).toEqual([]);
    expect(scan("DROP TRIGGER clin.trg_lock_signed;\nCREATE TRIGGER clin.trg_lock_signed BEFORE UPDATE ON notes")).toEqual([]);
    // another trigger created below, or the name inside a longer one, does not count
    expect(scan("DROP TRIGGER trg_lock_signed;\nCREATE TRIGGER trg_no_delete_signed BEFORE DELETE ON notes")).toEqual([1]);
    expect(scan("DROP TRIGGER trg_lock_signed;\nCREATE TRIGGER trg_lock_signed_v2 BEFORE UPDATE ON notes")).toEqual([1]);
    // the name on a line the window's pattern does not match, or beyond the window
    expect(scan("DROP TRIGGER trg_lock_signed;\n-- trg_lock_signed is gone")).toEqual([1]);
    expect(scan(`DROP TRIGGER trg_lock_signed;\n${"--\n".repeat(70)}CREATE TRIGGER trg_lock_signed BEFORE UPDATE ON notes`)).toEqual([1]);
  });

  it("names a value with other characters in it as the same text, not inside a longer name", () => {
    // (a value such as `lock-signed.v2`: its words alone are not the value)
    const punctuated = pack().replace("(\\w*lock\\w*)']", "([\\w.-]*lock[\\w.-]*)']");
    const scanP = (text: string) => scanWithPack(punctuated, "db/migrations/0147.sql", text, true);
    expect(scanP("DROP TRIGGER lock-signed.v2;\nCREATE TRIGGER lock-signed.v2 BEFORE UPDATE ON notes")).toEqual([]);
    expect(scanP("DROP TRIGGER lock-signed.v2;\nCREATE TRIGGER x-lock-signed.v2 BEFORE UPDATE ON notes")).toEqual([1]);
    expect(scanP("DROP TRIGGER lock-signed.v2;\nCREATE TRIGGER lock-signed.v20 BEFORE UPDATE ON notes")).toEqual([1]);
    expect(scanP("DROP TRIGGER lock-signed.v2;\nCREATE TRIGGER lock BEFORE UPDATE ON signed")).toEqual([1]);
  });

  it("reads past the diff's context when the file's content is given", () => {
    const before = `${"-- a\n".repeat(20)}CREATE TRIGGER trg_lock_signed BEFORE UPDATE ON notes\n`;
    const after = `DROP TRIGGER trg_lock_signed;\n${before}`;
    expect(scanChangeWithPack(pack(), "db/migrations/0147.sql", before, after)).toEqual([]);
  });

  it("cannot be combined with same_value or closer", () => {
    expect(packErrors(pack("\n      same_value: true"))).toMatch(/names_value.*cannot be combined/);
  });

  it("with sections, reads only the finding's section: a trigger created again in the down section is not re-created", () => {
    const sectioned = pack("\n      sections: ['(?i)^\\s*--\\s*\\+goose\\s+Down\\b']");
    expect(packErrors(sectioned)).toBe("");
    const up = "-- +goose Up\nDROP TRIGGER trg_lock_signed;\n";
    expect(scanWithPack(sectioned, "db/migrations/0147.sql", `${up}-- +goose Down\nCREATE TRIGGER trg_lock_signed BEFORE UPDATE ON notes`, true)).toEqual([2]);
    // created again in the up section itself: quiet on line 2 (the down section's own drop, line 5, is this test
    // pack's; the default pack's rules leave rollback sections alone)
    expect(scanWithPack(sectioned, "db/migrations/0147.sql", `${up}CREATE TRIGGER trg_lock_signed BEFORE UPDATE ON notes\n-- +goose Down\nDROP TRIGGER trg_lock_signed;`, true)).toEqual([5]);
  });

  it("reads a crafted neighbour line in linear time", () => {
    const long = `CREATE TRIGGER ${"a_".repeat(200_000)}`;
    const t = performance.now();
    expect(scan(`DROP TRIGGER trg_lock_${"b".repeat(100_000)};\n${long}`)).toEqual([1]);
    expect(performance.now() - t).toBeLessThan(2_000);
  });
});

// A rule's own `near` with `names_value`: the window's line must name the finding's value (the declaration of the
// value a line stores), not merely lie near it.
const nearPack = (extra = "") => `area: encryption-at-rest
title: t
safeguard: "164.312(a)(2)(iv)"
description: t
rules:
  - id: typed-record-stored
    title: A typed record stored
    severity: warning
    languages: [typescript]
    keywords: [localstorage]
    patterns: ['\\blocalStorage\\.setItem\\([^;]*,\\s*JSON\\.stringify\\(\\s*(\\w+)\\s*\\)']
    value_group: 1
    near:
      patterns: ['\\b[a-z]\\w*\\s*:\\s*\\w*Tokens\\b']
      within: 50
      side: above
      names_value: true${extra}
    message: m
    remediation: r
    examples:
      bad: ["function save(tokens: SessionTokens) {\\n  localStorage.setItem(K, JSON.stringify(tokens));\\n}"]
      good: ["function f(tokens: SessionTokens) {}\\nfunction save(next: Prefs) {\\n  localStorage.setItem(K, JSON.stringify(next));\\n}"]
`;

describe("a rule's near with names_value", () => {
  const scanNear = (text: string) => scanWithPack(nearPack(), "src/store.ts", text, true);
  it("counts only a window line that names the stored value", () => {
    expect(scanNear("function save(tokens: SessionTokens) {\n  localStorage.setItem(K, JSON.stringify(tokens));\n}")).toEqual([2]);
    expect(scanNear("function f(tokens: SessionTokens) {}\nfunction save(next: Prefs) {\n  localStorage.setItem(K, JSON.stringify(next));\n}")).toEqual([]);
  });

  it("needs value_group and cannot be combined with enclosing", () => {
    expect(packErrors(nearPack("\n      enclosing: true"))).toMatch(/names_value/);
    expect(packErrors(nearPack().replace("    value_group: 1\n", ""))).toMatch(/names_value.*value_group/);
  });
});
