/**
 * Call ingestion and catalogue search at scale (in-memory database): one bando-json file of
 * `--calls` generated calls (20,000 by default) ingested through the whole pipeline (parse,
 * validate, normalise, tag, deduplicate, store), the same file again (every call unchanged),
 * the first catalogue search (which builds the fuzzy index) and later searches.
 *   npm run bench -- ingest [--calls N] [--json]
 */
import { openDatabase } from "~db/client.server";
import { ensureThemes } from "~db/seed/themes.server";
import { searchCatalogue } from "~/data/calls-search.server";
import { runIngest } from "~/ingestion/pipeline.server";
import { round, time, timeOnce } from "./timing";
import type { BenchOptions, Figures } from "./types";

const WORDS = ["cloud", "sicurezza informatica", "pagoPA", "scuole", "mobilità", "energia", "biblioteche", "sport", "rigenerazione urbana"];

/** A bando-json file of `n` calls with source HTML in the descriptions (reduced to text by the pipeline). */
export function benchDocument(n: number): Buffer {
  const doc = {
    fonte: "bench",
    bandi: Array.from({ length: n }, (_, i) => ({
      idFonte: `B-${i}`,
      titolo: `Contributi per ${WORDS[i % WORDS.length]} nei comuni, edizione ${i}`,
      ente: i % 3 === 0 ? "Regione Lombardia" : "Ministero dell'Interno",
      beneficiari: ["comune"],
      scadenza: `2030-${String((i % 12) + 1).padStart(2, "0")}-15`,
      importoMax: 1000 + i,
      descrizione: "<p>Descrizione con <b>HTML</b> da ridurre a testo.</p>",
    })),
  };
  return Buffer.from(JSON.stringify(doc));
}

export async function run({ log, calls = 20_000 }: BenchOptions): Promise<Figures> {
  const content = benchDocument(calls);
  const db = openDatabase(":memory:");
  ensureThemes(db);
  log(`${calls} bandi generati, file bando-json di ${round(content.length / 1024 / 1024)} MB`);

  const first = await timeOnce(() => runIngest(db, { source: "bando-json", content, input: "bench.json", publish: true }));
  log(`prima importazione: ${first.result.created} nuovi in ${first.ms} ms`);
  const again = await timeOnce(() => runIngest(db, { source: "bando-json", content, input: "bench.json" }));
  log(`stesso file di nuovo: ${again.result.unchanged} invariati in ${again.ms} ms`);
  const firstSearch = time(1, () => searchCatalogue(db, { q: "sicurezza informatica" }));
  let i = 0;
  const searches = time(50, () => searchCatalogue(db, { q: WORDS[i++ % WORDS.length], stato: "aperto" }));
  db.$client.close();
  return {
    calls,
    fileMb: round(content.length / 1024 / 1024),
    created: first.result.created,
    unchanged: again.result.unchanged,
    rejected: first.result.rejected + again.result.rejected,
    ingestNewMs: first.ms,
    ingestNewCallsPerSecond: Math.round(calls / (first.ms / 1000)),
    ingestUnchangedMs: again.ms,
    ingestUnchangedCallsPerSecond: Math.round(calls / (again.ms / 1000)),
    firstSearchMs: firstSearch.medianMs,
    searchMedianMs: searches.medianMs,
    searchMaxMs: searches.maxMs,
    searchRuns: 50,
  };
}
