/**
 * The one host module: what the engine knows about host names. Two questions use it — does traffic to a host
 * leave the machine (plaintext-transport rules: `isExternalHost`), and could a host be a third party that receives
 * data (the vendor review: `isPrivateName`, `isIdentifierHost`) — over one set of lists: reserved and private
 * names, and the hosts of standards whose URLs are identifiers (XML namespaces, schemas, FHIR code systems).
 */

/** Reserved top-level names (RFC 2606 / 6761) and private-network suffixes: never a third party's service. */
const PRIVATE_SUFFIXES = ["example", "test", "invalid", "localhost", "local", "internal", "lan", "home.arpa", "intranet", "corp", "localdomain"];
const RESERVED_DOMAINS = ["example.com", "example.net", "example.org"];

/** Names that stay on this machine or its test network. */
const LOCAL_SUFFIXES = [".cluster.local", ".localhost", ".test", ".example", ".invalid", ".internal.test", ".localdomain"];
const LOCAL_HOSTS = new Set(["localhost", "0.0.0.0", "::1", "[::1]", "host.docker.internal", "example.com", "example.org", "example.net", "ip6-localhost", "ip6-loopback"]);

/**
 * Hosts whose URLs are identifiers (XML namespaces, schemas, DTDs, licences, code systems), not endpoints. A
 * domain that names only identifiers counts with its subdomains; a site that also serves content counts alone.
 */
const IDENTIFIER_DOMAINS = [
  "w3.org", "xmlsoap.org", "schemas.microsoft.com", "schemas.openxmlformats.org", "schemas.android.com", "purl.org",
  "json-schema.org", "schema.org", "xmlns.com", "w3id.org", "ietf.org", "iana.org", "spdx.org", "opensource.org",
  "hl7.org", "fhir.org", "loinc.org", "snomed.info", "unitsofmeasure.org", "nucc.org", "nlm.nih.gov", "ama-assn.org",
  "cdc.gov", "cms.gov", "who.int", "ihe.net", "dicom.nema.org", "openid.net",
  // genomics code systems, as FHIR's Genomics Reporting guide names them (`http://varnomen.hgvs.org`, HGNC's
  // `http://www.genenames.org`, `http://www.sequenceontology.org`)
  "hgvs.org", "genenames.org", "sequenceontology.org",
];
const IDENTIFIER_HOSTS = new Set([
  "xmlns.jcp.org", "java.sun.com", "xmlns.oracle.com", "www.springframework.org", "maven.apache.org", "www.apache.org", "apache.org",
  "ns.adobe.com", "xml.org", "www.xml.org", "docs.oasis-open.org", "www.opengis.net", "www.omg.org", "www.gnu.org", "creativecommons.org",
  "www.wsp.org", "ws.apache.org", "www.ehcache.org", "jakarta.ee", "www.hibernate.org", "cxf.apache.org", "dublincore.org", "ogp.me",
  "rdfs.org", "www.sitemaps.org", "search.yahoo.com", "tempuri.org", "www.tempuri.org", "www.example.com", "www.example.org", "www.example.net",
]);

/** Whether `host` is `domain` or one of its subdomains. */
export function hostUnder(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

/** Whether a host's URLs are identifiers of a standard rather than services to call. */
export function isIdentifierHost(rawHost: string): boolean {
  const host = rawHost.toLowerCase();
  return IDENTIFIER_HOSTS.has(host) || IDENTIFIER_DOMAINS.some((d) => hostUnder(host, d));
}

/** Reserved, private-network and mDNS names: whoever serves them, it is not a third party on the internet. */
export function isPrivateName(rawHost: string): boolean {
  const host = rawHost.toLowerCase();
  return RESERVED_DOMAINS.some((d) => hostUnder(host, d)) || PRIVATE_SUFFIXES.some((d) => hostUnder(host, d));
}

export function isLocalHost(rawHost: string): boolean {
  const host = rawHost.toLowerCase().replace(/\.$/, "");
  if (LOCAL_HOSTS.has(host)) return true;
  // example.com and its subdomains (aaa.example.com) are reserved for documentation (RFC 2606).
  if (RESERVED_DOMAINS.some((d) => hostUnder(host, d))) return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)) return true;
  if (/^\[?::ffff:127\./.test(host)) return true;
  // `printer.local` is mDNS on the developer's own link; `pacs.stmarys.local` is an Active Directory domain —
  // a hospital network that ePHI crosses in clear text over http://.
  if (/^[^.]+\.local$/.test(host)) return true;
  return LOCAL_SUFFIXES.some((suffix) => host.endsWith(suffix));
}

/** A host that a real request could leave the machine for: not loopback, not a reserved test name, not an identifier. */
export function isExternalHost(rawHost: string): boolean {
  const host = rawHost.trim();
  if (host.length === 0 || /[${}<>%]/.test(host)) return false;
  if (isLocalHost(host)) return false;
  if (!host.includes(".") && !host.includes(":")) return false; // single-label names: compose services, k8s services
  return !isIdentifierHost(host);
}

export function hostOfUrl(url: string): string | undefined {
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#\s]*@)?(\[[^\]]*\]|[^:/?#\s'"`)]+)/i.exec(url.trim());
  return m?.[1];
}

/**
 * URL paths that name something rather than address a service: FHIR canonical URLs of conformance resources
 * (…/StructureDefinition/…, …/ValueSet/…), extension and identifier-system URLs, and XML-style namespaces (…/ns/…).
 */
const IDENTIFIER_PATH = /\/(StructureDefinition|ValueSet|CodeSystem|SearchParameter|OperationDefinition|CapabilityStatement|ImplementationGuide|NamingSystem|ConceptMap|CompartmentDefinition|StructureMap|ig|sid|ns|extensions?|identifiers?|data-extensions?)(\/|$|#)/i;

export function isIdentifierUrl(url: string): boolean {
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^/?#\s]*(\/[^?#\s]*)?/i.exec(url.trim());
  return m?.[1] !== undefined && IDENTIFIER_PATH.test(m[1]);
}

export function isExternalUrl(url: string): boolean {
  const host = hostOfUrl(url);
  return host !== undefined && isExternalHost(host) && !isIdentifierUrl(url);
}

const HOST = /(?<![\w@.-])([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.[a-z]{2,24})(?![\w-]|\.[a-z0-9])/gi;
const URL_HOST = /\b[a-z][a-z0-9+.-]{0,31}:\/\/([^\s/@"'`<>]{0,256}@)?([a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+)((?::\d+)?[/?#][^\s"'`<>)\]]*)?/gi;

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
