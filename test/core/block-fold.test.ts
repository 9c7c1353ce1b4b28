// A block rule's finding says nothing new when a line rule of its area, weighing as much, already flagged a line of
// the same resource: `access_logs { enabled = false }` is one weakness, reported where the change switched it off, not
// again on the resource's first line as "load balancer without access logs".
import { describe, expect, it } from "vitest";
import { scanChangeWithPack, scanWithPack } from "./pack-scan.js";

const pack = (lineSeverity: string) => `
area: audit-controls
title: Test pack
safeguard: "164.312(b)"
rules:
  - id: logging-block-off
    title: Logging switched off
    severity: ${lineSeverity}
    languages: [terraform]
    keywords: [enabled]
    patterns: ['^\\s*enabled\\s*=\\s*false']
    message: m
    remediation: r
    examples: { bad: [{ path: main.tf, code: '  enabled = false' }], good: [{ path: main.tf, code: '  enabled = true' }] }
  - id: lb-without-logs
    title: Load balancer without access logs
    severity: warning
    languages: [terraform]
    scope: block
    block:
      kind: terraform-resource
      types: [aws_lb]
      missing: ['\\baccess_logs\\s*\\{[^}]*\\benabled\\s*=\\s*true']
    message: m
    remediation: r
    examples:
      bad: ['resource "aws_lb" "a" {\\n  name = "a"\\n}']
      good: ['resource "aws_lb" "a" {\\n  access_logs {\\n    enabled = true\\n  }\\n}']
`;

const switchedOff = ['resource "aws_lb" "api" {', '  name = "api"', "  access_logs {", '    bucket  = "logs"', "    enabled = false", "  }", "}"].join("\n");

describe("a block rule's finding beside a line rule's in the same resource", () => {
  it("is folded into the line rule's finding of its area", () => {
    expect(scanWithPack(pack("error"), "main.tf", switchedOff)).toEqual([5]);
  });
  it("stands when the line rule's finding weighs less (a note beside a warning)", () => {
    expect(scanWithPack(pack("note"), "main.tf", switchedOff).sort()).toEqual([1, 5]);
  });
  it("stands on a resource the line rule said nothing about", () => {
    const two = [switchedOff, 'resource "aws_lb" "admin" {', '  name = "admin"', "}"].join("\n");
    expect(scanWithPack(pack("error"), "main.tf", two)).toEqual([5, 8]);
  });
  it("stands when the change touches the resource without switching anything off", () => {
    expect(scanChangeWithPack(pack("error"), "main.tf", 'resource "aws_lb" "api" {\n  name = "api"\n}\n', 'resource "aws_lb" "api" {\n  name = "api-v2"\n}\n')).toEqual(["2:lb-without-logs"]);
  });
});
