/**
 * A setting read from the environment or a configuration store with a fallback is the fallback wherever the
 * variable is unset: `SESSION_COOKIE_AGE = int(os.getenv("SESSION_COOKIE_AGE", "2592000"))` is a 30-day session in
 * any deployment that forgets the variable. The line rules read what a line sets, so a line holding such a lookup is
 * also read in two views:
 *
 * - **in place**: each lookup replaced by its fallback, wrapping conversions dropped and comparisons of two literals
 *   settled (`ignoreExpiration: config.get('JWT_IGNORE_EXPIRATION', 'true') === 'true'` reads as
 *   `ignoreExpiration: true`);
 * - **by key**: `KEY = fallback` for each lookup, for lines that name the setting only in the lookup
 *   (`v.SetDefault("fhir.insecure_skip_verify", true)`, `@Value("${portal.session.idle-timeout:PT8H}")`).
 *
 * Lookups: a call whose name reads as a configuration or environment lookup with the key as a string and the
 * fallback as its next argument (`os.getenv`, `env`, `ENV.fetch`, `config.get<string>`, `GetValue<bool>`,
 * `SetDefault`, `getProperty`…); a lookup followed by `?? fallback`, `|| fallback`, `?: fallback` or
 * `.unwrap_or(fallback)` (`process.env.X ?? "false"`, `Environment.get("X").flatMap(Bool.init) ?? false`); and
 * property placeholders `${KEY:fallback}` (placeholders.ts). Defaults declared next to the setting's name (struct
 * tags, option attributes, env schemas, typed fields: `declaredOf`) are read by key only. A hand-written scanner, linear in the
 * line: every search is bounded.
 */

import { literalFinderSource } from "./literal-finder.js";
import { placeholderLookups } from "./placeholders.js";

/** At most this many lookups read per line. */
const MAX_LOOKUPS = 4;
/** How far back from a `(` the callee's name is read, and how far an argument list or a fallback is read. */
const MAX_CALLEE = 80;
const MAX_ARGS = 400;
const MAX_FALLBACK = 120;

/** Callees that look a setting up: the environment, a configuration object or store, a default being set. */
const LOOKUP_CALLEE = /(^|[.:\s(])(os\.getenv|getenv|os\.LookupEnv|(std::)?env::var|(Environment|environment|ENV|env|Env)\.(get|fetch|var|bool|int|str|float|list|json|url)|os\.environ\.get|environ\.get|env|env_flag|env_bool|env_int|ENV\.fetch|getEnv\w*|get_env\w*|envOr\w*|env_or\w*|GetEnv\w*|\w*FromEnv|\w*_from_env|System\.getProperty|getProperty|getValue|GetValue|getOrDefault|GetValueOrDefault|get_or_default|SetDefault|setDefault|set_default|(config|Config|configService|configuration|Configuration|_config|_configuration|conf|cfg|settings|Settings|props|properties|parser|config_?parser|ini)\.(get|getString|getBoolean|getBool|getInt|getInteger|getNumber|getDuration|getOrElse|getboolean|getint|getfloat))(<[\w.?,\s[\]]{1,40}>)?$|^(config|Config::get|env)$/;
/** What a line must hold (lower-cased) for a lookup to be worth looking for. */
const MARKERS = new RegExp(literalFinderSource(["env", "config", "settings", "getvalue", "getproperty", "getordefault", "setdefault", "set_default", "get_or_default", "${", "conf.", "cfg.", "props.", "properties."]));

const NONE: Lookup[] = [];
/** Null literals of the languages read (case as each writes it). */
const NULLS = new Set(["None", "null", "nil", "undefined", "NULL", "nullptr", "Nothing", "nothing"]);
const NO_VIEWS: DefaultView[] = [];

interface Lookup {
  /** The span of the original line the lookup takes (for the finding's column). */
  start: number;
  end: number;
  key: string;
  fallback: string;
  /** A default declared with its key (a struct tag, an option's attribute, a schema entry, a typed field): read as `KEY = value` only. */
  declared?: boolean;
  /** An environment variable read without a fallback and compared to a literal: read in place only, as unset (empty). */
  unset?: boolean;
}

/** A quoted string literal's text, or undefined. */
function unquote(text: string): string | undefined {
  const m = /^\s*(["'`])([^"'`\\]{1,120})\1\s*$/.exec(text);
  return m ? m[2] : undefined;
}

/**
 * The argument list opening at the `(` at `open`: where its `)` is, and its top-level comma-separated arguments
 * (quoted strings and nested brackets skipped); undefined when it does not close within MAX_ARGS characters.
 */
function argumentsAt(text: string, open: number): { close: number; args: string[] } | undefined {
  const args: string[] = [];
  let depth = 0;
  let quote = "";
  let from = open + 1;
  const stop = Math.min(text.length, open + MAX_ARGS);
  for (let i = open; i < stop; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = "";
    } else if (c === '"' || c === "'" || c === "`") quote = c;
    else if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") {
      if (--depth === 0) {
        args.push(text.slice(from, i).trim());
        return { close: i, args };
      }
    } else if (c === "," && depth === 1) {
      args.push(text.slice(from, i).trim());
      from = i + 1;
    }
  }
  return undefined;
}

/** After a lookup call: method chains (`.flatMap(Bool.init)`, `.lower()`) then `?? x`, `|| x`, `?: x`, `.unwrap_or(x)`. */
function trailingFallback(text: string, from: number): { fallback: string; end: number } | undefined {
  let i = from;
  for (let step = 0; step < 3; step++) {
    const chain = /^\s*\??\.(\w{1,30})\s*\(/.exec(text.slice(i, i + 40));
    if (!chain) break;
    const open = i + chain[0].length - 1;
    if (/^unwrap_or(_default)?$|^or$|^orElse$/.test(chain[1]!)) {
      const call = argumentsAt(text, open);
      return call ? { fallback: text.slice(open + 1, call.close).trim(), end: call.close + 1 } : undefined;
    }
    // chains that keep the value what it is: Swift/Kotlin maps and conversions (`?.toBoolean()`), Rust's `.ok()`
    if (/^(flatMap|map|and_then|ok|as_deref|toBoolean|toBooleanStrict|toBooleanOrNull|toInt|toIntOrNull|toLong|lowercase|lowercased|toLowerCase|lower|trim)$/.test(chain[1]!)) {
      const call = argumentsAt(text, open);
      if (!call) return undefined;
      i = call.close + 1;
      continue;
    }
    break;
  }
  // Ruby's block form: `ENV.fetch("X") { "false" }`
  const block = /^\s*\{\s*((["'`])[^"'`\\]{0,100}\2|[\w.:]{1,60})\s*\}/.exec(text.slice(i, i + MAX_FALLBACK));
  if (block) return { fallback: block[1]!, end: i + block[0].length };
  const m = /^\s*(\?\?|\|\||\?:|\bor\b)\s*/.exec(text.slice(i, i + 10));
  if (!m) return undefined;
  const start = i + m[0].length;
  const value = /^(["'`])[^"'`\\]{0,100}\1|^[\w.:]{1,60}/.exec(text.slice(start, start + MAX_FALLBACK));
  return value ? { fallback: value[0], end: start + value[0].length } : undefined;
}

/** Characters of a callee's name, its owner and type arguments (`config.get<string>`, `Config::get`). */
const CALLEE_CHARS = /[\w$.:<>?,[\]]/;

/** Where the callee before the `(` at `open` starts (spaces before the parenthesis skipped), reading back at most MAX_CALLEE characters. */
function calleeStart(text: string, open: number): number {
  let i = open;
  const stop = Math.max(0, open - MAX_CALLEE);
  while (i > stop && (text[i - 1] === " " || text[i - 1] === "\t")) i--;
  while (i > stop && CALLEE_CHARS.test(text[i - 1]!)) i--;
  return i;
}

/** The environment's own reads without a call (`process.env.X`, `ENV['X']`, through a numeric or boolean conversion). */
const ENV_READ = /\b(?:(?:(?:Number\.)?parse(?:Int|Float)|Number|Boolean)\(\s{0,4}process\.env\.(\w{1,80})\s{0,4}(?:,\s{0,4}\d{1,2}\s{0,4})?\)|process\.env\.(\w{1,80})|ENV\[\s*["'](\w{1,80})["']\s*\])/g;
/** A setting read without a call (its key the first group that matched), in the order `lookupsOf` reads them. */
const READS_WITHOUT_CALL = [
  ENV_READ,
  /(?<![\w$])(?:(?:self\.|this\.|app\.|current_app\.)?(?:settings|config|conf|cfg|Settings|Config|_settings|_config))(?:\.(\w{1,80})|\[\s{0,4}["'](\w{1,80})["']\s{0,4}\])/g,
];

/** The lookups with a fallback on a line. */
function lookupsOf(text: string): Lookup[] {
  const out: Lookup[] = placeholderLookups(text, MAX_LOOKUPS);
  // Reads without a call, followed by a fallback: the environment's (`process.env.X`, `ENV['X']`, also through a
  // numeric or boolean conversion: `Number.parseInt(process.env.BCRYPT_ROUNDS, 10) || 4`), then a settings object's
  // (`settings.fhir_ca_bundle or False`, `config.tlsVerify ?? false`, `app.config["VERIFY_SSL"] or False`).
  for (const read of READS_WITHOUT_CALL) {
    for (const m of text.matchAll(read)) {
      if (out.length >= MAX_LOOKUPS) break;
      const key = m.slice(1).find((g) => g !== undefined)!;
      const tail = trailingFallback(text, m.index + m[0].length);
      if (tail) out.push({ start: m.index, end: tail.end, key, fallback: tail.fallback });
      else if (read === ENV_READ) pushUnset(out, text, m.index, m.index + m[0].length, key);
    }
  }
  for (let open = text.indexOf("("); open >= 0 && out.length < MAX_LOOKUPS; open = text.indexOf("(", open + 1)) {
    const start = calleeStart(text, open);
    const callee = text.slice(start, open).trimEnd();
    if (!callee || !LOOKUP_CALLEE.test(callee)) continue;
    const call = argumentsAt(text, open);
    if (!call) continue;
    const { close, args } = call;
    // The fallback: the second argument, or one named for it (django-environ's `default=False`; configparser's
    // `cfg.get("mqtt", "password", fallback="…")`, whose key is the option after its section)
    const named = args.slice(1).find((a) => /^(default|fallback)\s*[=:]/.test(a));
    const option = named?.startsWith("fallback") ? unquote(args[1] ?? "") : undefined;
    const key = option ?? unquote(args[0] ?? "");
    if (key === undefined) continue;
    const fallback = named ? named.replace(/^(default|fallback)\s*[=:]\s*/, "") : args.length >= 2 && !/^\w+\s*=[^=]/.test(args[1]!) ? args[1] : undefined;
    if (fallback) {
      out.push({ start, end: close + 1, key, fallback });
      continue;
    }
    const tail = trailingFallback(text, close + 1);
    if (tail) out.push({ start, end: tail.end, key, fallback: tail.fallback });
    else if (ENV_CALLEE.test(callee)) pushUnset(out, text, start, close + 1, key);
  }
  return out;
}

const ENVIRONMENT_NAMES = /^(production|prod|development|dev|staging|stage|test|testing|local|qa|uat|preview|ci)$/i;

/**
 * Callees that read the environment itself and give back nothing (null, None) when the variable is unset — not a
 * configuration object, whose defaults live elsewhere, nor Ruby's `ENV.fetch`, which raises.
 */
const ENV_CALLEE = /(^|[.:\s(])(os\.getenv|getenv|os\.environ\.get|environ\.get|System\.getenv|Environment\.GetEnvironmentVariable)$/;

/**
 * An environment variable read without a fallback and compared to a literal (`verifyHmac: process.env.X ===
 * 'true'`, `os.getenv("X") == "true"`): where the variable is unset it reads as empty, so the comparison settles
 * (`'' === 'true'` is false): a safeguard switched on only when a deployment remembers to set it is off by default.
 * Conversions that keep an unset value empty (`?.toLowerCase()`, `.lower()`) are read through. In place only.
 */
function pushUnset(out: Lookup[], text: string, start: number, from: number, key: string): void {
  let i = from;
  for (let step = 0; step < 2; step++) {
    const chain = /^\s*\??\.(?:toLowerCase|toUpperCase|lower|upper|trim|strip|downcase|casefold)\s*\(\s*\)/.exec(text.slice(i, i + 40));
    if (!chain) break;
    i += chain[0].length;
  }
  const compared = /^\s*(?:===?|!==?)\s*(["'`])([^"'`\\]{1,40})\1/.exec(text.slice(i, i + 60));
  // (a comparison with an environment's name, `NODE_ENV === "production"`, tells where the code runs, not a switch)
  if (compared && !ENVIRONMENT_NAMES.test(compared[2]!)) out.push({ start, end: i, key, fallback: '""', unset: true });
}

/**
 * Defaults declared next to the setting's name rather than looked up: Go struct tags (`envconfig:"PAYER_SKIP_VERIFY"
 * default:"true"`, the field's name too), clap attributes (`env = "PA_ACCEPT_INVALID_CERTS", default_value_t = true`),
 * env schemas (envalid `COOKIE_SECURE: bool({ default: false })`, zod `….default(false)`), and typed declarations
 * (`val cookieSecure: Boolean = false`, `cookie_secure: bool = False`, C# `bool ValidateServerCertificate { get;
 * set; } = false;`), read without their type.
 */
function declaredOf(text: string, folded: string): Lookup[] {
  // Each form's own words and punctuation first (this runs on every added line): most lines have none of them.
  const hasDefault = folded.includes("default");
  const typedShape = text.includes("=") && text.includes(":");
  const propertyShape = text.includes("get;");
  const paramShape = folded.includes("param ") && text.includes("=");
  if (!hasDefault && !typedShape && !propertyShape && !paramShape) return NONE;
  const out: Lookup[] = [];
  const push = (key: string | undefined, fallback: string | undefined) => {
    if (key && fallback !== undefined && out.length < MAX_LOOKUPS) out.push({ start: 0, end: text.length, key, fallback: fallback.trim(), declared: true });
  };
  if (hasDefault) {
    const tag = /`([^`]{0,300})`/.exec(text);
    if (tag) {
      const fallback = /\bdefault:"([^"]{0,100})"/.exec(tag[1]!)?.[1];
      push(/\b(?:env|envconfig|mapstructure|koanf|yaml|json|toml)\s*:\s*"([\w.-]{1,80})/.exec(tag[1]!)?.[1], fallback);
      push(/^\s*([A-Za-z]\w{0,79})\s/.exec(text)?.[1], fallback);
    }
    const clap = /#\[(?:arg|clap|structopt)\(([^\]]{0,400})\)\]/.exec(text);
    if (clap) push(/\benv\s*=\s*"([\w.-]{1,80})"/.exec(clap[1]!)?.[1], /\bdefault_value(?:_t)?\s*=\s*("[^"]{0,100}"|[\w.:-]{1,60})/.exec(clap[1]!)?.[1]);
    const schema = /^\s*["']?([A-Za-z_]\w{0,79})["']?\s*:\s*[\w.]{0,40}\(\s*\{[^}]{0,200}?\bdefault\s*:\s*([^,}]{1,100})/.exec(text);
    if (schema) push(schema[1], schema[2]);
    const zod = /^\s*["']?([A-Za-z_]\w{0,79})["']?\s*:\s*z\.[^\n]{0,200}?\.default\(\s*([^()]{1,100})\)/.exec(text);
    if (zod) push(zod[1], zod[2]);
  }
  if (typedShape) {
    // On the line without its trailing spaces, so no two quantifiers share a run of them (linear on any line).
    const typed = /^\s*(?:(?:private|public|protected|internal|readonly|override|open|lateinit|static|final|const)\s+){0,4}(?:val\s+|var\s+|let\s+)?([A-Za-z_]\w{0,79})\s*:\s*[\w.<>?[\],][\w.<>?[\], ]{0,59}?=(?!=)\s*([^=\s][^\n]{0,119}?)[,;]?$/.exec(text.trimEnd());
    if (typed) push(typed[1], typed[2]);
  }
  if (paramShape) {
    // A Bicep parameter's default (`param minimumTlsVersion string = 'TLS1_0'`), decorators and type dropped.
    const param = /^\s*param\s+([A-Za-z_]\w{0,79})\s+[\w.]{1,40}(?:\[\])?\s*=\s*([^\s][^\n]{0,119})$/.exec(text.trimEnd());
    if (param) push(param[1], param[2]);
  }
  if (propertyShape) {
    const property = /^\s*(?:(?:public|private|internal|protected|static|required)\s+){0,3}[\w.<>?[\]]{1,60}\s+([A-Za-z_]\w{0,79})\s*\{\s*get;\s*(?:(?:set;|init;)\s*)?\}\s*=\s*([^;]{1,120});/.exec(text.trimEnd());
    if (property) push(property[1], property[2]);
  }
  return out;
}

/** PHP's casts before a literal (`(int) 4096` is `4096`). */
const CAST = /\((?:int|integer|float|double|bool|boolean|string)\)\s{0,3}(?=["'`\d-])/g;
/**
 * Conversions that keep a literal what it is (`str("900")`, `Duration.parse("PT8H")`); a numeric one of a quoted
 * number is the number (`int("12000")` is `12000`).
 */
const CONVERSION = /\b(int|float|bool|str|Number|parseInt|parseFloat|Boolean|String|Integer\.parseInt|Integer\.valueOf|Long\.parseLong|Boolean\.parseBoolean|Boolean\.valueOf|Duration\.parse|strconv\.Atoi|strconv\.ParseBool|time\.ParseDuration|Int|Bool|Double)\(\s*((["'`])[^"'`\\]{0,60}\3|[\d_][\d_ *]{0,40})\s*\)/g;
const NUMERIC_CONVERSIONS = new Set(["int", "float", "Number", "parseInt", "parseFloat", "Integer.parseInt", "Integer.valueOf", "Long.parseLong", "strconv.Atoi", "Int", "Double"]);
const QUOTED_NUMBER = /^(["'`])(-?\d[\d_]{0,17}(?:\.\d{1,6})?)\1$/;

function converted(_all: string, callee: string, literal: string): string {
  const number = NUMERIC_CONVERSIONS.has(callee) ? QUOTED_NUMBER.exec(literal) : null;
  return number ? number[2]! : literal;
}

/** A comparison of two string literals (after the fallback took the lookup's place), read as its result. */
const COMPARISON = /(["'`])([^"'`\\]{0,40})\1\s*(?:\.(?:lower|upper|strip|casefold|toLowerCase|toUpperCase|downcase|upcase|trim|lowercased)\(\s*\)\s*)?(===?|!==?)\s*(["'`])([^"'`\\]{0,40})\4/g;
const EQUALS = /(["'`])([^"'`\\]{0,40})\1\s*\.(equals|equalsIgnoreCase)\(\s*(["'`])([^"'`\\]{0,40})\4\s*\)/g;

function settle(text: string): string {
  let out = text.replace(CAST, "");
  for (let i = 0; i < 2; i++) out = out.replace(CONVERSION, converted);
  // Ruby's postfix conversions of a literal (`"72".to_i.hours` is `72.hours`)
  out = out.replace(/(["'`])(\d{1,12})\1\.to_[if]\b/g, "$2");
  out = out.replace(COMPARISON, (_all, _q, a: string, op: string, _q2, b: string) => String((a.toLowerCase() === b.toLowerCase()) === op.startsWith("=")));
  return out.replace(EQUALS, (_all, _q, a: string, how: string, _q2, b: string) => String(how === "equals" ? a === b : a.toLowerCase() === b.toLowerCase()));
}

/** A line that sets a name to a literal and nothing else (`verifyHmac: false,`, `SESSION_COOKIE_SECURE = False`). */
const PLAIN_SETTING = /^\s*["']?[\w.-]{1,80}["']?\s*[:=]\s*(?:true|false|True|False|["'`][^"'`\\]{0,80}["'`]|\d[\d_ *]{0,40})\s*[,;]?\s*$/;

export interface DefaultView {
  text: string;
  /**
   * `in-place`: the line with its fallbacks in place; `key`: one lookup as `KEY = fallback`, or the line in place when
   * it then reads as a plain setting (`verifyHmac: false,`): both are read by the rules of configuration files too.
   */
  kind: "in-place" | "key";
  /** The span of the original line the first lookup takes. */
  start: number;
  end: number;
}

/**
 * The views of a line with its configuration fallbacks in place (see above); empty when the line looks nothing up
 * with a fallback. `folded` is the line lower-cased.
 */
export function defaultViews(text: string, folded: string): DefaultView[] {
  const lookups = MARKERS.test(folded) ? lookupsOf(text).sort((a, b) => a.start - b.start) : NONE;
  const declared = declaredOf(text, folded);
  if (lookups.length === 0 && declared.length === 0) return NO_VIEWS;
  const views: DefaultView[] = [];
  if (lookups.length > 0) {
    // Nested or overlapping lookups (a placeholder inside a call's key) are read once, outermost first.
    const outer: Lookup[] = [];
    for (const l of lookups) if (!outer.some((o) => l.start < o.end && o.start < l.end)) outer.push(l);
    let inPlace = "";
    let at = 0;
    for (const l of outer) {
      inPlace += text.slice(at, l.start) + l.fallback;
      at = l.end;
    }
    const { start, end } = outer[0]!;
    const settled = settle(inPlace + text.slice(at));
    views.push({ text: settled, kind: settled.length <= 300 && PLAIN_SETTING.test(settled) ? "key" : "in-place", start, end });
  }
  for (const l of [...lookups, ...declared].slice(0, MAX_LOOKUPS + 2)) {
    // A null default sets nothing: `algorithms: Optional[List[str]] = None` is not `algorithms = none`; an unset
    // variable compared to a literal is read in place only.
    if (NULLS.has(l.fallback) || l.unset) continue;
    views.push({ text: settle(`${l.key} = ${l.fallback}`), kind: "key", start: l.start, end: l.end });
  }
  return views;
}
