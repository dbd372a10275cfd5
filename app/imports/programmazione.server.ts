import type { Db } from "~db/client.server";
import { allComuni } from "~/data/comuni.server";
import { upsertProgrammeItemByKey } from "~/data/programme.server";
import { markForRematch } from "~/data/rematch.server";
import { programmeTitleKey } from "~/domain/programme";
import type { ProgrammeImportRecord } from "./programmazione";
import type { ApplyResult, ImportContext } from "./registry.server";
import type { ParsedRecord, RunReject } from "./types";
import { FirstLines, Tally } from "./apply-tools";

/**
 * Upserts programming items by their natural key (istat, strumento, titolo folded): a new key
 * creates an item, a known key updates title, description, themes, amount and years (and the
 * state only when the file has a `stato` column). Rows for unknown or ceased comuni, and
 * repeated keys within the file, are rejected with their line. Items not in the file stay.
 */
export function applyProgrammazione(
  tx: Db,
  parsed: ParsedRecord<ProgrammeImportRecord>[],
  context: ImportContext,
): ApplyResult {
  const registry = new Map(allComuni(tx).map((c) => [c.istat, c]));
  const rejects: RunReject[] = [];
  const firstLines = new FirstLines();
  const changed = new Set<string>();
  const tally = new Tally();
  let done = 0;

  for (const { line, value } of parsed) {
    context.onProgress?.(++done, parsed.length);
    const comune = registry.get(value.istat);
    if (!comune) {
      rejects.push({ line, field: "istat", reason: `comune sconosciuto: nessun comune con codice ISTAT ${value.istat}` });
      continue;
    }
    if (comune.suppressed) {
      rejects.push({
        line,
        field: "istat",
        reason: `il comune ${value.istat} ${comune.name} è cessato${comune.successorIstat ? ` (confluito in ${comune.successorIstat})` : ""}`,
      });
      continue;
    }
    const titleKey = programmeTitleKey(value.item.title);
    const key = `${value.istat}|${value.item.instrument}|${titleKey}`;
    const earlier = firstLines.earlier(key, line);
    if (earlier !== undefined) {
      rejects.push({ line, field: "titolo", reason: `voce ripetuta: stesso comune, strumento e titolo della riga ${earlier}` });
      continue;
    }

    const outcome = upsertProgrammeItemByKey(tx, value.istat, value.item, value.state);
    tally.count(outcome);
    if (outcome !== "unchanged") changed.add(value.istat);
  }
  markForRematch(tx, changed);
  return { created: tally.created, updated: tally.updated, unchanged: tally.unchanged, rejects, details: { comuniToccati: changed.size } };
}
