/**
 * A migration tool's marker that starts a section of the file: dbmate's `-- migrate:up` / `-- migrate:down`, goose's
 * `-- +goose Up` / `-- +goose Down`, sql-migrate's `-- +migrate Up` / `-- +migrate Down`; in a migration written as
 * code, the function of each direction: Alembic's `def upgrade()` / `def downgrade()`, Rails' `def up` / `def down` /
 * `def change`, Laravel's `public function down()`, Knex's `exports.down =`, TypeORM's `async down(queryRunner)`,
 * Entity Framework's `protected override void Down(MigrationBuilder migrationBuilder)` (EF6: `public override void
 * Down()`). The first group that matched is the direction.
 *
 * One source for both readers: the engine's rollback sections (file-lines.ts) and a rule's `sections: ['@migration']`
 * (compile.ts), which bounds a window at these markers (a table created again in the down section is the rollback's).
 */
export const MIGRATION_MARKER_SOURCE =
  "^\\s*(?:--\\s*(?:migrate:(up|down)|\\+(?:goose|migrate)\\s+(Up|Down))\\b|(?:(?:public|private|protected|static|export|async|override)\\s+)*(?:def|function)\\s+(?:self\\.)?(upgrade|downgrade|up|down|change)\\s*(?:\\(|$)|(?:public\\s+)?async\\s+(up|down)\\s*\\(|(?:exports|module\\.exports)\\.(up|down)\\s*=|(?:(?:public|protected|internal|override)\\s+)+void\\s+(Up|Down)\\s*\\()";

export const MIGRATION_SECTION = new RegExp(MIGRATION_MARKER_SOURCE, "i");

/** What a rule writes in `sections` to bound its window at migration markers. */
export const MIGRATION_SECTIONS_NAME = "@migration";
