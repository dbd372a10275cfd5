/**
 * npm run import -- --kind <kind> --file <path>
 * Reference and profile data (API.md). Exit 0 when the run completed (even with rejected rows),
 * 1 when the input could not be read or parsed (nothing written), 2 on wrong usage.
 */
import { readFileSync, statSync } from "node:fs";
import { basename } from "node:path";
import { openDatabase } from "~db/client.server";
import { defaultDatabasePath } from "~db/paths.server";
import { ensureSeeded } from "~db/seed/index.server";
import { cliArgs } from "~/cli/args.server";
import { progressBar } from "~/cli/progress.server";
import { formatSummary } from "~/cli/summary.server";
import { importKinds } from "~/imports/registry.server";
import { runImport } from "~/jobs/import.server";

const MAX_BYTES = 200 * 1024 * 1024;
const usage = `Uso: npm run import -- --kind <${importKinds().join("|")}> --file <percorso>`;
const args = cliArgs({ kind: { type: "string" }, file: { type: "string" } }, usage);

if (!args.kind || !args.file || !importKinds().includes(args.kind)) {
  console.error(usage);
  process.exit(2);
}

let content: Buffer;
try {
  const size = statSync(args.file).size;
  if (size > MAX_BYTES) throw new Error(`il file supera ${MAX_BYTES / 1024 / 1024} MB`);
  content = readFileSync(args.file);
} catch (error) {
  console.error(`${args.file}: file non leggibile: ${(error as Error).message}`);
  process.exit(1);
}

const db = openDatabase(defaultDatabasePath());
ensureSeeded(db);
const bar = progressBar(`import ${args.kind}`);
const summary = runImport(db, {
  kind: args.kind,
  content,
  input: basename(args.file),
  context: { actor: "cli", onProgress: (done, total) => bar.update(done, total) },
});
bar.stop();
console.log(formatSummary(summary));
db.$client.close();
process.exit(summary.status === "completato" ? 0 : 1);
