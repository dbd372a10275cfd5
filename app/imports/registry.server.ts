import type { Db } from "~db/client.server";
import { parseIstatComuni } from "./comuni-istat";
import { applyIstatComuni } from "./comuni-istat.server";
import { parseAnprPopulation } from "./popolazione-anpr";
import { applyAnprPopulation } from "./popolazione-anpr.server";
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

/** One entry per `npm run import -- --kind <kind>`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const IMPORT_KINDS: Record<string, ImportKindDefinition<any>> = {
  "comuni-istat": {
    label: "Elenco comuni ISTAT",
    parse: parseIstatComuni,
    apply: applyIstatComuni,
  },
  "popolazione-anpr": {
    label: "Popolazione residente ANPR",
    parse: parseAnprPopulation,
    apply: applyAnprPopulation,
  },
};

export function importKinds(): string[] {
  return Object.keys(IMPORT_KINDS);
}
