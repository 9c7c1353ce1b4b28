/** Custom rules in `.hipaa.yml` meet the default pack's bar: their bad examples fire (masked), their good ones stay quiet. */
import type { SourcedRule } from "../engine/rules/spec.js";
import { runRuleExamples } from "../engine/rules/tester.js";
import type { PositionedError } from "../engine/yaml-schema.js";

export function customRuleErrors(rules: SourcedRule[]): PositionedError[] {
  const errors: PositionedError[] = [];
  for (const rule of rules) {
    if (rule.spec.scope === "syntax") continue; // refused by the config with its own error
    for (const o of runRuleExamples(rule)) {
      if (o.ok) continue;
      errors.push({
        file: rule.file,
        line: rule.line,
        column: 1,
        key: `custom_rules.${rule.spec.id}.examples.${o.kind}[${o.index}]`,
        message:
          o.problem === "unmasked"
            ? "this bad example's finding does not mask the sensitive value; point `value_group` at the group that captures the identifier or secret itself"
            : o.kind === "bad" ? "this bad example produces no finding; fix the pattern or the example" : "this good example produces a finding; tighten the pattern or add an `unless`",
      });
    }
  }
  return errors;
}
