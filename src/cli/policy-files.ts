/** Policy files the CLI is given on the command line (--config, --org-config), read from the working tree. */
import { existsSync, readFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import type { OrgPolicySource } from "../policy/load.js";
import { UsageError } from "./args.js";

export function readPolicyFile(flag: "--config" | "--org-config", file: string, cwd: string): { file: string; text: string } {
  const path = resolve(cwd, file);
  if (!existsSync(path)) throw new UsageError(`${flag} ${file}: no such file`);
  try {
    return { file, text: readFileSync(path, "utf8") };
  } catch (error) {
    throw new UsageError(`${flag} ${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

/**
 * The organisation's policy for `extends: org`, as the App reads it from `<org>/.github`: the file's folder
 * stands for that repository, so its vendor manifest is read from the same folder (`.hipaa/vendors.yml` next to
 * `.hipaa.yml` by default).
 */
export function orgPolicyFromFile(file: string, cwd: string): () => Promise<OrgPolicySource> {
  const { text } = readPolicyFile("--org-config", file, cwd);
  const root = dirname(resolve(cwd, file));
  const shown = (path: string) => relative(cwd, resolve(root, path)) || path;
  return async () => ({
    text,
    label: `${file} (--org-config)`,
    readFile: async (path) => {
      const full = resolve(root, path);
      if (!full.startsWith(root + "/") || !existsSync(full)) return undefined;
      return readFileSync(full, "utf8");
    },
    fileLabel: (path) => `${shown(path)} (next to --org-config)`,
  });
}
