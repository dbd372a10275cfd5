/**
 * npm run bench — runs every `*.bench.ts` in this folder (each prints its own figures).
 * Speed is measured here, never asserted in timed tests (docs: TEAM.md).
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const only = process.argv[2];
const files = readdirSync(import.meta.dirname)
  .filter((f) => f.endsWith(".bench.ts") && (!only || f.includes(only)))
  .sort();
for (const file of files) {
  console.log(`\n== ${file}`);
  await import(pathToFileURL(join(import.meta.dirname, file)).href);
}
