// Vue and Svelte single-file components: the syntax rules read their scripts, in place, and never their markup.
import { describe, expect, it } from "vitest";
import { detectLanguages } from "../../src/engine/files/languages.js";
import { scriptsOf } from "../../src/syntax/components.js";
import { treeSitterParser } from "../../src/syntax/tree-sitter.js";

const COMPONENT = [
  "<template>",
  '  <button @click="track(patient.ssn)">{{ patient.name }}</button>',
  "</template>",
  '<script setup lang="ts">',
  "import { track } from '@/analytics'",
  "track('viewed', { dob: patient.dob })",
  "</script>",
  "<style scoped>.a { color: red }</style>",
  "<script>export default { name: 'Chart' }</script>",
].join("\n");

describe("single-file components", () => {
  it("keeps each script block on its own lines and blanks the markup and styles", () => {
    const lines = scriptsOf(COMPONENT).split("\n");
    expect(lines).toHaveLength(9);
    expect(lines[1]).toBe("");
    expect(lines[3]).toBe("");
    expect(lines[5]).toBe("track('viewed', { dob: patient.dob })");
    expect(lines[7]).toBe("");
    expect(lines[8]).toBe("export default { name: 'Chart' }");
  });

  it("are TypeScript and HTML to the rules", () => {
    expect(detectLanguages("src/views/Chart.vue")).toEqual(["typescript", "html"]);
    expect(detectLanguages("src/routes/+page.svelte")).toEqual(["typescript", "html"]);
  });

  it("gives the syntax rules the script's calls at their lines, and none from the markup", async () => {
    const parser = treeSitterParser();
    expect(await parser.load("typescript", "src/views/Chart.vue")).toBe(true);
    const calls = parser.calls("typescript", "src/views/Chart.vue", COMPONENT)!;
    const tracks = calls.filter((c) => c.callee === "track");
    expect(tracks.map((c) => c.startLine)).toEqual([6]);
  });
});
