/** The named validators rules may use (`validate:`), with the parameters the schema allows. */
import type { Thresholds } from "../types.js";
import { numberOrProduct, parseDurationMinutes, type DurationUnit } from "./durations.js";
import { isExternalHost, isExternalUrl } from "../hosts.js";
import { isPlausibleBirthDate, isValidDea, isValidMbi, isValidNpi, isValidPhone, isValidSsn } from "./identifiers.js";
import { isBasicCredentials, isSecretValue, isSharedLocalLogin } from "./secrets.js";

export const VALIDATOR_NAMES = [
  "ssn", "mbi", "dea", "npi", "phone", "date-of-birth", "external-url", "external-host", "secret-value", "basic-credentials",
  "duration-exceeds", "retention-below",
] as const;
export type ValidatorName = (typeof VALIDATOR_NAMES)[number];

export interface ValidatorSpec {
  name: ValidatorName;
  threshold?: keyof Thresholds;
  unit?: DurationUnit;
  min_length?: number;
  min_entropy?: number;
}

export interface ValidatorContext {
  thresholds: Thresholds;
  /** ISO date (YYYY-MM-DD) the scan treats as today; passed in, never read from a clock here. */
  today: string;
}

/** `match`: the whole text the pattern matched, of which `value` is the value group's part. */
export type Validator = (value: string, context: ValidatorContext, match: string) => boolean;

export function makeValidator(spec: ValidatorSpec): Validator {
  switch (spec.name) {
    case "ssn": return (v) => isValidSsn(v);
    case "mbi": return (v) => isValidMbi(v);
    case "dea": return (v) => isValidDea(v);
    case "npi": return (v) => isValidNpi(v);
    case "phone": return (v) => isValidPhone(v);
    case "date-of-birth": return (v, c) => isPlausibleBirthDate(v, c.today);
    case "external-url": return (v) => isExternalUrl(v);
    case "external-host": return (v) => isExternalHost(v);
    case "secret-value": return (v, _c, match) => isSecretValue(v, spec) && !isSharedLocalLogin(v, match);
    case "basic-credentials": return (v) => isBasicCredentials(v);
    case "duration-exceeds": {
      const threshold = spec.threshold ?? "session_idle_minutes";
      return (v, c) => {
        const minutes = weaknessOf(spec, v);
        // (a threshold kept in days is compared in minutes too)
        return minutes !== undefined && minutes > c.thresholds[threshold] * (threshold.endsWith("_days") ? 1440 : 1);
      };
    }
    case "retention-below": {
      const threshold = spec.threshold ?? "log_retention_days";
      return (v, c) => {
        // a product (`6 * 365`) is read whole; a duration with its unit (`13 months`, `2 years`) in days
        const weakness = weaknessOf(spec, v);
        return weakness !== undefined && -weakness > 0 && -weakness < c.thresholds[threshold];
      };
    }
  }
}

/**
 * How far past its limit a threshold validator's value lies, larger being weaker: a duration in minutes, a retention as
 * fewer days. Undefined for other validators and for a value it cannot read.
 */
export function weaknessOf(spec: ValidatorSpec | undefined, value: string): number | undefined {
  if (spec?.name === "duration-exceeds") return parseDurationMinutes(value, spec.unit ?? "auto");
  if (spec?.name !== "retention-below") return undefined;
  // (a bare number is days unless the rule's `unit` says what it counts: a TTL index's `expireAfterSeconds`)
  if (spec.unit && spec.unit !== "d" && spec.unit !== "auto") {
    const minutes = parseDurationMinutes(value, spec.unit);
    return minutes === undefined ? undefined : -minutes / 1440;
  }
  const number = numberOrProduct(value);
  const minutes = number === undefined && /[a-z]/i.test(value) ? parseDurationMinutes(value, "auto") : undefined;
  const days = number ?? (minutes !== undefined ? minutes / 1440 : undefined);
  return days === undefined ? undefined : -days;
}

/** The threshold a validator compares against, for `{{threshold}}` in messages. */
export function thresholdText(spec: ValidatorSpec | undefined, thresholds: Thresholds): string {
  if (!spec?.threshold && spec?.name !== "duration-exceeds" && spec?.name !== "retention-below") return "";
  const key = spec.threshold ?? (spec.name === "retention-below" ? "log_retention_days" : "session_idle_minutes");
  const unit = key.endsWith("_days") ? "days" : "minutes";
  return `${thresholds[key]} ${unit}`;
}
