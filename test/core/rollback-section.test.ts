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

  it("is the down function of a migration written as code (Alembic, Rails, Laravel, Knex, TypeORM)", () => {
    const alembic = 'def upgrade() -> None:\n    op.execute("DROP POLICY old ON t")\n\n\ndef downgrade() -> None:\n    op.execute("DROP POLICY p ON t")';
    expect(scanWithPack(pack, "alembic/versions/4f2a_rls.py", alembic)).toEqual([2]);
    const rails = 'class Rls < ActiveRecord::Migration[7.1]\n  def up\n    execute "DROP POLICY old ON t"\n  end\n\n  def down\n    execute "DROP POLICY p ON t"\n  end\nend';
    expect(scanWithPack(pack, "db/migrate/20240819_rls.rb", rails)).toEqual([3]);
    const laravel = "    public function down(): void\n    {\n        DB::statement('DROP POLICY p ON t');\n    }";
    expect(scanWithPack(pack, "database/migrations/2024_08_19_rls.php", laravel)).toEqual([]);
    const knex = "exports.down = async (knex) => {\n  await knex.raw('DROP POLICY p ON t');\n};";
    expect(scanWithPack(pack, "migrations/20240819_rls.js", knex)).toEqual([]);
    const typeorm = "  public async down(queryRunner: QueryRunner): Promise<void> {\n    await queryRunner.query('DROP POLICY p ON t');\n  }";
    expect(scanWithPack(pack, "src/migrations/1724000000000-Rls.ts", typeorm)).toEqual([]);
  });

  it("is Entity Framework's Down method (EF Core and EF6), and its Up method is still read", () => {
    const efCore = 'public partial class Rls : Migration\n{\n    protected override void Up(MigrationBuilder migrationBuilder)\n    {\n        migrationBuilder.Sql("DROP POLICY old ON t");\n    }\n\n    protected override void Down(MigrationBuilder migrationBuilder)\n    {\n        migrationBuilder.Sql("DROP POLICY p ON t");\n    }\n}';
    expect(scanWithPack(pack, "src/Data/Migrations/20240819_Rls.cs", efCore)).toEqual([5]);
    const ef6 = '    public override void Down()\n    {\n        Sql("DROP POLICY p ON t");\n    }';
    expect(scanWithPack(pack, "src/Data/Migrations/202408190000000_Rls.cs", ef6)).toEqual([]);
  });

  it("bounds a rule's window named `sections: ['@migration']` at the same markers", () => {
    const sectioned = pack.replace("    message: m", "    unless_near:\n      patterns: ['(?i)CREATE\\s+POLICY']\n      within: 20\n      side: below\n      sections: ['@migration']\n    message: m");
    const efCore = '    protected override void Up(MigrationBuilder migrationBuilder)\n    {\n        migrationBuilder.Sql("DROP POLICY p ON t");\n    }\n\n    protected override void Down(MigrationBuilder migrationBuilder)\n    {\n        migrationBuilder.Sql("CREATE POLICY p ON t");\n    }';
    // (created again only by the rollback: still dropped)
    expect(scanWithPack(sectioned, "src/Data/Migrations/20240819_Rls.cs", efCore)).toEqual([3]);
    const rebuilt = '    protected override void Up(MigrationBuilder migrationBuilder)\n    {\n        migrationBuilder.Sql("DROP POLICY p ON t");\n        migrationBuilder.Sql("CREATE POLICY p ON t");\n    }';
    expect(scanWithPack(sectioned, "src/Data/Migrations/20240819_Rls.cs", rebuilt)).toEqual([]);
  });
});
