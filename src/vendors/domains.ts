/** Outbound host names in added lines of code and config, for matching against vendor domains. */

/** Files whose lines are prose or package metadata, not outbound calls: they are not read for vendor hosts. */
export function readsHosts(path: string): boolean {
  const base = path.slice(path.lastIndexOf("/") + 1).toLowerCase();
  if (/\.(md|mdx|markdown|rst|adoc|txt|lock|svg|snap|csv|tsv|log|map|min\.js)$/.test(base)) return false;
  if (/^(license|licence|notice|changelog|authors|contributors|codeowners|pkg-info|metadata)(\.|$)/.test(base)) return false;
  if (/\.(egg-info|dist-info)\//i.test(path)) return false;
  if (/^(package(-lock)?\.json|npm-shrinkwrap\.json|pnpm-lock\.yaml|composer\.(json|lock)|go\.(mod|sum)|pipfile(\.lock)?|poetry\.lock|gemfile(\.lock)?|packages\.lock\.json)$/.test(base)) return false;
  return true;
}

const COMMENT = /^\s*(\/\/|#(?!!)|\/\*|\*|<!--|--\s|;|rem\s)/i;

/** Whether the line is a whole-line comment: a host mentioned there is not a call. */
export function isCommentLine(text: string): boolean {
  return COMMENT.test(text);
}

const HOST = /(?<![\w@.-])([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.[a-z]{2,24})(?![\w-]|\.[a-z0-9])/gi;

/**
 * Host names on a line: in URLs (`https://api.segment.io/v1`), in strings (`"api.mixpanel.com"`) and bare in
 * config (`host: collector.newrelic.com`). E-mail addresses are not hosts to call. Lower-cased, unique.
 */
export function hostsIn(text: string): { host: string; index: number; url?: { rest: string } }[] {
  const out: { host: string; index: number; url?: { rest: string } }[] = [];
  const seen = new Set<string>();
  const add = (host: string, index: number, url?: { rest: string }) => {
    const h = host.toLowerCase();
    if (seen.has(h)) return;
    seen.add(h);
    out.push({ host: h, index, ...(url ? { url } : {}) });
  };
  // URLs first: their user-info (a Sentry DSN key, credentials) precedes the host.
  for (const m of text.matchAll(URL_HOST)) add(m[2]!, m.index + m[0].length - m[2]!.length, { rest: m[3] ?? "" });
  for (const m of text.matchAll(HOST)) add(m[1]!, m.index);
  return out.sort((a, b) => a.index - b.index);
}

const URL_HOST = /\b[a-z][a-z0-9+.-]*:\/\/([^\s/@"'`<>]*@)?([a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+)((?::\d+)?[/?#][^\s"'`<>)\]]*)?/gi;

/**
 * Hosts that name something rather than receive data: reserved and private names (RFC 2606/6761, mDNS,
 * Kubernetes services), and the identifiers of standards — XML namespaces, JSON Schema ids, and the code-system
 * URIs of healthcare interoperability (FHIR `system` values such as http://loinc.org are names, never called).
 */
const NOT_A_VENDOR = [
  "example.com", "example.net", "example.org", "example", "test", "invalid", "localhost", "local", "internal", "lan",
  "home.arpa", "intranet", "corp", "localdomain",
  "w3.org", "xmlsoap.org", "schemas.microsoft.com", "schemas.openxmlformats.org", "schemas.android.com", "purl.org",
  "json-schema.org", "schema.org", "xmlns.com", "w3id.org", "ietf.org", "iana.org", "spdx.org", "opensource.org",
  "hl7.org", "fhir.org", "loinc.org", "snomed.info", "unitsofmeasure.org", "nucc.org", "nlm.nih.gov", "ama-assn.org",
  "cdc.gov", "cms.gov", "who.int", "ihe.net", "dicom.nema.org", "openid.net",
];

/** Whether `host` is `domain` or one of its subdomains. */
export function hostUnder(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

/** Whether a host is a reserved/private name or a standard's identifier rather than a service that could receive PHI. */
export function isNonVendorHost(host: string): boolean {
  if (/\.\d+$/.test(host)) return true; // an IP address: nothing says who runs it (private ranges, metadata endpoints)
  const labels = host.split(".");
  if (["gov", "mil"].includes(labels.at(-1)!) || labels.at(-2) === "gov") return true; // public authorities are not business associates
  return NOT_A_VENDOR.some((d) => hostUnder(host, d));
}

/** First labels of documentation and reference sites. */
const DOC_LABELS = new Set(["docs", "doc", "developer", "developers", "learn", "wiki", "man", "guides", "guide", "manual", "help", "support", "blog", "pkg", "kb", "community", "forum", "spec", "specs", "reference", "registry", "status"]);
/** Reference sites linked from code (documentation, standards bodies, package registries, source hosting). */
const DOC_DOMAINS = [
  "github.com", "gitlab.com", "bitbucket.org", "github.io", "stackoverflow.com", "wikipedia.org", "owasp.org", "mozilla.org", "mitre.org",
  "readthedocs.io", "readthedocs.org", "apache.org", "python.org", "nodejs.org", "go.dev", "golang.org", "rubyonrails.org", "ruby-doc.org",
  "php.net", "npmjs.com", "npmjs.org", "pypi.org", "maven.org", "nuget.org", "rubygems.org", "packagist.org", "kubernetes.io", "terraform.io",
  "debian.org", "ubuntu.com", "gnu.org", "openssl.org", "postgresql.org", "schemastore.org", "semver.org", "keepachangelog.com",
];
const DOC_PATH = /^(?::\d+)?\/(?:[^?#]*\/)?(docs?|wiki|guides?|manual|reference|blog|articles?|tutorials?|faq|en|en-us)(\/|$)|\.(html?|pdf|md)(?=$|[?#])|#/i;

/** reStructuredText directives and links, doctest prompts, Markdown links: a URL there is read, not called. */
const DOC_LINE = /^\s*(\.\.\s|>>>\s|\.\.\.\s)|\]\(\s*[a-z]+:\/\/|<[a-z]+:\/\/[^>\s]*>`_|\bsee:?\s+[a-z]+:\/\//i;

/**
 * Whether a URL points at documentation to read (a link in a string, a project's home page) rather than a
 * service to call. A home page is a bare domain or `www.` with no path: an API base URL names its host
 * (`api.`, `fhir.`…) or a path.
 */
export function isDocumentationUrl(host: string, rest: string, line = ""): boolean {
  const labels = host.split(".");
  const homePage = (rest === "" || rest === "/") && (labels.length === 2 || labels[0] === "www");
  return homePage || DOC_LABELS.has(labels[0]!) || DOC_DOMAINS.some((d) => hostUnder(host, d)) || DOC_PATH.test(rest) || DOC_LINE.test(line);
}

/**
 * Lines that name schemas, namespaces and code systems (`xmlns`, `$schema`, `$id`, JSON-LD `@context`, a FHIR
 * `system`): their URLs are identifiers.
 */
export function namesSchemas(text: string): boolean {
  return /xmlns|["']?(\$schema|\$id|system)["']?\s*[:=]|@context|schemaLocation/i.test(text);
}

const TEST_PATH = /(^|\/)(tests?|__tests__|spec|specs|fixtures?|__mocks__|mocks?|testdata|e2e|cypress)\/|[._-](test|spec)\.[a-z0-9]+$|_test\.go$|Tests?\.(cs|java|kt)$/i;

/** Whether a path holds tests or fixtures, whose hosts are stand-ins for calls rather than calls. */
export function isTestPath(path: string): boolean {
  return TEST_PATH.test(path);
}
