// Path globs: the native-regex form of simple globs (engine/files/glob.ts) gives minimatch's answer for every glob
// of the default pack and every path class, on paths built from the globs themselves and their near misses.
import { Minimatch } from "minimatch";
import { describe, expect, it } from "vitest";
import { loadDefaultRules } from "../../src/defaults/rules.js";
import { globMatcher, simpleGlobRegex } from "../../src/engine/files/glob.js";
import { inPathClass, PATH_CLASS_EXCEPTIONS, PATH_CLASSES } from "../../src/engine/files/paths.js";

const packGlobs = [...new Set(loadDefaultRules().rules.flatMap((r) => [...(r.spec.paths ?? []), ...(r.spec.exclude_paths ?? [])]).filter((g) => !g.startsWith("@")))];
const classGlobs: string[] = [...Object.values(PATH_CLASSES), ...Object.values(PATH_CLASS_EXCEPTIONS)].flat();

/** Paths a glob matches (its stars filled in several ways) and near misses (one character off, one folder more). */
function pathsFrom(globs: string[]): string[] {
  const paths = new Set(["a", "test", "tests/x", "x/test", "x/test/", "README.md", ".env", "a/.env", "x.conf", ".conf", "Test/A.md", "a//b.md", "./a.md", "a/../b.md", "/abs/x.md", "dir/ünïcode.md", "with space/x.md"]);
  for (const g of globs) {
    for (const dir of ["", "a/", "a/b/", ".x/"]) {
      for (const star of ["", "x", ".x", "x.y"]) {
        const p = dir + g.replace(/\*\*\//g, dir).replace(/\/\*\*$/, `/${star}/z`).replace(/\*/g, star);
        for (const q of [p, p.toUpperCase(), `pre/${p}`, `${p}/post`, p.slice(1), p.slice(0, -1)]) paths.add(q);
      }
    }
  }
  return [...paths];
}

describe("globMatcher", () => {
  it("answers as minimatch does for every glob of the default pack and the path classes", () => {
    expect(packGlobs.length).toBeGreaterThan(50);
    // Each glob meets the paths built from it, and every 20th path built from all the others.
    const shared = pathsFrom([...packGlobs, ...classGlobs]).filter((_, i) => i % 20 === 0);
    let checked = 0;
    const mismatches: string[] = [];
    for (const [globs, nocase] of [[packGlobs, false], [classGlobs, true]] as const) {
      for (const glob of globs) {
        const mm = new Minimatch(glob, { dot: true, matchBase: !glob.includes("/"), ...(nocase ? { nocase: true } : {}) });
        const matches = globMatcher(glob, { nocase });
        for (const path of [...pathsFrom([glob]), ...shared]) {
          checked++;
          if (matches(path) !== mm.match(path) && mismatches.length < 10) mismatches.push(`${glob} ${JSON.stringify(path)}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBeGreaterThan(100_000);
  });

  it("turns nearly every glob of the pack into a regex, and leaves the rest to minimatch", () => {
    const simple = [...packGlobs, ...classGlobs].filter((g) => simpleGlobRegex(g));
    expect(simple.length).toBeGreaterThan(0.95 * (packGlobs.length + classGlobs.length));
    expect(simpleGlobRegex("*_[a-z][a-z].properties")).toBeUndefined();
    expect(simpleGlobRegex("**/*.{yml,yaml}")).toBeUndefined();
    expect(globMatcher("**/*.{yml,yaml}")("a/b.yaml")).toBe(true);
    expect(globMatcher("**/test/**")("src/test/a.java")).toBe(true);
    expect(globMatcher("**/test/**")("src/test")).toBe(false);
    expect(globMatcher("*.conf")("etc/nginx/site.conf")).toBe(true);
    expect(globMatcher("**/TESTS/**", { nocase: true })("a/tests/b")).toBe(true);
  });
});

describe("path classes", () => {
  it("takes Ansible variables of production groups and hosts as production configuration, not non-production ones", () => {
    for (const path of ["ansible/group_vars/dicom_router_prod.yml", "group_vars/production.yml", "inventory/host_vars/prod-db1.yml", "host_vars/PROD_pacs.yml", "ansible/inventories/prod/group_vars/all.yml"]) {
      expect(inPathClass(path, "prod-config"), path).toBe(true);
    }
    for (const path of ["ansible/group_vars/nonprod.yml", "group_vars/non_prod.yml", "group_vars/pre-prod.yml", "host_vars/preprod-db1.yml", "group_vars/Products.yml", "group_vars/product_catalog.yml", "group_vars/all.yml"]) {
      expect(inPathClass(path, "prod-config"), path).toBe(false);
    }
  });

  it("takes an infrastructure template's parameters and node-config's files for the development environment as development configuration", () => {
    for (const path of ["infra/bicep/env/dev.bicepparam", "infra/main.dev.bicepparam", "terraform/dev.tfvars", "terraform/app.dev.tfvars", "arm/dev.parameters.json", "arm/parameters.dev.json", "config/local.json", "api/config/development.yaml"]) {
      expect(inPathClass(path, "dev-config"), path).toBe(true);
    }
    for (const path of ["infra/bicep/env/prod.bicepparam", "terraform/devops.tfvars", "terraform/prod.tfvars", "arm/parameters.json", "config/production.json", "config/default.json"]) {
      expect(inPathClass(path, "dev-config"), path).toBe(false);
    }
  });

  it("takes dependency managers' vendor folders as vendored, not the project's own code about a vendor", () => {
    const vendored = [
      "vendor/github.com/lib/pq/conn.go", "services/api/vendor/golang.org/x/net/http2/transport.go", "vendor/modules.txt",
      "vendor/laravel/framework/src/Illuminate/Http/Request.php", "vendor/autoload.php", "vendor/bundle/ruby/3.2.0/gems/rack-3.0.8/lib/rack.rb",
      "vendor/serde/src/lib.rs", "public/vendor/jquery.js", "src/main/webapp/vendor/chart.min.js", "app/assets/vendor/select2.css",
    ];
    for (const path of vendored) expect(inPathClass(path, "vendored"), path).toBe(true);
    const own = [
      "internal/vendor/client.go", "vitals-ingest/internal/vendor/omnicuff/client.go", "pharmacy/vendor/orders.py", "src/main/java/com/acme/pharmacy/vendor/VendorClient.java",
      "src/main/kotlin/org/acme/vendor/api/Orders.kt", "app/Services/Vendor/PharmacyClient.php", "src/Acme.Pharmacy/Vendor/Client.cs",
    ];
    for (const path of own) expect(inPathClass(path, "vendored"), path).toBe(false);
  });
});
