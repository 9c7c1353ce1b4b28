import { describe, expect, it } from "vitest";
import { evaluateFile } from "../../src/engine/evaluate.js";
import { findYamlItems } from "../../src/engine/matchers/blocks/yaml-items.js";
import { compileRule } from "../../src/engine/rules/compile.js";
import { loadRulePacks } from "../../src/engine/rules/pack.js";
import { Ruleset } from "../../src/engine/rules/ruleset.js";
import { DEFAULT_THRESHOLDS, type FileDiff } from "../../src/engine/types.js";
import { formatError } from "../../src/engine/yaml-schema.js";

const ENVOY = `static_resources:
  listeners:
    # the public edge
    - name: edge_plain
      address:
        socket_address: { address: 0.0.0.0, port_value: 8080 }
      filter_chains:
        - filters:
            - name: envoy.filters.network.http_connection_manager

    - name: edge_tls
      address:
        socket_address: { address: 0.0.0.0, port_value: 8443 }
      filter_chains:
        - transport_socket:
            name: envoy.transport_sockets.tls
  clusters:
  - name: upstream
    type: LOGICAL_DNS
`;

describe("findYamlItems", () => {
  it("returns each entry of a block sequence, typed by its key and named by its `name:`", () => {
    const items = findYamlItems(ENVOY).map((b) => [b.type, b.name, b.startLine, b.endLine]);
    expect(items).toContainEqual(["listeners", "edge_plain", 4, 9]);
    expect(items).toContainEqual(["listeners", "edge_tls", 11, 16]);
    // A sequence at its key's own indentation, and nested sequences, are items too.
    expect(items).toContainEqual(["clusters", "upstream", 18, 19]);
    expect(items).toContainEqual(["filter_chains", "#0", 8, 9]);
  });

  it("blanks comment lines inside an item and ignores flow sequences and scalars", () => {
    const [item] = findYamlItems("servers:\n  - url: a\n    # url: b\n    weight: 1\n");
    expect(item!.lines).toEqual(["  - url: a", "", "    weight: 1"]);
    expect(findYamlItems("servers: [a, b]\nname: x\n")).toEqual([]);
  });

  it("does not take an outer list's next entry for the items of a key with no value", () => {
    const items = findYamlItems("- servers:\n- name: other\n");
    expect(items.filter((b) => b.type === "servers")).toEqual([]);
  });
});

const PACK = `
area: transmission-security
title: Test pack
safeguard: "164.312(e)(1)"
rules:
  - id: listener-without-tls
    title: Listener without TLS
    severity: error
    languages: [yaml]
    scope: block
    block: { kind: yaml-item, types: [listeners], matches: ['filter_chains'], missing: ['transport_socket'] }
    message: No TLS.
    remediation: Add TLS.
    examples:
      bad: ["listeners:\\n  - name: a\\n    filter_chains: []"]
      good: ["listeners:\\n  - name: a\\n    filter_chains:\\n      - transport_socket: {}"]
`;

describe("yaml-item block rules", () => {
  it("judge the item a change touched, reported on its first line", () => {
    const loaded = loadRulePacks([{ file: "rules/t.yml", text: PACK }]);
    expect(loaded.errors.map(formatError)).toEqual([]);
    const rules = new Ruleset(loaded.rules.map((r) => compileRule(r)));
    const touched = (line: number): FileDiff => ({ path: "deploy/envoy/edge.yaml", status: "modified", binary: false, lines: [{ line, text: ENVOY.split("\n")[line - 1]!, added: true }] });
    const ctx = { thresholds: DEFAULT_THRESHOLDS, today: "2026-11-22" };
    expect(evaluateFile(rules, touched(6), ENVOY, ctx).findings.map((f) => [f.ruleId, f.line])).toEqual([["listener-without-tls", 6]]);
    expect(evaluateFile(rules, touched(4), ENVOY, ctx).findings.map((f) => f.line)).toEqual([4]);
    expect(evaluateFile(rules, touched(13), ENVOY, ctx).findings).toEqual([]); // the TLS listener
  });
});
