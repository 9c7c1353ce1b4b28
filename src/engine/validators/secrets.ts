/** Tells a real-looking secret from a placeholder, a reference or an example. */

const PLACEHOLDER_WORDS = [
  "changeme", "change_me", "change-me", "password", "passwd", "secret", "example", "sample", "dummy", "placeholder",
  "your_", "your-", "yourpassword", "replace", "redacted", "todo", "fixme", "xxx", "***", "...", "<", "${", "{{",
  "%s", "%(", "process.env", "os.environ", "os.getenv", "getenv", "env(", "env.", "environ", "config.", "settings.",
  "secrets.", "vault:", "ssm:", "arn:aws:secretsmanager", "none", "null", "undefined", "test", "fake", "mock",
  "notasecret", "not-a-secret", "insert", "enter_", "$(", "@@",
  // Values that say they are for a developer's machine (`localdev`, `devpass`, `dev-only`).
  "localdev", "local_dev", "local-dev", "devpass", "dev_pass", "dev-only", "dev_only", "devonly", "localonly",
  "local_only", "local-only",
  // …or that it is thrown away with the job or container that uses it (`ci-throwaway`)
  "throwaway", "throw-away", "throw_away",
  // The JDK's documented default keystore and truststore password: public knowledge, not a leaked credential.
  "changeit",
];

export interface SecretOptions {
  min_length?: number;
  min_entropy?: number;
}

export function shannonEntropy(value: string): number {
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

export function isSecretValue(raw: string, options: SecretOptions = {}): boolean {
  const value = raw.trim().replace(/^['"`]|['"`]$/g, "");
  const minLength = options.min_length ?? 8;
  if (value.length < minLength) return false;
  const lower = value.toLowerCase();
  if (PLACEHOLDER_WORDS.some((word) => lower.includes(word))) return false;
  if (/^\$\$?[A-Za-z_]/.test(value) || /^%[A-Za-z_]+%$/.test(value)) return false; // $VAR, %VAR%, Cloud Build's and Compose's escaped $$VAR
  if (/^(.)\1+$/.test(value)) return false;
  // A one-way password hash in a crypt format (bcrypt `$2y$12$…`, Argon2 `$argon2id$…`, SHA-crypt `$6$…`, Django's
  // `pbkdf2_sha256$…`): what a seed or a staging reset stores in the users table, not a password that signs anyone in.
  if (/^\$(?:2[abxy]|argon2(?:id|i|d)|[156]|scrypt|pbkdf2[\w-]*)\$/.test(value) || /^(?:pbkdf2_sha(?:1|256|512)|argon2|bcrypt(?:_sha256)?|scrypt)\$/.test(value)) return false;
  // A setting's enumerated value (`HttpTokens: required`, `mode: disabled`): a choice, not a credential.
  if (/^(required|optional|enabled|disabled|mandatory|preferred|allowed|forbidden|inherited?|default|automatic)$/i.test(value)) return false;
  if (/^[a-z]+(_[a-z]+)+$/.test(value)) return false; // snake_case identifiers: names, not values
  if (/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/.test(value)) return false; // CONSTANT_NAMES
  // Code identifiers (type names, field names, qualified names): camel or Pascal case words without digits or
  // symbols, optionally dotted or with a leading underscore — `creditCard`, `_RSAPrivateKey`, `rsa.RSAPublicKey`.
  if (/^_?[A-Za-z][a-z]*(\.?[A-Z]+[a-z]*)+$/.test(value) && /[a-z][A-Z]|[A-Z]{2}[a-z]|\.[A-Z]/.test(value)) return false;
  // An HTTP header's name (`Content-Type`, `X-Api-Key`, `Cache-Control`): capitalised words joined by hyphens, no
  // digits or symbols — the key a value is sent under (`{ 'X-Api-Key': API_KEY, 'Content-Type': … }`), not the value.
  if (/^[A-Z][a-z]*(-[A-Z][a-z]*)+$/.test(value)) return false;
  // A deploy-time token-replacement marker (`__KeyVault__`, `#{ApiKey}#`), filled in by the release pipeline.
  if (/^__[A-Za-z][\w.-]*__$/.test(value) || /^#\{[\w.-]+\}#?$/.test(value)) return false;
  // A build tool's filter token (Ant and Maven `@version@`, `#version#`): the text a build replaces, not a value.
  if (/^([@#])[A-Za-z][\w.-]*\1$/.test(value)) return false;
  // A dotted camelCase or snake_case identifier (`auth.refreshToken`, `auth.access_token`, a storage key's name):
  // letters, underscores and dots only, with a camel step or an underscore in it.
  if (/^[A-Za-z]+(_[A-Za-z]+)*(\.[A-Za-z]+(_[A-Za-z]+)*)+$/.test(value) && /[a-z][A-Z]|_/.test(value)) return false;
  // A reverse-DNS or dotted identifier (a Keychain item, a bundle id, a settings path): where a secret is kept, not it.
  if (/^[a-z][a-z0-9-]*(\.[A-Za-z][A-Za-z0-9_-]*){2,}$/.test(value) && !/\d{3}/.test(value)) return false;
  // A Kubernetes object reference (`fhir/gateway-internal-ca`, namespace/name as ingress annotations write it): DNS
  // labels naming where a secret is kept, not it.
  if (/^[a-z][a-z0-9-]*[a-z0-9]\/[a-z][a-z0-9-]*[a-z0-9]$/.test(value) && value.includes("-") && !/\d{3}/.test(value)) return false;
  // …or a secret store's path of three or more such segments (`labsync/northgate/sftp-key`, AWS Secrets Manager's and
  // Vault's hierarchical names)
  if (/^[a-z][a-z0-9_-]*(\/[a-z][a-z0-9_-]*){2,}$/.test(value) && !/\d{3}/.test(value)) return false;
  // A vault entry's name (`snowflake-qm-etl-rsa-key`, `portal-db-password`, `appi-splitbilling-prd`): lower-case
  // words joined by hyphens, the last of them saying what kind of secret the entry holds or which environment it is
  // for — where a secret is kept, not it.
  // (…or which of a client's settings it keeps: `fhir-stanselm-client-id`, `partner-api-username`)
  if (/^[a-z]+(-[a-z]+)+-(key|secret|passphrase|password|token|credentials?|cert|certificate|identity|id|username|user|dsn|prod|prd|production|stg|stage|staging|dev|qa|uat|sandbox)$/.test(value) && value.split("-").length >= 3) return false;
  // …or an Azure Key Vault secret's name as .NET teams write them (`CeVendor-MWCE-KeyPassphrase`,
  // `Sftp-ClientCertificate`): capitalised words, letters only, the last ending in the kind of secret it holds — three
  // or more of them, or a last word that is itself a compound
  if (/^[A-Za-z]+(-[A-Za-z]+)+$/.test(value) && /[A-Z]/.test(value) && /(key|secret|passphrase|password|token|credentials?|cert|certificate|connectionstring|username|clientid)$/i.test(value) && (value.split("-").length >= 3 || /[a-z][A-Z]/.test(value.slice(value.lastIndexOf("-"))))) return false;
  // A throwaway default that names the machine it is for (`limbcare-local`, `intake_docker`): lower-case words only,
  // the last saying it is local — a real credential is not spelled as the machine it runs on.
  if (/^[a-z]+([-_][a-z]+)*[-_](local|localhost|docker)$/.test(value)) return false;
  // A key an app's storage keeps a value under, scoped as React Native and web apps write them (`@lotus/accessToken`,
  // `@app:refresh_token`): letters after a leading "@", no run of digits — where a token is kept, not the token.
  if (/^@[A-Za-z][\w-]*[/:][A-Za-z][\w.-]*$/.test(value) && !/\d{3}/.test(value)) return false;
  // A resource location (Spring's `file:/etc/tls/client.key`, `classpath:keys/signing.pem`, `optional:file:…`,
  // `configtree:/run/secrets/`): where the key is read from at run time, not the key.
  if (/^(optional:)?(file|classpath\*?|configtree):[\w./${}:-]+$/.test(value)) return false;
  // A parameter-store or vault path (`/bfd/prod/sensitive/sonar_token`, `/sonarqube/token`): where the secret is kept,
  // read at run time, not the secret. Lower-case path segments only, so a random value with slashes still counts.
  if (/^\/[a-z][a-z0-9_.-]*(\/[a-z0-9_.{}$-]+)+\/?$/.test(value)) return false;
  // A template made only of placeholders (`{ts}.{body}`, `${user}:${host}`, Ruby's `#{timestamp}.#{request.raw_post}`),
  // or of a short word before them (a token's context, `join:#{appointment_id}`): filled in at run time, not a value.
  if (/^([A-Za-z_]{1,16}[:.-])?([$#]?\{[\w.]+\}[^\w{}$#]{0,2})+$/.test(value)) return false;
  // IPv4 addresses and CIDR ranges, alone or listed (an allow-list kept in a vault entry, a loopback fallback):
  // where a service may be reached from, not a credential.
  if (/^\d{1,3}(\.\d{1,3}){3}(\/\d{1,2})?(\s*[,;]\s*\d{1,3}(\.\d{1,3}){3}(\/\d{1,2})?)*$/.test(value)) return false;
  // A version or a version range (`^3.556.0`, `~1.2`, `>=2.0.0 <3`, `3.x`): a dependency named for secrets, in a manifest.
  if (/^(?:[\^~]|[<>]=?|=)?v?\d{1,6}(?:\.(?:\d{1,6}|[x*])){1,3}(?:-[\w.]{1,40})?(?:\s{0,4}(?:\|\||<=?|>=?)?\s{0,4}v?\d{1,6}(?:\.(?:\d{1,6}|[x*])){0,3}){0,3}$/.test(value)) return false;
  if (/^(0123456789|123456789|abcdef)/i.test(value) && shannonEntropy(value) < 3.5) return false;
  if (options.min_entropy !== undefined && shannonEntropy(value) < options.min_entropy) return false;
  return true;
}

/**
 * Whether `value` is the password of a URL in `match` that repeats its user name, to a host of one label (a service
 * on a compose or pod network: `postgres://trialportal:trialportal@db:5432/trialportal`): the login a local stack's
 * containers share, as the official images' default passwords are. A password equal to its user on a host with a
 * domain is a deployed server's, and stays a finding.
 */
export function isSharedLocalLogin(value: string, match: string): boolean {
  const scheme = match.indexOf("://");
  if (scheme < 0) return false;
  const login = match.slice(scheme + 3);
  const colon = login.indexOf(":");
  const at = login.indexOf("@", colon + 1);
  if (colon <= 0 || at < 0) return false;
  const user = login.slice(0, colon);
  const host = /^[^:/?"'`\s]*/.exec(login.slice(at + 1))![0];
  return user === value.trim() && login.slice(colon + 1, at) === user && /^[A-Za-z][\w-]*$/.test(host);
}

/**
 * A Basic authentication token: base64 of `user:password` with both parts present and printable. English words
 * after "Basic" ("authentication", "Multilingual") decode to binary noise and are not credentials.
 */
export function isBasicCredentials(raw: string): boolean {
  const value = raw.trim();
  if (value.length % 4 === 1 || !/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return false;
  let decoded: string;
  try {
    decoded = atob(value.padEnd(Math.ceil(value.length / 4) * 4, "="));
  } catch {
    return false;
  }
  const colon = decoded.indexOf(":");
  return colon > 0 && colon < decoded.length - 1 && /^[\x20-\x7e]+$/.test(decoded) && isSecretValue(decoded.slice(colon + 1), { min_length: 4 });
}
