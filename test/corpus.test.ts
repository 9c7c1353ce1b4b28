// Precision and recall per safeguard area over the labelled corpus in test/corpus/cases.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AREAS, loadCases, ratio, scoreCorpus } from "./corpus/harness.js";

const cases = loadCases(join(import.meta.dirname, "corpus", "cases"));

describe("labelled corpus", async () => {
  const scored = await scoreCorpus(cases);
  const table = AREAS.map((area) => {
    const s = scored.perArea[area]!;
    return { area, tp: s.tp, fp: s.fp, fn: s.fn, precision: ratio(s.tp, s.tp + s.fp).toFixed(3), recall: ratio(s.tp, s.tp + s.fn).toFixed(3) };
  });
  console.table(table);
  if (process.env.CORPUS_VERBOSE) {
    console.log("False positives:\n" + scored.falsePositives.join("\n"));
    console.log("False negatives:\n" + scored.falseNegatives.join("\n"));
  }

  it("has enough labelled positives in every area to measure", () => {
    for (const area of AREAS) expect(scored.perArea[area]!.tp + scored.perArea[area]!.fn, area).toBeGreaterThanOrEqual(20);
  });

  it.each(AREAS.map((a) => [a]))("%s: recall >= 90%", (area) => {
    const s = scored.perArea[area]!;
    expect(ratio(s.tp, s.tp + s.fn), `missed:\n${scored.falseNegatives.filter((l) => l.includes(`:${area} `)).join("\n")}`).toBeGreaterThanOrEqual(0.9);
  });

  it.each(AREAS.map((a) => [a]))("%s: precision >= 95%", (area) => {
    const s = scored.perArea[area]!;
    expect(ratio(s.tp, s.tp + s.fp), `false positives:\n${scored.falsePositives.filter((l) => l.includes(`:${area} `)).join("\n")}`).toBeGreaterThanOrEqual(0.95);
  });
});
