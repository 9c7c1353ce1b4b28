import { readFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "./rules.js";

export const TOOL_NAME = "hipaa-review";
export const TOOL_URI = "https://github.com/hipaa-review/hipaa-review";

export function toolVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(packageRoot(), "package.json"), "utf8")) as { version: string }).version;
  } catch {
    return "0.0.0";
  }
}
