/** File kinds, detected from the path alone (no content sniffing, so detection is free and predictable). */

export const LANGUAGES = [
  "javascript", "typescript", "python", "go", "java", "kotlin", "csharp", "ruby", "php", "shell",
  "dockerfile", "yaml", "terraform", "nginx", "apache", "json", "xml", "properties", "dotenv", "ini",
  "toml", "sql", "markdown", "text", "csv", "html",
  "rust", "swift", "scala", "c", "cpp", "plist", "elixir",
] as const;

export type Language = (typeof LANGUAGES)[number];

const BY_EXTENSION: Record<string, Language[]> = {
  js: ["javascript"], mjs: ["javascript"], cjs: ["javascript"], jsx: ["javascript"], gs: ["javascript"],
  ts: ["typescript"], tsx: ["typescript"], mts: ["typescript"], cts: ["typescript"],
  py: ["python"], pyi: ["python"],
  go: ["go"],
  java: ["java"],
  kt: ["kotlin"], kts: ["kotlin"],
  cs: ["csharp"], cshtml: ["csharp"], razor: ["csharp"],
  rb: ["ruby"], erb: ["ruby"], rake: ["ruby"],
  php: ["php"],
  sh: ["shell"], bash: ["shell"], zsh: ["shell"], ksh: ["shell"],
  dockerfile: ["dockerfile"],
  yml: ["yaml"], yaml: ["yaml"],
  tf: ["terraform"], tfvars: ["terraform"], hcl: ["terraform"],
  nginx: ["nginx"],
  htaccess: ["apache"],
  json: ["json"],
  xml: ["xml"], config: ["xml"], csproj: ["xml"],
  properties: ["properties"],
  env: ["dotenv"],
  ini: ["ini"], cfg: ["ini"], cnf: ["ini"],
  toml: ["toml"],
  sql: ["sql"],
  md: ["markdown"], mdx: ["markdown"], rst: ["markdown"],
  txt: ["text"], log: ["text"],
  csv: ["csv"], tsv: ["csv"],
  html: ["html"], htm: ["html"],
  // single-file components: scripts (parsed as TypeScript, a superset of the JavaScript they may hold) in markup
  vue: ["typescript", "html"], svelte: ["typescript", "html"],
  rs: ["rust"],
  swift: ["swift"],
  scala: ["scala"], sc: ["scala"], sbt: ["scala"],
  ex: ["elixir"], exs: ["elixir"],
  c: ["c"], h: ["c", "cpp"],
  cc: ["cpp"], cpp: ["cpp"], cxx: ["cpp"], hpp: ["cpp"], hh: ["cpp"], hxx: ["cpp"],
  plist: ["plist"],
};

const BY_NAME: Record<string, Language[]> = {
  gemfile: ["ruby"], rakefile: ["ruby"],
  dockerfile: ["dockerfile"], containerfile: ["dockerfile"],
  "nginx.conf": ["nginx"],
  "httpd.conf": ["apache"], "apache2.conf": ["apache"], ".htaccess": ["apache"],
  ".env": ["dotenv"],
};

const cache = new Map<string, Language[]>();

export function detectLanguages(path: string): Language[] {
  const hit = cache.get(path);
  if (hit) return hit;
  const result = detect(path);
  if (cache.size > 10_000) cache.clear();
  cache.set(path, result);
  return result;
}

function detect(path: string): Language[] {
  const lower = path.toLowerCase();
  const base = lower.slice(lower.lastIndexOf("/") + 1);
  const named = BY_NAME[base];
  if (named) return named;
  if (base.startsWith("dockerfile.") || base.startsWith("containerfile.")) return ["dockerfile"];
  if (base.startsWith(".env.") || base === ".envrc") return ["dotenv"];
  const dot = base.lastIndexOf(".");
  if (dot < 0) return [];
  const ext = base.slice(dot + 1);
  if (ext === "conf") {
    if (lower.includes("nginx")) return ["nginx"];
    if (lower.includes("apache") || lower.includes("httpd")) return ["apache"];
    return ["nginx", "apache"];
  }
  return BY_EXTENSION[ext] ?? [];
}

/** The file name an example is given when a rule lists languages and the example gives no path. */
export const EXAMPLE_FILE: Record<Language, string> = {
  javascript: "src/app.js", typescript: "src/app.ts", python: "app/main.py", go: "cmd/server/main.go",
  java: "src/main/java/App.java", kotlin: "src/main/kotlin/App.kt", csharp: "src/Program.cs",
  ruby: "app/models/record.rb", php: "public/index.php", shell: "scripts/deploy.sh",
  dockerfile: "Dockerfile", yaml: "deploy/app.yaml", terraform: "infra/main.tf", nginx: "nginx.conf",
  apache: "httpd.conf", json: "config/settings.json", xml: "config/settings.xml",
  properties: "src/main/resources/application.properties", dotenv: ".env", ini: "config/settings.ini",
  toml: "config/settings.toml", sql: "db/seed.sql", markdown: "docs/notes.md", text: "docs/notes.txt",
  csv: "fixtures/records.csv", html: "public/index.html",
  rust: "src/main.rs", swift: "Sources/App/Client.swift", scala: "src/main/scala/App.scala", c: "src/main.c",
  cpp: "src/main.cpp", plist: "App/Info.plist", elixir: "lib/app/worker.ex",
};
