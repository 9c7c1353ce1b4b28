/** Host and URL checks for plaintext-transport rules. */

const LOCAL_SUFFIXES = [".cluster.local", ".localhost", ".test", ".example", ".invalid", ".internal.test", ".localdomain"];
const LOCAL_HOSTS = new Set(["localhost", "0.0.0.0", "::1", "[::1]", "host.docker.internal", "example.com", "example.org", "example.net", "ip6-localhost", "ip6-loopback"]);

/** Hosts whose http:// URLs are identifiers (XML namespaces, schemas, DTDs, licences), not endpoints. */
const NAMESPACE_HOSTS = new Set([
  "www.w3.org", "w3.org", "schemas.xmlsoap.org", "schemas.microsoft.com", "schemas.openxmlformats.org",
  "schemas.android.com", "json-schema.org", "xmlns.jcp.org", "java.sun.com", "xmlns.oracle.com",
  "www.springframework.org", "maven.apache.org", "www.apache.org", "apache.org", "purl.org", "ns.adobe.com",
  "xml.org", "www.xml.org", "docs.oasis-open.org", "www.opengis.net", "hl7.org", "www.hl7.org", "schema.org",
  "www.omg.org", "opensource.org", "www.opensource.org", "www.gnu.org", "creativecommons.org",
  "www.wsp.org", "ws.apache.org", "www.ehcache.org", "jakarta.ee", "www.hibernate.org", "cxf.apache.org",
  "dublincore.org", "ogp.me", "rdfs.org", "xmlns.com", "www.sitemaps.org", "search.yahoo.com", "fhir.org",
  "terminology.hl7.org", "loinc.org", "snomed.info", "unitsofmeasure.org", "www.nlm.nih.gov", "www.ama-assn.org",
  "tempuri.org", "www.tempuri.org", "www.example.com", "www.example.org", "www.example.net",
]);

export function isLocalHost(rawHost: string): boolean {
  const host = rawHost.toLowerCase().replace(/\.$/, "");
  if (LOCAL_HOSTS.has(host)) return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)) return true;
  if (/^\[?::ffff:127\./.test(host)) return true;
  // `printer.local` is mDNS on the developer's own link; `pacs.stmarys.local` is an Active Directory domain —
  // a hospital network that ePHI crosses in clear text over http://.
  if (/^[^.]+\.local$/.test(host)) return true;
  return LOCAL_SUFFIXES.some((suffix) => host.endsWith(suffix));
}

/** A host that a real request could leave the machine for: not loopback, not a reserved test name. */
export function isExternalHost(rawHost: string): boolean {
  const host = rawHost.trim();
  if (host.length === 0 || /[${}<>%]/.test(host)) return false;
  if (isLocalHost(host)) return false;
  if (!host.includes(".") && !host.includes(":")) return false; // single-label names: compose services, k8s services
  return !NAMESPACE_HOSTS.has(host.toLowerCase());
}

export function hostOfUrl(url: string): string | undefined {
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#\s]*@)?(\[[^\]]*\]|[^:/?#\s'"`)]+)/i.exec(url.trim());
  return m?.[1];
}

export function isExternalUrl(url: string): boolean {
  const host = hostOfUrl(url);
  return host !== undefined && isExternalHost(host);
}
