/**
 * npm run ingest -- --source <fonte> (--file <path> | --url <url>) [--publish]
 * One ingestion run (API.md). Exit 0 when the run completed (even with rejected items), 1 when
 * the input could not be read or parsed (nothing written), 2 on wrong usage.
 */
import { readFileSync, statSync } from "node:fs";
import { basename } from "node:path";
import { openDatabase } from "~db/client.server";
import { defaultDatabasePath } from "~db/paths.server";
import { ensureSeeded } from "~db/seed/index.server";
import { cliArgs } from "~/cli/args.server";
import { progressBar } from "~/cli/progress.server";
import { formatIngestSummary } from "~/ingestion/summary.server";
import { ADAPTERS, adapterFor } from "~/ingestion/adapters";
import { fetchSource, DEFAULT_FETCH_LIMITS } from "~/ingestion/fetch.server";
import { runIngest } from "~/ingestion/pipeline.server";
import { InputError } from "~/lib/errors";

const sources = Object.keys(ADAPTERS);
const usage = `Uso: npm run ingest -- --source <${sources.join("|")}> (--file <percorso> | --url <indirizzo>) [--publish]`;
const args = cliArgs(
  {
    source: { type: "string" },
    file: { type: "string" },
    url: { type: "string" },
    publish: { type: "boolean", default: false },
    "timeout-ms": { type: "string" },
    "max-bytes": { type: "string" },
  },
  usage,
);

const adapter = args.source ? adapterFor(args.source) : undefined;
if (!adapter || (!args.file === !args.url)) {
  console.error(usage);
  process.exit(2);
}

const limits = {
  timeoutMs: Number(args["timeout-ms"] ?? DEFAULT_FETCH_LIMITS.timeoutMs),
  maxBytes: Number(args["max-bytes"] ?? DEFAULT_FETCH_LIMITS.maxBytes),
};

let content: Uint8Array;
let input: string;
try {
  if (args.file) {
    input = basename(args.file);
    const size = statSync(args.file).size;
    if (size > limits.maxBytes) throw new InputError(`il file supera ${Math.round(limits.maxBytes / 1024 / 1024)} MB`, { file: input });
    content = readFileSync(args.file);
  } else {
    input = args.url!;
    content = (await fetchSource(args.url!, adapter, limits)).content;
  }
} catch (error) {
  console.error(error instanceof InputError ? error.describe() : `${args.file ?? args.url}: non leggibile: ${(error as Error).message}`);
  process.exit(1);
}

const db = openDatabase(defaultDatabasePath());
ensureSeeded(db, { demo: false });
const bar = progressBar(`ingest ${adapter.source}`, { logSteps: true });
const summary = await runIngest(db, {
  source: adapter.source,
  content,
  input,
  publish: args.publish,
  actor: "cli",
  onProgress: (done, total) => bar.update(done, total),
});
bar.stop();
console.log(formatIngestSummary(summary));
db.$client.close();
process.exit(summary.status === "completato" ? 0 : 1);
