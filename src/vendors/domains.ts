/** Which files and lines the vendor review reads for outbound hosts, and which URLs are documentation rather than calls. */
import { hostUnder, isIdentifierHost, isPrivateName } from "../engine/hosts.js";

/** Files whose lines are prose or package metadata, not outbound calls: they are not read for vendor hosts. */
export function readsHosts(path: string): boolean {
  const base = path.slice(path.lastIndexOf("/") + 1).toLowerCase();
  if (/\.(md|mdx|markdown|rst|adoc|txt|lock|svg|snap|csv|tsv|log|map|min\.js)$/.test(base)) return false;
  if (/^(license|licence|notice|changelog|authors|contributors|codeowners|pkg-info|metadata)(\.|$)/.test(base)) return false;
  if (/\.(egg-info|dist-info)\//i.test(path)) return false;
  if (/^(package(-lock)?\.json|npm-shrinkwrap\.json|pnpm-lock\.yaml|composer\.(json|lock)|go\.(mod|sum)|pipfile(\.lock)?|poetry\.lock|gemfile(\.lock)?|packages\.lock\.json)$/.test(base)) return false;
  return true;
}

/** Whether a host is a reserved/private name or a standard's identifier rather than a service that could receive PHI. */
export function isNonVendorHost(host: string): boolean {
  if (/\.\d+$/.test(host)) return true; // an IP address: nothing says who runs it (private ranges, metadata endpoints)
  const labels = host.split(".");
  if (["gov", "mil"].includes(labels.at(-1)!) || labels.at(-2) === "gov") return true; // public authorities are not business associates
  return isPrivateName(host) || isIdentifierHost(host);
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
