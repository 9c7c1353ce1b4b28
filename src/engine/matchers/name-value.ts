/**
 * Settings written as a name and a value: a Kubernetes or ECS environment entry (`- name: LOG_LEVEL` over
 * `value: debug`), an App Service app setting in Bicep or ARM (`{ name: 'ASPNETCORE_ENVIRONMENT', value:
 * 'Development' }`), CloudFormation's `Name:`/`Value:` pairs, an ECS container definition in HCL (`{ name = "X", value =
 * "Y" }`). The line rules read what a line sets as `KEY: value`,
 * so a line holding a pair's value is also read as `NAME: value` (a `key` view, like a configuration fallback's).
 * Bounded: one line and the line above it, each read by one linear regex.
 */
import type { DefaultView } from "./config-defaults.js";

/** A line that gives a pair's name only (`- name: LOG_LEVEL`, `"Name": "LOG_LEVEL",`). */
const NAME_LINE = /^\s*(?:-\s*)?["']?[Nn]ame["']?\s*[:=]\s*["']?([A-Za-z_][\w.:-]{0,100})["']?\s*,?\s*$/;
/** A line that gives a pair's value only (`value: debug`, `"Value": "true"`). */
const VALUE_LINE = /^(\s*(?:-\s*)?["']?[Vv]alue["']?\s*[:=]\s*)(["'][^"'\n]{0,200}["']|[^\s"',#/{}[\]][^,#/{}[\]]{0,200}?)\s*,?\s*(?:(?:#|\/\/).*)?$/;
/** A pair on one line (`{ name: 'X', value: 'Y' }`, `{"name": "X", "value": "Y"}`). */
const PAIR_LINE = /["']?[Nn]ame["']?\s*[:=]\s*["']([A-Za-z_][\w.:-]{0,100})["']\s*,?\s*["']?[Vv]alue["']?\s*[:=]\s*(["'][^"'\n]{0,200}["']|[\w.-]{1,100})/;

const NONE: DefaultView[] = [];

/**
 * The `NAME: value` view of a line holding a name/value pair's value; `previous` gives the line above, when known (it
 * is asked only for a line that gives a value alone).
 */
export function nameValueViews(text: string, folded: string, previous: () => string | undefined): DefaultView[] {
  if (!folded.includes("value")) return NONE;
  const pair = PAIR_LINE.exec(text);
  if (pair) {
    const start = pair.index;
    return [{ text: `${pair[1]}: ${pair[2]}`, kind: "key", start, end: start + pair[0].length }];
  }
  const value = VALUE_LINE.exec(text);
  if (!value) return NONE;
  const above = previous();
  if (above === undefined) return NONE;
  const name = NAME_LINE.exec(above);
  if (!name) return NONE;
  const start = value[1]!.length;
  return [{ text: `${name[1]}: ${value[2]}`, kind: "key", start, end: start + value[2]!.length }];
}
