/**
 * Path classes the engine knows, as named glob sets: rules name them in `exclude_paths` (`@tests`), and the code
 * asks the same question (`isTestPath`), so "what is a test" has one answer. Case-insensitive; a glob without
 * "/" matches the base name anywhere.
 */
import { globMatcher } from "./glob.js";

export const PATH_CLASSES = {
  /** Tests, fixtures, mocks, test data and recorded expected outputs. */
  tests: [
    "**/test/**", "**/tests/**", "**/__tests__/**", "**/spec/**", "**/specs/**", "**/fixture/**", "**/fixtures/**",
    "**/__fixtures__/**", "**/__mocks__/**", "**/mock/**", "**/mocks/**", "**/testdata/**", "**/test-data/**",
    "**/test_data/**", "**/TestFiles/**", "**/__snapshots__/**", "**/e2e/**", "**/cypress/**",
    // .NET and Java test projects: Foo.Tests/, Foo.UnitTests/, Foo.Tests.Integration/, src/test/…
    "**/*.*Tests/**", "**/*.*Tests.*/**",
    "*.test.*", "*.spec.*", "*_test.*", "*_spec.*", "test_*.py", "conftest.py",
    "*Test.java", "*Tests.java", "*Test.kt", "*Tests.kt", "*Test.cs", "*Tests.cs",
    "*Test.swift", "*Tests.swift", "*Test.scala", "*Spec.scala", "*Suite.scala", "test.rs", "tests.rs", "*_unittest.*",
    "*_expected.*", "*.expected.*", "*.golden", "*.snap",
    // Benchmarks (microbenchmark suites and benchmark apps) measure the code; they are not shipped.
    "**/benchmark/**", "**/benchmarks/**",
    // Ansible roles' Molecule scenarios: a role converged and verified on a throwaway instance.
    "**/molecule/**",
  ],
  /** Message catalogs and translations: prose in many languages, never credentials. */
  catalogs: [
    "**/i18n/**", "**/l10n/**", "**/locale/**", "**/locales/**", "**/translations/**", "**/*.lproj/**",
    "*.po", "*.pot", "*.resx", "*.strings", "*.xliff", "*.xlf", "**/res/values*/strings.xml",
    "messages*.properties", "ValidationMessages*.properties", "*_[a-z][a-z].properties", "*_[a-z][a-z]_[A-Z][A-Z].properties",
  ],
  /** Third-party code copied into the repository, and generated or minified files: not the change's own code. */
  vendored: [
    "**/vendor/**", "**/third_party/**", "**/third-party/**", "**/thirdparty/**", "**/node_modules/**",
    "**/bower_components/**", "**/generated/**", "**/__generated__/**",
    "*.min.js", "*.min.css", "*-min.js", "*.bundle.js", "*.js.map", "*.mjs.map", "*.css.map", "*.pb.go", "*_pb2.py", "*_pb2_grpc.py", "*.g.cs",
    "*.designer.cs", "*.Designer.cs", "*.generated.*", "*.gen.go",
    // Generated documentation sites: API docs and source cross-references (javadoc, Maven JXR, jsdoc, typedoc,
    // Doxygen) render the project's code and links as HTML.
    "**/apidocs/**/*.htm?(l)", "**/testapidocs/**/*.htm?(l)", "**/javadoc/**/*.htm?(l)", "**/javadocs/**/*.htm?(l)",
    "**/xref/**/*.htm?(l)", "**/xref-test/**/*.htm?(l)", "**/jsdoc/**/*.htm?(l)", "**/typedoc/**/*.htm?(l)",
    "**/doxygen/**/*.htm?(l)",
    // FrontPage server extensions' per-page metadata folders.
    "**/_vti_cnf/**", "**/_vti_pvt/**",
    // Yarn's checked-in release bundles, plugins and generated Plug'n'Play loaders.
    "**/.yarn/releases/**", "**/.yarn/plugins/**", "**/.yarn/sdks/**", ".pnp.cjs", ".pnp.loader.mjs",
  ],
  /** Prose: documentation a person reads. */
  docs: ["*.md", "*.mdx", "*.rst", "*.adoc"],
  /**
   * A migration's rollback (golang-migrate's `*.down.sql`, Flyway's undo `U…__*.sql`, a `rollback` script): it takes
   * back what its own forward migration adds, so dropping a policy or trigger there removes nothing the change keeps.
   */
  rollbacks: ["*rollback*", "**/rollback/**", "**/rollbacks/**", "*.down.sql", "*_down.sql", "down.sql", "**/U[0-9]*__*.sql", "**/undo/**"],
  /** Configuration for a developer's machine or a test environment, not for production. */
  "dev-config": [
    ".env.test*", ".env.dev*", ".env.local", ".env.local.*", ".env.example", ".env.sample", "appsettings.Development.json",
    "application-dev.*", "application-local.*", "application-test.*", "docker-compose.override.yml",
    "docker-compose.dev.yml", "docker-compose.local.yml", "docker-compose.test.yml",
    // Helm values for a developer's local cluster (kind, minikube) or a dev profile, as `application-dev.*` is for Spring.
    "values-local.*", "values.local.*", "values-dev.*", "values.dev.*", "values-kind.*", "values-minikube.*",
    // Kustomize overlays for a local cluster, and Rails' development environment.
    "**/overlays/local/**", "**/overlays/kind/**", "**/overlays/minikube/**", "**/config/environments/development.rb",
    // A project's harness for running it on a developer's machine.
    "**/local-dev/**", "**/localdev/**", "**/local_dev/**",
    // An infrastructure project's sandbox and local environments (Terraform/Terragrunt `envs/sandbox`; its development
    // ones are any `dev/` folder, below), as `values-dev.*` is for Helm: blind cases written apart (rounds 10 and 12)
    // both treated them as synthetic-data stacks.
    "**/envs/sandbox/**", "**/envs/local/**", "**/environments/sandbox/**", "**/environments/local/**",
    // …and the same environments named as subscriptions or accounts (`subscriptions/sandbox/defender.bicep`).
    "**/subscriptions/sandbox/**", "**/accounts/sandbox/**",
    // …and any infrastructure folder named for the development environment (`arm/dev/…`), as `prod/` is @prod-config
    "**/dev/**", "**/development/**",
    // …and an infrastructure template's parameters for that environment (`env/dev.bicepparam`, `dev.tfvars`)
    "dev.bicepparam", "*.dev.bicepparam", "dev.tfvars", "*.dev.tfvars", "dev.auto.tfvars", "dev.parameters.json",
    "*.dev.parameters.json", "parameters.dev.json",
    // node-config's files for a developer's machine and the test run (`config/local.json`, `config/development.yaml`),
    // as `config/production.*` is @prod-config
    "**/config/local.json", "**/config/local.yaml", "**/config/local.yml", "**/config/development.json",
    "**/config/development.yaml", "**/config/development.yml", "**/config/test.json",
    // Django's settings for a developer's machine and for the test run (`settings/local.py`, `test_settings.py`).
    "**/settings/local.py", "**/settings/dev.py", "**/settings/development.py", "**/settings/test.py",
    "**/settings/tests.py", "**/settings/testing.py", "local_settings.py", "settings_local.py", "settings_dev.py",
    "test_settings.py", "settings_test.py",
    // Elixir's per-environment configuration (Phoenix generates `config :bcrypt_elixir, :log_rounds, 1` in test.exs).
    "**/config/dev.exs", "**/config/test.exs",
    // …and for the CI run's tests (`settings/ci.py`, against the pipeline's throwaway service containers)
    "**/settings/ci.py", "settings_ci.py", "ci_settings.py",
    // A database server's options for a local container (`conf.d/local.cnf`).
    "local.cnf", "*.local.cnf", "dev.cnf", "*.dev.cnf",
    // An IDE's launch configurations, shared in the repository: how a developer runs the code on their machine.
    "**/.run/*.run.xml", "**/.idea/runConfigurations/**", "**/.vscode/launch.json",
  ],
  /**
   * Configuration read only in production: a framework's production profile or environment file, a production
   * Helm values file or ConfigMap. Rules about settings that are normal in development (debug log levels, debug
   * error pages) read these files only.
   */
  "prod-config": [
    "application-prod.*", "application-production.*", "appsettings.Production.json", "appsettings.Prod.json",
    "**/settings/production.py", "**/settings/prod.py", "settings_production.py", "settings_prod.py",
    "**/config/environments/production.rb", "**/config/production.*", "**/config/prod.*",
    "*configmap*prod*.yaml", "*configmap*prod*.yml", "values-prod*.yaml", "values-prod*.yml",
    "values-production*.yaml", "values-production*.yml", "values.prod.yaml", "values.production.yaml",
    ".env.production", ".env.prod",
    // a logging framework's production configuration (`log4j2-prod.xml`, `logback-production.xml`)
    "log4j2-prod*.*", "log4j2-production*.*", "logback-prod*.xml", "logback-production*.xml", "nlog.production.config",
    "nlog.prod.config",
    // an ASP.NET (.NET Framework) production transform of Web.config, applied by the Release build
    "Web.Release.config", "web.release.config", "Web.Production.config", "Web.Prod.config", "web.production.config",
    // Manifests, templates, modules and environments of production (Kubernetes, Bicep, Terraform: `envs/prod`,
    // `bicep/prod/…`), as `dev/` is @dev-config
    "**/production/**", "**/prod/**",
    // Ansible variables of production groups and hosts (`group_vars/dicom_router_prod.yml`, `host_vars/prod-db1.yml`)
    "**/group_vars/*prod*", "**/group_vars/*production*", "**/host_vars/*prod*",
  ],
} as const;

export type PathClass = keyof typeof PATH_CLASSES;

/**
 * Paths a class's globs take in but that are not of the class: a name that holds `prod` without being production
 * (`group_vars/nonprod.yml`, `host_vars/pre-prod-db1.yml`, `group_vars/products.yml`).
 */
const NOT_PROD = ["nonprod", "non_prod", "non-prod", "preprod", "pre_prod", "pre-prod", "products", "product_", "product-", "product."];
/**
 * …and a folder named `vendor` that is the project's own code about a vendor (`internal/vendor/client.go`, a Java
 * package `com.acme.pharmacy.vendor`, Laravel's `app/Services/Vendor/`): dependency managers never put a source file
 * of these languages straight into `vendor/` (Go's `vendor/<host>/…`, Composer's `vendor/<org>/<package>/…`, Bundler's
 * `vendor/bundle/…`, Cargo's `vendor/<crate>/…`), and never vendor into a JVM source tree or a PHP app's namespaces.
 * A library copied straight into `vendor/` is JavaScript or CSS (`vendor/jquery.js`), still vendored. Go vendors a
 * module under its path, whose first segment is a host with a dot (`vendor/github.com/…`, `vendor/golang.org/x/…`):
 * a Go package under a `vendor/` folder without one is the project's own (`internal/vendor/omnicuff/client.go`).
 */
const OWN_VENDOR_CODE = [
  ...["go", "py", "java", "kt", "scala", "cs", "rb", "ex", "rs", "swift", "dart"].map((ext) => `**/vendor/*.${ext}`),
  "**/vendor/!(*.*)/**/*.go",
  "**/src/main/java/**/vendor/**", "**/src/main/kotlin/**/vendor/**", "**/src/main/scala/**/vendor/**",
  "**/app/**/vendor/**/*.php",
];
export const PATH_CLASS_EXCEPTIONS: Partial<Record<PathClass, readonly string[]>> = {
  "prod-config": ["group_vars", "host_vars"].flatMap((dir) => NOT_PROD.map((word) => `**/${dir}/*${word}*`)),
  vendored: OWN_VENDOR_CODE,
};

/** Each class's globs, and its answer for the last path asked (every rule excluding @tests asks about each file). */
const compiled = new Map<PathClass, { globs: ((path: string) => boolean)[]; except: ((path: string) => boolean)[]; lastPath?: string; lastResult: boolean }>();

export function inPathClass(path: string, cls: PathClass): boolean {
  let entry = compiled.get(cls);
  if (!entry) {
    const matcher = (g: string) => globMatcher(g, { nocase: true });
    compiled.set(cls, (entry = { globs: PATH_CLASSES[cls].map(matcher), except: (PATH_CLASS_EXCEPTIONS[cls] ?? []).map(matcher), lastResult: false }));
  }
  if (entry.lastPath !== path) {
    entry.lastPath = path;
    entry.lastResult = entry.globs.some((g) => g(path)) && !entry.except.some((g) => g(path));
  }
  return entry.lastResult;
}

/** Whether a path holds tests or fixtures. */
export function isTestPath(path: string): boolean {
  return inPathClass(path, "tests");
}
