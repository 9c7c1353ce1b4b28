#!/usr/bin/env node
// The build's last steps, after tsc has compiled into dist/ (`npm run build`, and `npm test`'s one compile of the
// source and the tests together): make the CLI executable, then snapshot the default pack and vendor catalogue
// (src/defaults/pack-snapshot.ts; kept as they are when nothing that shapes them changed).
import { chmodSync } from "node:fs";

chmodSync(new URL("../dist/src/cli/bin.js", import.meta.url), 0o755);
await import("../dist/src/defaults/pack-snapshot.js");
