import type { Db } from "~db/client.server";
import { recomputePeerComparisons } from "~/data/peers.server";
import { parseAggregazioni } from "./aggregazioni";
import { applyAggregazioni } from "./aggregazioni.server";
import { parseCandidaturePadigitale } from "./candidature-padigitale";
import { applyCandidaturePadigitale } from "./candidature-padigitale.server";
import { parseIstatComuni } from "./comuni-istat";
import { applyIstatComuni } from "./comuni-istat.server";
import { parseAnprPopulation } from "./popolazione-anpr";
import { applyAnprPopulation } from "./popolazione-anpr.server";
import { parseProgrammazione } from "./programmazione";
import { applyProgrammazione } from "./programmazione.server";
import type { ParseResult, ParsedRecord, RunReject } from "./types";

export interface ImportContext {
  now: Date;
  actor?: string | null;
  /** ISTAT region codes an import applies to (default: Lombardia). */
  regions?: string[];
  onProgress?: (done: number, total: number) => void;
}

export interface ApplyResult {
  created: number;
  updated: number;
  unchanged: number;
  /** Rows refused while applying (e.g. unknown comune), in addition to parse rejects. */
  rejects?: RunReject[];
  details?: Record<string, unknown>;
}

export interface ImportKindDefinition<T> {
  label: string;
  parse(content: Uint8Array, file: string): ParseResult<T>;
  apply(tx: Db, records: ParsedRecord<T>[], context: ImportContext): ApplyResult;
}

/**
 * Registry changes (population → cluster, province, mergers) move comuni between peer groups:
 * the precomputed peer comparison is rebuilt in the same transaction when anything changed.
 */
function thenRecomputePeers<T>(apply: ImportKindDefinition<T>["apply"]): ImportKindDefinition<T>["apply"] {
  return (tx, records, context) => {
    const result = apply(tx, records, context);
    if (result.created + result.updated > 0) recomputePeerComparisons(tx);
    return result;
  };
}

/** One entry per `npm run import -- --kind <kind>`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const IMPORT_KINDS: Record<string, ImportKindDefinition<any>> = {
  "comuni-istat": {
    label: "Elenco comuni ISTAT",
    parse: parseIstatComuni,
    apply: thenRecomputePeers(applyIstatComuni),
  },
  "popolazione-anpr": {
    label: "Popolazione residente ANPR",
    parse: parseAnprPopulation,
    apply: thenRecomputePeers(applyAnprPopulation),
  },
  programmazione: {
    label: "Voci di programmazione dei comuni",
    parse: parseProgrammazione,
    apply: applyProgrammazione,
  },
  "candidature-padigitale": {
    label: "Candidature finanziate PA digitale 2026",
    parse: parseCandidaturePadigitale,
    apply: applyCandidaturePadigitale,
  },
  aggregazioni: {
    label: "Unioni di comuni e altre aggregazioni",
    parse: parseAggregazioni,
    apply: applyAggregazioni,
  },
};

export function importKinds(): string[] {
  return Object.keys(IMPORT_KINDS);
}
