/**
 * Benchmark of call ingestion and catalogue search (in-memory database):
 *   npx tsx scripts/bench/ingest.ts [calls=20000]
 * Prints the time of a first run (all new), of the rerun (all unchanged), of the first search
 * (index build) and of later searches.
 */
import { performance } from "node:perf_hooks";
import { openDatabase } from "~db/client.server";
import { ensureThemes } from "~db/seed/themes.server";
import { searchCatalogue } from "~/data/calls-search.server";
import { runIngest } from "~/ingestion/pipeline.server";

const n = Number(process.argv[2] ?? 20_000);
const words = ["cloud", "sicurezza informatica", "pagoPA", "scuole", "mobilità", "energia", "biblioteche", "sport", "rigenerazione urbana"];
const doc = {
  fonte: "bench",
  bandi: Array.from({ length: n }, (_, i) => ({
    idFonte: `B-${i}`,
    titolo: `Contributi per ${words[i % words.length]} nei comuni, edizione ${i}`,
    ente: i % 3 === 0 ? "Regione Lombardia" : "Ministero dell'Interno",
    beneficiari: ["comune"],
    scadenza: `2030-${String((i % 12) + 1).padStart(2, "0")}-15`,
    importoMax: 1000 + i,
    descrizione: "<p>Descrizione con <b>HTML</b> da ridurre a testo.</p>",
  })),
};
const content = Buffer.from(JSON.stringify(doc));
const db = openDatabase(":memory:");
ensureThemes(db);

const time = async (label: string, fn: () => unknown | Promise<unknown>) => {
  const t0 = performance.now();
  const result = await fn();
  console.log(`${label}: ${(performance.now() - t0).toFixed(0)} ms`);
  return result;
};

await time(`ingest di ${n} bandi nuovi`, () => runIngest(db, { source: "bando-json", content, input: "bench.json", publish: true }));
await time(`stesso file di nuovo (${n} invariati)`, () => runIngest(db, { source: "bando-json", content, input: "bench.json" }));
await time("prima ricerca (costruzione dell'indice fuse.js)", () => searchCatalogue(db, { q: "sicurezza informatica" }));
const runs = 50;
const t0 = performance.now();
for (let i = 0; i < runs; i++) searchCatalogue(db, { q: words[i % words.length], stato: "aperto" });
console.log(`ricerca approssimata con indice pronto: ${((performance.now() - t0) / runs).toFixed(1)} ms per richiesta (media di ${runs})`);
