// Every dependency manifest format through the four things a change does to a dependency: add it, bump its
// version, remove it, move the file. Only an addition of a vendor's package is a finding, on the line that adds
// it (the line holding the marked dependency, found in the text, not asked of the parser).
import { describe, expect, it } from "vitest";
import { brief, review } from "./helpers.js";

type Dep = [name: string, version: string];

interface Format {
  file: string;
  /** The file's text declaring `deps`; the vendor's dependency is always last. */
  render(deps: Dep[]): string;
  other: Dep;
  vendor: Dep;
  /** A substring of the line the finding must sit on. */
  marker: string;
}

const FORMATS: Format[] = [
  {
    file: "package.json",
    render: (deps) => `{\n  "name": "portal",\n  "dependencies": {\n${deps.map(([n, v]) => `    "${n}": "^${v}"`).join(",\n")}\n  }\n}\n`,
    other: ["express", "4.19.2"],
    vendor: ["@sentry/node", "8.9.0"],
    marker: '"@sentry/node"',
  },
  {
    file: "requirements.txt",
    render: (deps) => `# runtime\n${deps.map(([n, v]) => `${n}==${v}`).join("\n")}\n`,
    other: ["Django", "5.0.6"],
    vendor: ["sentry-sdk", "2.5.1"],
    marker: "sentry-sdk==",
  },
  {
    file: "pyproject.toml",
    render: (deps) => `[project]\nname = "intake"\ndependencies = [\n${deps.map(([n, v]) => `    "${n}>=${v}",`).join("\n")}\n]\n`,
    other: ["fastapi", "0.110"],
    vendor: ["sentry_sdk", "2.5"],
    marker: '"sentry_sdk>=',
  },
  {
    file: "Pipfile",
    render: (deps) => `[[source]]\nurl = "https://pypi.org/simple"\n\n[packages]\n${deps.map(([n, v]) => `${n} = "==${v}"`).join("\n")}\n`,
    other: ["requests", "2.32.3"],
    vendor: ["Sentry-SDK", "2.5.1"],
    marker: "Sentry-SDK =",
  },
  {
    file: "go.mod",
    render: (deps) => `module example.com/portal\n\ngo 1.22\n\nrequire (\n${deps.map(([n, v]) => `\t${n} v${v}`).join("\n")}\n)\n`,
    other: ["github.com/gorilla/mux", "1.8.1"],
    vendor: ["github.com/getsentry/sentry-go", "0.28.1"],
    marker: "getsentry/sentry-go",
  },
  {
    file: "pom.xml",
    render: (deps) =>
      `<project>\n  <dependencies>\n${deps
        .map(([n, v]) => {
          const [g, a] = n.split(":");
          return `    <dependency>\n      <groupId>${g}</groupId>\n      <artifactId>${a}</artifactId>\n      <version>${v}</version>\n    </dependency>`;
        })
        .join("\n")}\n  </dependencies>\n</project>\n`,
    other: ["org.springframework.boot:spring-boot-starter-web", "3.3.0"],
    vendor: ["io.sentry:sentry", "7.10.0"],
    marker: "<artifactId>sentry</artifactId>",
  },
  {
    file: "build.gradle",
    render: (deps) => `dependencies {\n${deps.map(([n, v]) => `    implementation '${n}:${v}'`).join("\n")}\n}\n`,
    other: ["com.squareup.okhttp3:okhttp", "4.12.0"],
    vendor: ["io.sentry:sentry-android", "7.10.0"],
    marker: "sentry-android",
  },
  {
    file: "build.gradle.kts",
    render: (deps) => `dependencies {\n${deps.map(([n, v]) => `    implementation("${n}:${v}")`).join("\n")}\n}\n`,
    other: ["com.squareup.okhttp3:okhttp", "4.12.0"],
    vendor: ["io.sentry:sentry", "7.10.0"],
    marker: "io.sentry:sentry:",
  },
  {
    file: "Gemfile",
    render: (deps) => `source "https://rubygems.org"\n\n${deps.map(([n, v]) => `gem "${n}", "~> ${v}"`).join("\n")}\n`,
    other: ["rails", "7.1"],
    vendor: ["sentry-ruby", "5.17"],
    marker: '"sentry-ruby"',
  },
  {
    file: "src/Api/Api.csproj",
    render: (deps) => `<Project Sdk="Microsoft.NET.Sdk.Web">\n  <ItemGroup>\n${deps.map(([n, v]) => `    <PackageReference Include="${n}" Version="${v}" />`).join("\n")}\n  </ItemGroup>\n</Project>\n`,
    other: ["Serilog", "3.1.1"],
    vendor: ["Sentry.AspNetCore", "4.7.0"],
    marker: '"Sentry.AspNetCore"',
  },
  {
    file: "packages.config",
    render: (deps) => `<?xml version="1.0" encoding="utf-8"?>\n<packages>\n${deps.map(([n, v]) => `  <package id="${n}" version="${v}" targetFramework="net48" />`).join("\n")}\n</packages>\n`,
    other: ["Newtonsoft.Json", "13.0.3"],
    vendor: ["sentry", "4.7.0"],
    marker: 'id="sentry"',
  },
  {
    file: "composer.json",
    render: (deps) => `{\n    "name": "acme/portal",\n    "require": {\n${deps.map(([n, v]) => `        "${n}": "^${v}"`).join(",\n")}\n    }\n}\n`,
    other: ["laravel/framework", "11.0"],
    vendor: ["sentry/sentry-laravel", "4.6"],
    marker: '"sentry/sentry-laravel"',
  },
];

const lineOf = (text: string, marker: string) => text.split("\n").findIndex((l) => l.includes(marker)) + 1;
const bumped = ([n, v]: Dep): Dep => [n, v.replace(/^(\d+)/, (m) => String(Number(m) + 1))];
const moved = (file: string) => (file.includes("/") ? file.replace(/^[^/]+/, "services") : `services/api/${file}`);

describe("add, bump, remove and move, per dependency file", () => {
  for (const f of FORMATS) {
    describe(f.file, () => {
      it("an added vendor package is a finding on the line that adds it", async () => {
        const head = f.render([f.other, f.vendor]);
        const { findings } = await review({ base: { [f.file]: f.render([f.other]) }, head: { [f.file]: head } });
        expect(lineOf(head, f.marker)).toBeGreaterThan(0);
        expect(brief(findings)).toEqual([`${f.file}:${lineOf(head, f.marker)} error vendor-not-in-manifest`]);
        expect(findings[0]!.message).toContain("Sentry");
      });

      it("a version bump of it is not", async () => {
        const { findings } = await review({ base: { [f.file]: f.render([f.other, f.vendor]) }, head: { [f.file]: f.render([bumped(f.other), bumped(f.vendor)]) } });
        expect(findings).toEqual([]);
      });

      it("removing it is not", async () => {
        const { findings } = await review({ base: { [f.file]: f.render([f.other, f.vendor]) }, head: { [f.file]: f.render([f.other]) } });
        expect(findings).toEqual([]);
      });

      it("moving the file (with a bump) is not; moving it while adding the vendor is", async () => {
        const to = moved(f.file);
        const before = f.render([f.other, f.vendor]);
        const quiet = await review({ base: { [f.file]: before }, head: { [to]: f.render([bumped(f.other), f.vendor]) }, renames: { [to]: f.file } });
        expect(quiet.findings).toEqual([]);
        const head = f.render([f.other, f.vendor]);
        const loud = await review({ base: { [f.file]: f.render([f.other]) }, head: { [to]: head }, renames: { [to]: f.file } });
        expect(brief(loud.findings)).toEqual([`${to}:${lineOf(head, f.marker)} error vendor-not-in-manifest`]);
      });
    });
  }
});
