import type { Db } from "~db/client.server";
import { saveAggregationTx, findAggregationByName } from "~/data/aggregations.server";
import { allComuni } from "~/data/comuni.server";
import { foldText } from "~/domain/text";
import type { AggregationImportRecord } from "./aggregazioni";
import type { ApplyResult, ImportContext } from "./registry.server";
import type { ParsedRecord, RunReject } from "./types";
import { FirstLines, Tally } from "./apply-tools";

/**
 * Creates or updates aggregations by folded name. A row naming an ISTAT code the registry does
 * not know is rejected whole, with its line; aggregations absent from the file stay as they are
 * (a file may cover one province). Membership changes mark the comuni for re-matching.
 */
export function applyAggregazioni(tx: Db, parsed: ParsedRecord<AggregationImportRecord>[], context: ImportContext): ApplyResult {
  const known = new Set(allComuni(tx).map((c) => c.istat));
  const rejects: RunReject[] = [];
  const firstLines = new FirstLines();
  const tally = new Tally();
  let done = 0;
  for (const { line, value } of parsed) {
    context.onProgress?.(++done, parsed.length);
    const unknown = value.members.filter((m) => !known.has(m));
    if (unknown.length > 0) {
      rejects.push({ line, field: "comuni", reason: `comuni sconosciuti: ${unknown.join(", ")}` });
      continue;
    }
    const key = foldText(value.name);
    const earlier = firstLines.earlier(key, line);
    if (earlier !== undefined) {
      rejects.push({ line, field: "nome", reason: `aggregazione ripetuta: stesso nome della riga ${earlier}` });
      continue;
    }
    const existing = findAggregationByName(tx, value.name);
    const result = saveAggregationTx(tx, existing?.id, value);
    if (!result.ok) {
      rejects.push({ line, field: "nome", reason: `aggregazione non salvata (${result.reason})` });
      continue;
    }
    tally.count(result.outcome);
  }
  return { created: tally.created, updated: tally.updated, unchanged: tally.unchanged, rejects };
}
