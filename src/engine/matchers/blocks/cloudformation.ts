/**
 * Finds the resources of a CloudFormation or SAM template (YAML with short-form intrinsics such as `!Sub`, `!Ref`,
 * `!GetAtt`, or JSON) and of a Serverless Framework file (`resources: Resources:`): each entry under `Resources`
 * with its `Type`, logical id, line range and lines. The `yaml` parser reads both formats with source positions.
 * Only files that look like templates are parsed: `mayHoldTemplate` asks the diff's lines before the head is read,
 * `looksLikeTemplate` the content before it is parsed, so ordinary YAML and JSON files pay two substring tests.
 */
import type { ParsedNode, YAMLMap } from "yaml";
import { yaml } from "../../lazy-modules.js";
import { MAX_NESTING, nestingBeyond } from "../../yaml-schema.js";
import type { FileDiff } from "../../types.js";
import { BlockFileError, type ResourceBlock } from "./types.js";

/** Twice CloudFormation's own limit on a template body (1 MB from S3): past it, the file is not a template. */
export const MAX_TEMPLATE_BYTES = 2_000_000;

/** The short-form intrinsic functions, as scalar, sequence and mapping tags, so the parser resolves them quietly. */
const INTRINSICS = [
  "Ref", "Sub", "GetAtt", "Join", "Select", "Split", "If", "Equals", "Not", "And", "Or", "FindInMap", "Base64",
  "Cidr", "ImportValue", "GetAZs", "Condition", "Transform", "Length", "ToJsonString", "Contains", "EachMemberEquals",
  "EachMemberIn", "ValueOf", "RefAll",
];
const TAGS = INTRINSICS.flatMap((name) => [
  { tag: `!${name}`, resolve: (value: string) => value },
  { tag: `!${name}`, collection: "seq" as const, resolve: (value: unknown) => value },
  { tag: `!${name}`, collection: "map" as const, resolve: (value: unknown) => value },
]);

/**
 * Whether the lines the diff shows may belong to a template: a resource type (`AWS::`), the format version, an
 * intrinsic function (in JSON also `{"Ref": …}`), a `Resources`/`Properties` key or a resource attribute
 * (`DependsOn`, `DeletionPolicy`); in YAML also a PascalCase key, which CloudFormation uses and the YAML files of
 * Kubernetes, Helm, Compose, Ansible and CI do not. JSON's quoted PascalCase keys are no hint: .NET settings
 * files are full of them.
 */
export function mayHoldTemplate(file: FileDiff): boolean {
  const yaml = !/\.json$/i.test(file.path);
  for (const { text } of file.lines) {
    if (HINT.test(text)) return true;
    if (yaml && PASCAL_KEY.test(text)) return true;
  }
  return false;
}
const HINT = /AWS::|AWSTemplateFormatVersion|Fn::|!(Ref|Sub|GetAtt|If|Join|Select|FindInMap|ImportValue|Base64|Split|Equals)\b|^\s*"?(Resources|Properties)"?\s*:|"(Ref|DependsOn|DeletionPolicy|UpdateReplacePolicy)"\s*:/;
const PASCAL_KEY = /^\s*(- )?[A-Z][a-z0-9]+[A-Z][A-Za-z0-9]*:(\s|$)/;

/** Whether a whole file is a template: it declares the format version, or has `Resources` and an `AWS::` type. */
export function looksLikeTemplate(text: string): boolean {
  if (text.includes("AWSTemplateFormatVersion")) return true;
  return text.includes("Resources") && /["']?Type["']?\s*:\s*["']?AWS::/.test(text);
}

export function findCloudFormationResources(text: string): ResourceBlock[] {
  if (!looksLikeTemplate(text)) return [];
  if (text.length > MAX_TEMPLATE_BYTES) {
    throw new BlockFileError(1, `the template is larger than ${MAX_TEMPLATE_BYTES / 1e6} MB, twice CloudFormation's limit; split it into nested stacks`);
  }
  // The change is untrusted: nested thousands of levels deep, the YAML library's recursion would abort the process.
  const deep = nestingBeyond(text, MAX_NESTING);
  if (deep) throw new BlockFileError(deep.line, `the template nests more than ${MAX_NESTING} levels deep; CloudFormation templates need far fewer`);
  const counter = new (yaml().LineCounter)();
  const docs = yaml().parseAllDocuments(text, { customTags: TAGS, lineCounter: counter, uniqueKeys: false, strict: false, prettyErrors: false });
  const lines = text.split(/\r?\n/);
  const blocks: ResourceBlock[] = [];
  for (const doc of Array.isArray(docs) ? docs : []) {
    const error = doc.errors[0];
    if (error) throw new BlockFileError(counter.linePos(error.pos[0]).line, `the template could not be parsed (${error.code.toLowerCase().replace(/_/g, " ")})`);
    const resources = resourcesOf(doc.contents);
    if (!resources) continue;
    for (const pair of resources.items) {
      const key = pair.key as ParsedNode | null;
      const value = pair.value as ParsedNode | null;
      if (!yaml().isScalar(key) || !yaml().isMap(value) || !key.range || !value.range) continue;
      const type = value.get("Type", true);
      if (!yaml().isScalar(type) || typeof type.value !== "string") continue;
      const startLine = counter.linePos(key.range[0]).line;
      const endLine = Math.max(startLine, counter.linePos(Math.max(value.range[0], value.range[1] - 1)).line);
      const typeLine = type.range ? counter.linePos(type.range[0]).line : startLine;
      blocks.push({ type: type.value, name: String(key.value), startLine, endLine, typeLine, lines: lines.slice(startLine - 1, endLine).map(blankComment) });
    }
  }
  return blocks;
}

/** The `Resources` mapping of a template, or of a Serverless Framework file's `resources` section. */
function resourcesOf(contents: unknown): YAMLMap | undefined {
  if (!yaml().isMap(contents)) return undefined;
  const direct = contents.get("Resources", true);
  if (yaml().isMap(direct)) return direct;
  const serverless = contents.get("resources", true);
  if (yaml().isMap(serverless)) {
    const nested = serverless.get("Resources", true);
    if (yaml().isMap(nested)) return nested;
  }
  return undefined;
}

function blankComment(line: string): string {
  return line.trimStart().startsWith("#") ? "" : line;
}
