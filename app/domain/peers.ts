import type { SizeCluster } from "./clusters";

/**
 * Peer comparison (docs/decisions/0032-peer-comparison.md): for each comune and measure, how the
 * OTHER comuni of its group obtained funds. Groups: same size cluster and province
 * (`provincia`), same size cluster and region (`regione`). Pure.
 */

export const PEER_SCOPES = ["provincia", "regione"] as const;
export type PeerScope = (typeof PEER_SCOPES)[number];

export interface PeerComune {
  istat: string;
  provinceSigla: string;
  regionCode: string;
  sizeCluster: SizeCluster;
}

/** A comune's funding for one measure: obtained cents (assigned or paid) and renounced flag. */
export interface MeasureTotal {
  obtainedCents: number;
  renounced: boolean;
}

export interface PeerComparison {
  istat: string;
  measure: string;
  scope: PeerScope;
  peers: number;
  peersFunded: number;
  medianCents: number | null;
  ownCents: number | null;
  ownRenounced: boolean;
}

/** Median of a sorted array, rounded to the cent; null when empty. */
export function medianOfSorted(sorted: readonly number[]): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const mid = Math.floor(n / 2);
  return n % 2 === 1 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
}

/** Median of a sorted array with the element at `skip` left out, without copying. */
export function medianWithout(sorted: readonly number[], skip: number): number | null {
  const n = sorted.length - 1;
  if (n <= 0) return null;
  const at = (rank: number) => sorted[rank < skip ? rank : rank + 1]!;
  const mid = Math.floor(n / 2);
  return n % 2 === 1 ? at(mid) : Math.round((at(mid - 1) + at(mid)) / 2);
}

function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function groupKey(comune: PeerComune, scope: PeerScope): string {
  return scope === "provincia"
    ? `${comune.regionCode}|${comune.provinceSigla}|${comune.sizeCluster}`
    : `${comune.regionCode}|${comune.sizeCluster}`;
}

/**
 * Every (comune, measure, scope) row. `totals` maps istat → measure → total; comuni without an
 * entry obtained nothing. Runs in O(comuni × measures × log group) time.
 */
export function computePeerComparisons(
  comuni: readonly PeerComune[],
  totals: ReadonlyMap<string, ReadonlyMap<string, MeasureTotal>>,
  measures: readonly string[],
): PeerComparison[] {
  const result: PeerComparison[] = [];
  for (const scope of PEER_SCOPES) {
    const groups = new Map<string, PeerComune[]>();
    for (const c of comuni) {
      const key = groupKey(c, scope);
      const list = groups.get(key);
      if (list) list.push(c);
      else groups.set(key, [c]);
    }
    for (const members of groups.values()) {
      for (const measure of measures) {
        const amounts = members
          .map((c) => totals.get(c.istat)?.get(measure)?.obtainedCents ?? 0)
          .filter((a) => a > 0)
          .sort((a, b) => a - b);
        for (const c of members) {
          const own = totals.get(c.istat)?.get(measure);
          const ownCents = own && own.obtainedCents > 0 ? own.obtainedCents : null;
          const median = ownCents === null ? medianOfSorted(amounts) : medianWithout(amounts, lowerBound(amounts, ownCents));
          result.push({
            istat: c.istat,
            measure,
            scope,
            peers: members.length - 1,
            peersFunded: amounts.length - (ownCents === null ? 0 : 1),
            medianCents: median,
            ownCents,
            ownRenounced: ownCents === null && (own?.renounced ?? false),
          });
        }
      }
    }
  }
  return result;
}
