/**
 * npm run bench -- [<name>…] [--json] [--calls N] [--seed N]
 * Runs the benchmarks (all by default) and prints their named figures; `--json` prints one JSON
 * object `{ "<name>": { figures… } }` on stdout (progress goes to stderr).
 */
import { parseArgs } from "node:util";
import type { BenchModule, Figures } from "./types";

const BENCHMARKS: Record<string, { description: string; load: () => Promise<BenchModule> }> = {
  "matching-compute": {
    description: "motore di abbinamento, solo calcolo: 7.904 comuni × bandi generati",
    load: () => import("./matching-compute"),
  },
  alerts: {
    description: "processo degli avvisi: 1.506 comuni × 2 iscritti, bandi seguiti, proroghe, promemoria",
    load: () => import("./alerts"),
  },
  ingest: {
    description: "importazione dei bandi (pipeline completa) e ricerca nel catalogo: 20.000 bandi generati (--calls)",
    load: () => import("./ingest"),
  },
  "matching-store": {
    description: "abbinamento con salvataggio: 7.904 comuni × bandi generati in un database SQLite su file (ricalcolo completo, bando, profilo, API)",
    load: () => import("./matching-store"),
  },
  dashboards: {
    description: "cruscotto del comune via HTTP sulla build di produzione (1.506 comuni, 1.000 bandi, 50 connessioni), API di ricerca su 5.000 bandi, memoria del server, JavaScript della pagina",
    load: () => import("./dashboards"),
  },
  profiles: {
    description: "profili dei comuni a scala nazionale: caricamento per il re-match e confronto tra pari",
    load: () => import("./profiles"),
  },
};

const usage = `Uso: npm run bench -- [${Object.keys(BENCHMARKS).join("|")}]… [--json] [--calls N] [--seed N]`;

let parsed: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    allowPositionals: true,
    strict: true,
    options: { json: { type: "boolean", default: false }, calls: { type: "string" }, seed: { type: "string" }, help: { type: "boolean", default: false } },
  });
}
try {
  parsed = parse();
} catch (error) {
  console.error(`${(error as Error).message}\n\n${usage}`);
  process.exit(2);
}

const { values, positionals } = parsed;
if (values.help) {
  console.log(usage);
  for (const [name, b] of Object.entries(BENCHMARKS)) console.log(`  ${name}: ${b.description}`);
  process.exit(0);
}
const unknown = positionals.filter((name) => !(name in BENCHMARKS));
const numberOption = (text: string | undefined, name: string): number | undefined => {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) {
    console.error(`--${name} deve essere un intero positivo\n\n${usage}`);
    process.exit(2);
  }
  return n;
};
if (unknown.length > 0) {
  console.error(`Benchmark sconosciuto: ${unknown.join(", ")}\n\n${usage}`);
  process.exit(2);
}
const calls = numberOption(values.calls, "calls");
const seed = numberOption(values.seed, "seed");

const names = positionals.length > 0 ? positionals : Object.keys(BENCHMARKS);
const results: Record<string, Figures> = {};
for (const name of names) {
  const bench = await BENCHMARKS[name]!.load();
  const log = (line: string) => process.stderr.write(`[${name}] ${line}\n`);
  results[name] = await bench.run({ log, calls, seed });
  if (!values.json) {
    console.log(`\n${name}`);
    const width = Math.max(...Object.keys(results[name]).map((k) => k.length));
    for (const [key, value] of Object.entries(results[name])) console.log(`  ${key.padEnd(width)}  ${value}`);
  }
}
if (values.json) console.log(JSON.stringify(results, null, 2));
