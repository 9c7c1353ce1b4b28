import { describe, expect, it } from "vitest";
import { DiffError, parseFileDiff } from "../../src/engine/diff/parse-file-diff.js";
import { splitFiles } from "../../src/engine/diff/split-diff.js";
import { contentFromDiff } from "../../src/engine/scan.js";
import type { FileDiff } from "../../src/engine/types.js";

async function parseAll(text: string, chunkSize = 7): Promise<FileDiff[]> {
  // Feed the text in small chunks, as a pipe would, to exercise line splitting across chunk edges.
  const chunks = (async function* () {
    for (let i = 0; i < text.length; i += chunkSize) yield text.slice(i, i + chunkSize);
  })();
  const out: FileDiff[] = [];
  for await (const chunk of splitFiles(chunks)) {
    const f = parseFileDiff(chunk);
    if (f) out.push(f);
  }
  return out;
}

const GIT_DIFF = `diff --git a/src/app.js b/src/app.js
index 1111111..2222222 100644
--- a/src/app.js
+++ b/src/app.js
@@ -1,4 +1,5 @@
 const https = require("https");
--- a removed line that looks like a header
+const agent = new https.Agent({ rejectUnauthorized: false });
+++ an added line that looks like a header
 module.exports = agent;
 // end
diff --git a/old/name.py b/new/name.py
similarity index 90%
rename from old/name.py
rename to new/name.py
index 3333333..4444444 100644
--- a/old/name.py
+++ b/new/name.py
@@ -10,2 +10,3 @@ def f():
     x = 1
+    requests.get(url, verify=False)
     return x
diff --git a/logo.png b/logo.png
new file mode 100644
index 0000000..5555555
Binary files /dev/null and b/logo.png differ
diff --git a/gone.txt b/gone.txt
deleted file mode 100644
index 6666666..0000000
--- a/gone.txt
+++ /dev/null
@@ -1,2 +0,0 @@
-secret
-more
diff --git a/new.txt b/new.txt
new file mode 100644
index 0000000..7777777
--- /dev/null
+++ b/new.txt
@@ -0,0 +1,2 @@
+first
+second
\\ No newline at end of file
`;

describe("diff parsing", () => {
  it("gives a new file's content from its diff, with its final newline unless the diff says it has none", async () => {
    const added = (body: string[]) => ["diff --git a/n.txt b/n.txt", "new file mode 100644", "--- /dev/null", "+++ b/n.txt", `@@ -0,0 +1,${body.filter((l) => l.startsWith("+")).length} @@`, ...body].join("\n") + "\n";
    const [withNewline] = await parseAll(added(["+one", "+two"]));
    expect(withNewline!.noFinalNewline).toBeUndefined();
    expect(contentFromDiff(withNewline!)).toBe("one\ntwo\n");
    const [without] = await parseAll(added(["+one", "+two", "\\ No newline at end of file"]));
    expect(without!.noFinalNewline).toBe(true);
    expect(contentFromDiff(without!)).toBe("one\ntwo");
    // The marker after a removed line speaks of the old side: the head side still ends with a newline.
    const [edited] = await parseAll(["diff --git a/e.txt b/e.txt", "--- a/e.txt", "+++ b/e.txt", "@@ -1 +1 @@", "-old", "\\ No newline at end of file", "+new", ""].join("\n"));
    expect(edited!.noFinalNewline).toBeUndefined();
    expect(contentFromDiff(edited!)).toBeUndefined();
  });

  it("splits a git diff into files with head-side line numbers", async () => {
    const files = await parseAll(GIT_DIFF);
    expect(files.map((f) => [f.path, f.status, f.binary])).toEqual([
      ["src/app.js", "modified", false],
      ["new/name.py", "renamed", false],
      ["logo.png", "added", true],
      ["gone.txt", "deleted", false],
      ["new.txt", "added", false],
    ]);
    const app = files[0]!;
    expect(app.lines.filter((l) => l.added)).toEqual([
      // (both replace the removed line of their run, the only line the file's change removed)
      { line: 2, text: "const agent = new https.Agent({ rejectUnauthorized: false });", added: true, replaced: ["-- a removed line that looks like a header"], removedInFile: ["-- a removed line that looks like a header"] },
      { line: 3, text: "++ an added line that looks like a header", added: true, replaced: ["-- a removed line that looks like a header"], removedInFile: ["-- a removed line that looks like a header"] },
    ]);
    expect(files[1]!.oldPath).toBe("old/name.py");
    expect(files[1]!.lines.find((l) => l.added)).toEqual({ line: 11, text: "    requests.get(url, verify=False)", added: true });
    expect(files[3]!.lines).toEqual([]);
    expect(files[4]!.lines.map((l) => l.text)).toEqual(["first", "second"]);
  });

  it("reads plain `diff -u` output and CRLF line ends", async () => {
    const plain = "--- a/one.txt\t2026-01-01\r\n+++ b/one.txt\t2026-01-02\r\n@@ -1 +1,2 @@\r\n keep\r\n+added\r\n--- a/two.txt\n+++ b/two.txt\n@@ -0,0 +1 @@\n+two\n";
    const files = await parseAll(plain, 5);
    expect(files.map((f) => [f.path, f.lines.filter((l) => l.added).map((l) => `${l.line}:${l.text}`)])).toEqual([
      ["one.txt", ["2:added"]],
      ["two.txt", ["1:two"]],
    ]);
  });

  it("decodes a UTF-8 character split across two byte chunks", async () => {
    const bytes = Buffer.from("diff --git a/é.txt b/é.txt\n--- a/é.txt\n+++ b/é.txt\n@@ -0,0 +1 @@\n+naïve café\n", "utf8");
    const out: FileDiff[] = [];
    const chunks = Array.from({ length: bytes.length }, (_, i) => bytes.subarray(i, i + 1));
    for await (const chunk of splitFiles(chunks)) out.push(parseFileDiff(chunk)!);
    expect(out[0]!.path).toBe("é.txt");
    expect(out[0]!.lines[0]!.text).toBe("naïve café");
  });

  it("ignores a commit-message preamble (git format-patch output)", async () => {
    const mail = "From 123 Mon Sep 17 00:00:00 2001\nSubject: [PATCH] x\n\n---\n a.txt | 1 +\n\n" + "diff --git a/a.txt b/a.txt\n--- a/a.txt\n+++ b/a.txt\n@@ -1 +1,2 @@\n x\n+y\n";
    const files = await parseAll(mail);
    expect(files.map((f) => f.path)).toEqual(["a.txt"]);
  });

  it("rejects a hunk whose counts do not match, naming the diff line", async () => {
    const broken = "diff --git a/a.txt b/a.txt\n--- a/a.txt\n+++ b/a.txt\n@@ -1,1 +1,3 @@\n x\n+y\ndiff --git a/b.txt b/b.txt\n--- a/b.txt\n+++ b/b.txt\n@@ -1 +1 @@\n-a\n+b\n";
    await expect(parseAll(broken)).rejects.toThrow(DiffError);
    await expect(parseAll(broken)).rejects.toThrow(/line \d+/);
  });
});
