import { asc, eq, ne } from "drizzle-orm";
import { nowIso, type Db } from "~db/client.server";
import { comuni, peerComparisons, type PeerComparisonRow } from "~db/schema";
import { compareMeasures } from "~/domain/funding";
import { computePeerComparisons, type MeasureTotal } from "~/domain/peers";
import { fundingTotals } from "./funding.server";

/**
 * The precomputed peer comparison (docs/decisions/0032). Rebuilt whole — a few thousand rows
 * computed in memory — after every funding import and every registry change that can move a
 * comune between groups (population → cluster, province, mergers). Reading it is one indexed
 * query per comune.
 */
export function recomputePeerComparisons(tx: Db, now = nowIso()): { rows: number; measures: number } {
  const active = tx
    .select({
      istat: comuni.istat,
      provinceSigla: comuni.provinceSigla,
      regionCode: comuni.regionCode,
      sizeCluster: comuni.sizeCluster,
    })
    .from(comuni)
    .where(eq(comuni.suppressed, false))
    .all();
  const totals = new Map<string, Map<string, MeasureTotal>>();
  const measures = new Set<string>();
  for (const t of fundingTotals(tx)) {
    measures.add(t.measure);
    const perComune = totals.get(t.istat) ?? new Map<string, MeasureTotal>();
    perComune.set(t.measure, { obtainedCents: t.obtainedCents, renounced: t.renounced });
    totals.set(t.istat, perComune);
  }
  const rows = computePeerComparisons(active, totals, [...measures].sort(compareMeasures));
  tx.delete(peerComparisons).where(ne(peerComparisons.istat, "")).run();
  const CHUNK = 1000;
  for (let i = 0; i < rows.length; i += CHUNK) {
    tx.insert(peerComparisons)
      .values(rows.slice(i, i + CHUNK).map((r) => ({ ...r, computedAt: now })))
      .run();
  }
  return { rows: rows.length, measures: measures.size };
}

export function peerComparisonsOf(db: Db, istat: string): PeerComparisonRow[] {
  return db
    .select()
    .from(peerComparisons)
    .where(eq(peerComparisons.istat, istat))
    .orderBy(asc(peerComparisons.measure), asc(peerComparisons.scope))
    .all()
    .sort((a, b) => compareMeasures(a.measure, b.measure) || a.scope.localeCompare(b.scope));
}
