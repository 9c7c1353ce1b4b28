// A migration file that holds both directions (dbmate, goose, sql-migrate): a rule that leaves rollbacks alone
// (`@rollbacks` among its exclusions) does not read the lines under the down marker, and still reads the up section.
import { describe, expect, it } from "vitest";
import { scanWithPack } from "./pack-scan.js";

const pack = `
area: access-control
title: Test pack
safeguard: "164.312(a)(1)"
rules:
  - id: policy-dropped
    title: A row policy dropped
    severity: warning
    exclude_paths: ['@rollbacks']
    keywords: [drop policy]
    patterns: ['(?i)\\bDROP\\s+POLICY\\b']
    message: m
    remediation: r
    examples: { bad: [{ path: a.sql, code: 'DROP POLICY p ON t;' }], good: [{ path: a.sql, code: 'CREATE POLICY p ON t;' }] }
`;

describe("a migration's down section", () => {
  it("is left alone by a rule that excludes rollbacks, in dbmate's and goose's spellings", () => {
    const dbmate = "-- migrate:up\nDROP POLICY old ON t;\nCREATE POLICY p ON t;\n\n-- migrate:down\nDROP POLICY p ON t;";
    expect(scanWithPack(pack, "db/migrations/20240819_rls.sql", dbmate)).toEqual([2]);
    const goose = "-- +goose Up\nCREATE POLICY p ON t;\n-- +goose Down\nDROP POLICY p ON t;";
    expect(scanWithPack(pack, "db/migrations/00042_rls.sql", goose)).toEqual([]);
  });
});
