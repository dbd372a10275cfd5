import type { Db } from "~db/client.server";
import type { ComuneRow } from "~db/schema";
import { allComuni, insertComune, updateComune, type ComunePatch } from "~/data/comuni.server";
import { sizeCluster } from "~/domain/clusters";
import { guessSuccessor, knownSuccessorOf, LOMBARDY_MERGERS, type NamedComune } from "~/domain/municipal-changes";
import { LOMBARDY_REGION_CODE, provinceCodeOf } from "~/domain/territory";
import { foldText } from "~/domain/text";
import type { IstatComuneRecord } from "./comuni-istat";
import type { ApplyResult, ImportContext } from "./registry.server";
import type { ParsedRecord } from "./types";

/** Share of a region's active comuni a file must list to be treated as the complete list. */
const COMPLETE_LIST_SHARE = 0.9;

/**
 * Applies an ISTAT list: renames and updates existing comuni, adds new ones, and marks merged
 * comuni suppressed with their successor (never deleting). Only rows of the chosen regions
 * (Lombardia by default) are applied; others are counted as skipped.
 */
export function applyIstatComuni(
  tx: Db,
  parsed: ParsedRecord<IstatComuneRecord>[],
  context: ImportContext,
): ApplyResult {
  const regions = new Set(context.regions ?? [LOMBARDY_REGION_CODE]);
  const today = context.now.toISOString().slice(0, 10);
  const existing = new Map(allComuni(tx).map((c) => [c.istat, c]));
  const inFile = parsed.filter((r) => regions.has(r.value.regionCode));
  const skippedOtherRegions = parsed.length - inFile.length;
  const fileCodes = new Set(inFile.map((r) => r.value.istat));
  let created = 0;
  let updated = 0;
  let unchanged = 0;
  const warnings: string[] = [];
  const renamedOrNew: NamedComune[] = [];

  for (const { value } of inFile) {
    const current = existing.get(value.istat);
    if (!current) {
      const merger = LOMBARDY_MERGERS.find((m) => m.successor.istat === value.istat);
      const predecessors = merger?.predecessors.map((p) => existing.get(p.istat)).filter((c): c is ComuneRow => !!c) ?? [];
      const population =
        value.population2011 ?? (predecessors.length > 0 ? predecessors.reduce((n, c) => n + c.population, 0) : null);
      if (population === null) {
        warnings.push(`${value.istat} ${value.name}: popolazione non disponibile, aggiornarla con l'import ANPR`);
      }
      insertComune(tx, {
        istat: value.istat,
        name: value.name,
        nameFolded: foldText(value.name),
        provinceSigla: value.sigla,
        provinceCode: provinceCodeOf(value.istat),
        regionCode: value.regionCode,
        regionName: value.regionName || "Lombardia",
        cadastralCode: value.cadastralCode,
        population: population ?? 0,
        populationYear: value.population2011 !== null ? 2011 : (predecessors[0]?.populationYear ?? 2011),
        populationMonth: null,
        populationSource:
          value.population2011 !== null ? "censimento-2011" : predecessors.length > 0 ? "somma-comuni-fusi" : "non-disponibile",
        sizeCluster: sizeCluster(population ?? 0),
        isCapoluogo: value.isCapoluogo,
        suppressed: false,
        successorIstat: null,
        suppressedOn: null,
        nameSource: "istat",
      });
      renamedOrNew.push({ istat: value.istat, name: value.name, sigla: value.sigla });
      created++;
      continue;
    }
    const patch: ComunePatch = {};
    if (current.name !== value.name) {
      patch.name = value.name;
      patch.nameSource = "istat";
      renamedOrNew.push({ istat: value.istat, name: value.name, sigla: value.sigla });
    }
    if (current.provinceSigla !== value.sigla) patch.provinceSigla = value.sigla;
    if (current.regionCode !== value.regionCode) patch.regionCode = value.regionCode;
    if (current.isCapoluogo !== value.isCapoluogo) patch.isCapoluogo = value.isCapoluogo;
    if (value.cadastralCode && current.cadastralCode !== value.cadastralCode) patch.cadastralCode = value.cadastralCode;
    if (current.suppressed) {
      patch.suppressed = false;
      patch.successorIstat = null;
      patch.suppressedOn = null;
    }
    if (Object.keys(patch).length > 0) {
      updateComune(tx, value.istat, patch);
      updated++;
    } else {
      unchanged++;
    }
  }

  // Mergers: first the known ones whose successor is in the file, then (for a complete list)
  // every active comune of the region that the list no longer contains.
  const suppressed: { istat: string; name: string; successor: string | null }[] = [];
  const suppress = (c: ComuneRow, successor: string | null, on: string) => {
    updateComune(tx, c.istat, { suppressed: true, successorIstat: successor, suppressedOn: on });
    suppressed.push({ istat: c.istat, name: c.name, successor });
    updated++;
  };
  for (const merger of LOMBARDY_MERGERS) {
    if (!fileCodes.has(merger.successor.istat)) continue;
    for (const p of merger.predecessors) {
      const c = existing.get(p.istat);
      if (c && !c.suppressed && !fileCodes.has(c.istat)) suppress(c, merger.successor.istat, merger.effective);
    }
  }
  const done = new Set(suppressed.map((s) => s.istat));
  for (const region of regions) {
    const active = [...existing.values()].filter((c) => c.regionCode === region && !c.suppressed && !done.has(c.istat));
    if (active.length === 0) continue;
    const listed = active.filter((c) => fileCodes.has(c.istat)).length;
    if (listed / active.length < COMPLETE_LIST_SHARE) {
      if (active.length - listed > 0) {
        warnings.push(
          `regione ${region}: il file elenca ${listed} dei ${active.length} comuni attivi, quindi è parziale; le soppressioni per assenza non sono state applicate`,
        );
      }
      continue;
    }
    for (const c of active) {
      if (fileCodes.has(c.istat)) continue;
      const known = knownSuccessorOf(c.istat);
      const successor =
        known && fileCodes.has(known.successor.istat)
          ? known.successor.istat
          : (guessSuccessor({ istat: c.istat, name: c.name, sigla: c.provinceSigla }, renamedOrNew)?.istat ?? null);
      if (!successor) warnings.push(`${c.istat} ${c.name}: non più nell'elenco ISTAT, successore non individuato`);
      suppress(c, successor, known?.effective ?? today);
    }
  }

  return {
    created,
    updated,
    unchanged,
    details: { suppressed, skippedOtherRegions, warnings },
  };
}
