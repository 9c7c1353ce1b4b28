/** `hipaa-review rules`: what the default pack checks, with citations. */
import type { LoadedPacks } from "../engine/rules/pack.js";
import { ConfigError } from "../policy/load.js";
import { AREA_TITLES } from "../engine/types.js";
import type { Format } from "./args.js";
import type { CliIo } from "./scan-command.js";

export function rulesCommand(format: Format, packs: LoadedPacks, io: CliIo): number {
  if (packs.errors.length > 0) throw new ConfigError(packs.errors);
  if (format === "json") {
    const rules = packs.rules.map((r) => ({ id: r.spec.id, title: r.spec.title, area: r.area, safeguard: r.safeguard, severity: r.spec.severity, languages: r.spec.languages ?? [], paths: r.spec.paths ?? [] }));
    io.stdout(JSON.stringify(rules, null, 2) + "\n");
    return 0;
  }
  let area = "";
  for (const r of packs.rules) {
    if (r.area !== area) {
      area = r.area;
      io.stdout(`\n${AREA_TITLES[r.area]}\n`);
    }
    io.stdout(`  ${r.spec.id.padEnd(44)} ${r.spec.severity.padEnd(8)} §${r.safeguard.padEnd(18)} ${r.spec.title}\n`);
  }
  io.stdout(`\n${packs.rules.length} rules\n`);
  return 0;
}
