/**
 * Path classes the engine knows, as named glob sets: rules name them in `exclude_paths` (`@tests`), and the code
 * asks the same question (`isTestPath`), so "what is a test" has one answer. Case-insensitive; a glob without
 * "/" matches the base name anywhere.
 */
import { Minimatch } from "minimatch";

export const PATH_CLASSES = {
  /** Tests, fixtures, mocks and test data. */
  tests: [
    "**/test/**", "**/tests/**", "**/__tests__/**", "**/spec/**", "**/specs/**", "**/fixture/**", "**/fixtures/**",
    "**/__mocks__/**", "**/mock/**", "**/mocks/**", "**/testdata/**", "**/e2e/**", "**/cypress/**",
    "*.test.*", "*.spec.*", "*_test.*", "*_spec.*", "*-test.*", "*-spec.*", "test_*.py", "conftest.py",
    "*Test.java", "*Tests.java", "*Test.kt", "*Tests.kt", "*Test.cs", "*Tests.cs",
  ],
  /** Prose: documentation a person reads. */
  docs: ["*.md", "*.mdx", "*.rst", "*.adoc"],
  /** Configuration for a developer's machine or a test environment, not for production. */
  "dev-config": [
    ".env.test*", ".env.dev*", ".env.local", ".env.example", ".env.sample", "appsettings.Development.json",
    "application-dev.*", "application-local.*", "application-test.*", "docker-compose.override.yml",
    "docker-compose.dev.yml", "docker-compose.local.yml", "docker-compose.test.yml",
  ],
} as const;

export type PathClass = keyof typeof PATH_CLASSES;

const compiled = new Map<PathClass, Minimatch[]>();

export function inPathClass(path: string, cls: PathClass): boolean {
  let globs = compiled.get(cls);
  if (!globs) compiled.set(cls, (globs = PATH_CLASSES[cls].map((g) => new Minimatch(g, { dot: true, nocase: true, matchBase: !g.includes("/") }))));
  return globs.some((g) => g.match(path));
}

/** Whether a path holds tests or fixtures. */
export function isTestPath(path: string): boolean {
  return inPathClass(path, "tests");
}
