/** A change source over a unified diff read from a stream (a .patch file or standard input). */
import { splitFiles } from "../../engine/diff/split-diff.js";
import { parseFileDiff } from "../../engine/diff/parse-file-diff.js";
import type { ChangeSource } from "../../engine/scan.js";
import type { FileDiff } from "../../engine/types.js";

export function patchSource(input: AsyncIterable<string | Buffer> | Iterable<string | Buffer>, readHead: (path: string) => Promise<string | undefined> = async () => undefined): ChangeSource {
  return {
    async *files(): AsyncGenerator<FileDiff> {
      for await (const chunk of splitFiles(input)) {
        const file = parseFileDiff(chunk);
        if (file) yield file;
      }
    },
    readHead,
  };
}
