/** Durations written in code and config, converted to minutes. */

export type DurationUnit = "ms" | "s" | "min" | "h" | "d" | "auto";

const UNIT_MINUTES: Record<string, number> = {
  ms: 1 / 60_000, millisecond: 1 / 60_000, milliseconds: 1 / 60_000,
  s: 1 / 60, sec: 1 / 60, secs: 1 / 60, second: 1 / 60, seconds: 1 / 60,
  m: 1, min: 1, mins: 1, minute: 1, minutes: 1,
  h: 60, hr: 60, hrs: 60, hour: 60, hours: 60,
  d: 1440, day: 1440, days: 1440,
  w: 10080, week: 10080, weeks: 10080,
  month: 43_200, months: 43_200,
  y: 525_600, year: 525_600, years: 525_600,
};

/** A value without its quotes, digit separators (`86_400`) and Java/Kotlin long suffixes (`30L`). */
function normalized(raw: string): string {
  return raw.trim().replace(/^['"`]|['"`]$/g, "").replace(/_/g, "").replace(/(\d)[lL]\b/g, "$1");
}

/** A number, or a product of numbers read whole (`6 * 365`, `30L * 24 * 60 * 60 * 1000`); undefined for anything else. */
export function numberOrProduct(raw: string): number | undefined {
  return numberIn(normalized(raw));
}

function numberIn(value: string): number | undefined {
  if (/^\d+(?:\.\d+)?$/.test(value)) return Number(value);
  if (!/^\d+(?:\.\d+)?(?:\s*\*\s*\d+(?:\.\d+)?)+$/.test(value)) return undefined;
  return value.split("*").reduce((acc, part) => acc * Number(part.trim()), 1);
}

/**
 * Parses "86400000", "7d", "12h", "30 minutes", "+180 days", "3600s", "PT8H", "timedelta(hours=2)", "TimeSpan.FromHours(8)",
 * "Duration.hours(24)", "1000 * 60 * 60 * 24", "30L * 24 * 60 * 60 * 1000", "01:30:00" (hh:mm:ss), "14.00:00:00" (d.hh:mm:ss), "30 * DAY" and
 * "7 * 24 * time.Hour" (a constant named for its unit), "UtcNow.AddDays(30)". A bare number takes `unit`. Returns minutes or undefined.
 */
export function parseDurationMinutes(raw: string, unit: DurationUnit): number | undefined {
  const value = normalized(raw);
  if (value.length === 0) return undefined;
  const number = numberIn(value);
  if (number !== undefined) return bare(number, unit);
  // a duration object turned into seconds (`int(timedelta(days=30).total_seconds())`, underscores gone by now)
  const seconds = /^int\((.+)\.totalseconds\(\)\)$/i.exec(value);
  if (seconds) return parseDurationMinutes(seconds[1]!, "auto");
  const product = unitProduct(value);
  if (product !== undefined) return product;
  // (a relative time as PHP's strtotime and DateTime::modify read it: `+180 days`)
  let m = /^\+?(\d+(?:\.\d+)?)\s*([a-z]+)$/i.exec(value);
  if (m && UNIT_MINUTES[m[2]!.toLowerCase()] !== undefined) return Number(m[1]) * UNIT_MINUTES[m[2]!.toLowerCase()]!;
  m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/i.exec(value);
  if (m && value.length > 1) return (+(m[1] ?? 0)) * 1440 + (+(m[2] ?? 0)) * 60 + (+(m[3] ?? 0)) + (+(m[4] ?? 0)) / 60;
  // (.NET's TimeSpan text, with its days in front: `14.00:00:00`)
  m = /^(?:(\d{1,5})\.)?(\d{1,3}):(\d{2}):(\d{2})$/.exec(value);
  if (m) return +(m[1] ?? 0) * 1440 + +m[2]! * 60 + +m[3]! + +m[4]! / 60;
  const calls = [...value.matchAll(/(days|hours|minutes|seconds|weeks)\s*=\s*(\d+(?:\.\d+)?)/gi)];
  if (calls.length > 0) return calls.reduce((acc, c) => acc + Number(c[2]) * UNIT_MINUTES[c[1]!.toLowerCase()]!, 0);
  m = /From(Days|Hours|Minutes|Seconds|Milliseconds)\(\s*(\d+(?:\.\d+)?)\s*\)/i.exec(value);
  if (m) return Number(m[2]) * UNIT_MINUTES[m[1]!.toLowerCase()]!;
  // java.time `Duration.ofHours(8)`, AWS CDK `Duration.hours(24)`, Rust `Duration::hours(12)` (time, chrono) and
  // `Duration::from_secs(43200)` (std; digit separators are gone by here, so `from_secs` reads `fromsecs`)
  m = /\b(?:Duration(?:\.|::)(?:of|from_?)?|of)(Days|Hours|Minutes|Mins|Seconds|Secs|Millis|Weeks)\(\s*(\d+)L?\s*\)/i.exec(value);
  if (m) {
    const u = m[1]!.toLowerCase() === "millis" ? "ms" : m[1]!.toLowerCase();
    return Number(m[2]) * UNIT_MINUTES[u]!;
  }
  m = /(?<![\d.])(\d+(?:\.\d+)?)\.(days?|hours?|minutes?|seconds?|weeks?|months?|years?)\b/i.exec(value); // Rails 2.hours, 1.year
  if (m) return Number(m[1]) * UNIT_MINUTES[m[2]!.toLowerCase()]!;
  // an amount and its unit as a settings object writes them (Metabase's `MB_SESSION_TIMEOUT`, `{"amount":7,"unit":"days"}`)
  m = /\bamount\W{1,6}(\d+(?:\.\d+)?)\W{1,6}unit\W{1,6}(minutes?|hours?|days?|weeks?)\b/i.exec(value);
  if (m) return Number(m[1]) * UNIT_MINUTES[m[2]!.toLowerCase()]!;
  // .NET `UtcNow.AddDays(30)`, Carbon's `now()->addWeeks(2)`
  m = /\bAdd(Days|Hours|Minutes|Seconds|Weeks|Months|Years)\(\s*(\d+(?:\.\d+)?)\s*\)/i.exec(value);
  if (m) return Number(m[2]) * UNIT_MINUTES[m[1]!.toLowerCase()]!;
  return undefined;
}

/**
 * Counts times one constant named for its unit, in any order: `30 * DAY`, `12 * HOURS`, `15 * MINUTE_MS` (underscores
 * are gone by now: `MINUTEMS`), Go's `7 * 24 * time.Hour` and `time.Minute * 90`. Undefined for anything else.
 */
function unitProduct(value: string): number | undefined {
  const factors = value.split("*");
  if (factors.length < 2 || factors.length > 6) return undefined;
  let count = 1;
  let unit: number | undefined;
  for (const factor of factors.map((f) => f.trim())) {
    if (/^\d+(?:\.\d+)?$/.test(factor)) { count *= Number(factor); continue; }
    const name = /^(?:[a-z]+\.)?(?:ONE)?([a-z]+?)S?(?:IN)?(?:MS|MILLIS|SECONDS?)?$/i.exec(factor)?.[1];
    const minutes = name && name.length > 1 ? UNIT_MINUTES[name.toLowerCase()] : undefined;
    if (minutes === undefined || unit !== undefined) return undefined;
    unit = minutes;
  }
  return unit === undefined ? undefined : count * unit;
}

function bare(n: number, unit: DurationUnit): number | undefined {
  if (unit === "auto") return undefined;
  return n * UNIT_MINUTES[unit]!;
}
