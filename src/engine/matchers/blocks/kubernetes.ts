/**
 * Finds the objects of Kubernetes manifests: each YAML document (`---` between them) with a top-level `kind:` is one
 * resource, typed by its kind and named by its `metadata.name`, so a block rule can judge an object as a whole ("a
 * StorageClass without `encrypted: "true"`"). Like the YAML item finder it reads lines and indentation, not a full
 * parse, so Helm templates and Kustomize patches are read too.
 */
import type { FileDiff } from "../../types.js";
import type { ResourceBlock } from "./types.js";
import { isComment } from "./yaml-items.js";

const SEPARATOR = /^---(\s|$)/;
const KIND = /^kind\s*:\s*["']?([A-Za-z][\w.-]*)["']?\s*(#.*)?$/;
const METADATA = /^metadata\s*:\s*(#.*)?$/;
/** The object's name, indented under `metadata:` (not a label's or an annotation's `name`, deeper down). */
const NAME = /^\s{1,4}name\s*:\s*["']?([^"'#\s]+)/;
/** Top-level keys of a manifest, or a document separator: the diff's lines must show one for the head to be read. */
const HINT = /^(---(\s|$)|(apiVersion|kind|metadata|spec|data|stringData|parameters|provisioner|rules|subjects|roleRef)\s*:)/;

export function mayHoldObjects(file: FileDiff): boolean {
  return /\.ya?ml$/i.test(file.path) && file.lines.some((l) => HINT.test(l.text));
}

export function findKubernetesObjects(text: string): ResourceBlock[] {
  const lines = text.split(/\r?\n/);
  const blocks: ResourceBlock[] = [];
  let start = 0;
  for (let i = 0; i <= lines.length; i++) {
    if (i < lines.length && !SEPARATOR.test(lines[i]!)) continue;
    const object = objectOf(lines, start, i - 1);
    if (object) blocks.push(object);
    start = i + 1;
  }
  return blocks;
}

/** The object of the document on lines `from`..`to` (0-based, inclusive), when it has a kind. */
function objectOf(lines: string[], from: number, to: number): ResourceBlock | undefined {
  let kind: string | undefined;
  let name: string | undefined;
  let inMetadata = false;
  for (let n = from; n <= to; n++) {
    const line = lines[n]!;
    if (/^\S/.test(line)) inMetadata = METADATA.test(line);
    kind ??= KIND.exec(line)?.[1];
    if (inMetadata) name ??= NAME.exec(line)?.[1];
  }
  if (!kind || from > to) return undefined;
  const body = lines.slice(from, to + 1).map((l) => (isComment(l) ? "" : l));
  return { type: kind, name: name ?? `#${from + 1}`, startLine: from + 1, endLine: to + 1, lines: body };
}
