/**
 * Property placeholders read as lookups with a fallback (matchers/config-defaults.ts): `${KEY:fallback}` (Spring,
 * Quarkus, Micronaut), the key a dotted or dashed name; the shell's and Compose's `${KEY:-fallback}` and
 * `${KEY:=fallback}` (`${KEY:?message}` has no fallback: it fails unset); and the Serverless Framework's
 * `${env:KEY, fallback}`. Not a placeholder: `$${…}`, an escaped `${` (Terraform, Compose), nor a variable of a
 * language that reads `${namespace:name}` as something else than a fallback (VARIABLE_NAMESPACES). Every search is
 * bounded: linear in the line.
 */

export interface PlaceholderLookup {
  /** The span of the line the placeholder takes. */
  start: number;
  end: number;
  key: string;
  fallback: string;
}

/**
 * Names before the colon of `${name:rest}` that are not a property with a fallback: IAM and IoT policy variables
 * (`${aws:username}`, `${iot:Connection.Thing.ThingName}`, `${cognito-identity.amazonaws.com:sub}`), whose `rest` is
 * the variable's name, and the Serverless Framework's variable sources (`${self:custom.stage}`, `${ssm:/db/url}`),
 * whose fallback, when there is one, follows a comma. (CloudFormation's `${AWS::Region}` has a second colon.)
 */
const VARIABLE_NAMESPACES = new Map<string, "policy" | "serverless">([
  ...["aws", "iot", "s3", "ec2", "sns", "sts", "saml", "cognito-identity.amazonaws.com", "www.amazon.com", "graph.facebook.com", "accounts.google.com"].map((n) => [n, "policy"] as const),
  ...["self", "opt", "env", "ssm", "sls", "cf", "param", "file"].map((n) => [n, "serverless"] as const),
]);

/** The placeholders with a fallback on a line, at most `max`. */
export function placeholderLookups(text: string, max: number): PlaceholderLookup[] {
  const out: PlaceholderLookup[] = [];
  for (let at = text.indexOf("${"); at >= 0 && out.length < max; at = text.indexOf("${", at + 2)) {
    if (text[at - 1] === "$") continue;
    const m = /^\$\{([\w.\-[\]]{1,100}):([-=?]?)([^}{$]{0,100})\}/.exec(text.slice(at, at + 210));
    if (!m || m[2] === "?" || m[3]!.startsWith(":")) continue;
    const namespace = VARIABLE_NAMESPACES.get(m[1]!);
    if (namespace === undefined) out.push({ start: at, end: at + m[0].length, key: m[1]!, fallback: m[3]! });
    else if (namespace === "serverless") {
      // `${env:SESSION_TTL, '2592000'}`: the Serverless Framework's fallback follows the address and a comma
      const s = /^([\w.\-/]{1,100})\s{0,4},\s{0,4}(.{1,100})$/.exec(m[3]!);
      if (s) out.push({ start: at, end: at + m[0].length, key: s[1]!, fallback: s[2]!.trim() });
    }
  }
  return out;
}
