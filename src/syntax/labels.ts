/**
 * Words a string uses to say what a value is: the word right before an interpolation (`f"(SSN {nm1[9]})"`,
 * `` `dob=${x}` ``), before a format placeholder (`"SSN %s"`, `"DOB {}"`, `"mrn={0}"`), or a placeholder's own name
 * (`"born {DateOfBirth}"`, `"%(dob)s"`). The syntax layer reads them as keys naming the value, as `{"ssn": x}` is.
 * Only the text right before a value counts, at most MAX_LABEL characters, so each is found in bounded time.
 */

/** A label: a word at the end of a string's text, then at most a quote, a `=`, `:` or `#` and an opening bracket. */
// linear: only ever run on at most MAX_LABEL characters (labelBefore)
const LABEL = /([A-Za-z][A-Za-z0-9_]*)["']?[ \t]*[=:#]?[ \t]*["'(\[]?[ \t]*$/;
/** An interpolation's opener, where a grammar leaves it out of the interpolation's node (Kotlin's `$`, PHP's `{`). */
const OPENER = /(\$\{|#\{|\{\$|\\\(|\$|\{)$/;
/** How much of the text before a value is looked at for its label. */
const MAX_LABEL = 40;
/**
 * A format placeholder: printf's (`%s`, `%-10d`, `%+v`, Python's `%(dob)s`), SLF4J's and .NET's (`{}`, `{0}`,
 * `{0:yyyy-MM-dd}`) and message templates' (`{DateOfBirth}`, `{@Patient}`). Each part is bounded, so a string is
 * scanned in linear time.
 */
const PLACEHOLDER = /%(?:\(([A-Za-z_]\w{0,40})\))?[-+ #0]{0,4}\d{0,3}(?:\.\d{1,3})?[sdvqxXiufr]|\{[@$]?(\d{1,2}|[A-Za-z_]\w{0,40})?(?::[^{}\n]{0,20})?\}/g;
/** Strings longer than this are not read for placeholders; at most MAX_LABELS labels from one string. */
const MAX_FORMAT = 2_000;
const MAX_LABELS = 32;

/**
 * The word a string (starting at `from` in `source`) puts right before a value starting at `to`, if any: an earlier
 * interpolation's names (`{x.ssn} {y}`) are never a label (a `}` follows them), nor is a word cut short by the window.
 */
export function labelBefore(source: string, from: number, to: number): string | undefined {
  // the string's text starts after its opening quote (a prefix such as Python's `f"` or `r"` is no label)
  const quote = source.slice(from, Math.min(to, from + 8)).search(/["'`]/);
  if (quote !== -1) from += quote + 1;
  const text = source.slice(Math.max(from, to - MAX_LABEL), to).replace(OPENER, "");
  const m = LABEL.exec(text);
  return m && (m.index > 0 || to - from <= MAX_LABEL) ? m[1] : undefined;
}

/** A format string's label, and which of the values after the format string it labels (0 for the first). */
export interface FormatLabel {
  label: string;
  value: number;
}

/** The labels and placeholder names of a format string's text (its quotes and prefix included). */
export function formatLabels(text: string): FormatLabel[] {
  if (text.length > MAX_FORMAT || !/[%{]/.test(text)) return [];
  const out: FormatLabel[] = [];
  let ordinal = 0;
  for (const m of text.matchAll(PLACEHOLDER)) {
    // `%%` is a percent sign, not a placeholder
    if (m[0].startsWith("%") && m.index > 0 && text[m.index - 1] === "%") continue;
    const numbered = m[2] && /^\d/.test(m[2]) ? Number(m[2]) : undefined;
    const value = numbered ?? ordinal;
    ordinal++;
    const named = m[1] ?? (m[2] && numbered === undefined ? m[2] : undefined);
    // A word before a bracket labels the value only when the bracket holds the value alone (`"SSN ({})"`); `"42
    // analytes ({} skipped)"` counts something else.
    const bracketed = /[(\[][ \t]*$/.test(text.slice(Math.max(0, m.index - 4), m.index)) && !/^[ \t]*[)\]]/.test(text.slice(m.index + m[0].length, m.index + m[0].length + 4));
    const label = named ?? (bracketed ? undefined : labelBefore(text, 0, m.index));
    if (label && !out.some((l) => l.label === label)) out.push({ label, value });
    if (out.length >= MAX_LABELS) break;
  }
  return out;
}
