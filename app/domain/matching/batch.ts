/**
 * Bulk matching (decision 0052). Instead of scoring every (comune, call) pair, candidates are
 * pre-filtered with indexes:
 * - the profile table's rows are ordered by (region, province, population), so a call's
 *   candidates are the row ranges of its most selective territory list (comuni > provinces >
 *   regions > everything), scanned in order;
 * - calls are bucketed by their most selective territory list, so a comune's candidates are
 *   the national calls plus those of its region, its province and itself.
 * Each candidate pair goes through the full eligibility rules; only eligible pairs (also in
 * associated form) are scored and handed to the sink: those are the matches to persist.
 * Closed calls and calls without comuni among their beneficiaries yield no candidates.
 */

import type { CompiledCall } from "./compile";
import { DEFAULT_SCORING_CONFIG, type ScoringConfig } from "./config";
import { type EligibilityOutcome, rowOutcome } from "./eligibility";
import type { CompiledProfile, ProfileTable } from "./profile-table";
import { type PairScore, newPairScore, scoreRow } from "./score";

/** Contiguous row ranges [start, end) of a table, by region and by province. */
export interface ProfileIndex {
  table: ProfileTable;
  byRegion: ReadonlyMap<string, readonly (readonly [number, number])[]>;
  byProvince: ReadonlyMap<string, readonly (readonly [number, number])[]>;
}

function ranges(keys: readonly string[]): Map<string, [number, number][]> {
  const result = new Map<string, [number, number][]>();
  keys.forEach((key, row) => {
    const list = result.get(key) ?? [];
    const last = list[list.length - 1];
    if (last && last[1] === row) last[1] = row + 1;
    else list.push([row, row + 1]);
    result.set(key, list);
  });
  return result;
}

export function buildProfileIndex(table: ProfileTable): ProfileIndex {
  return { table, byRegion: ranges(table.region), byProvince: ranges(table.province) };
}

/** Whether a call can match any comune at all (open or upcoming, comuni among the beneficiaries). */
export function isMatchable(cc: CompiledCall): boolean {
  return cc.status !== "chiuso" && cc.beneficiaryMode !== "none";
}

/**
 * Visits the candidate rows of a call, ascending: the rows of its most selective territory
 * list within its population bounds. Every other rule is left to the eligibility check.
 */
export function forEachCandidateRow(index: ProfileIndex, cc: CompiledCall, visit: (row: number) => void): void {
  if (!isMatchable(cc)) return;
  const t = index.table;
  const min = cc.populationMin;
  const max = cc.populationMax;
  if (cc.comuni) {
    const rows: number[] = [];
    for (const istat of cc.comuni) {
      const row = t.rowOfIstat.get(istat);
      if (row !== undefined) rows.push(row);
    }
    rows.sort((a, b) => a - b);
    for (const row of rows) {
      const p = t.population[row] as number;
      if (p >= min && p <= max) visit(row);
    }
    return;
  }
  const keys = cc.provinces ?? cc.regions;
  let spans: (readonly [number, number])[];
  if (keys) {
    const byKey = cc.provinces ? index.byProvince : index.byRegion;
    spans = [...keys].flatMap((key) => byKey.get(key) ?? []).sort((a, b) => a[0] - b[0]);
  } else {
    spans = [[0, t.size]];
  }
  const population = t.population;
  for (const [start, end] of spans) {
    for (let row = start; row < end; row++) {
      const p = population[row] as number;
      if (p >= min && p <= max) visit(row);
    }
  }
}

export interface CallIndex {
  calls: readonly CompiledCall[];
  /** Matchable calls without territorial restriction. */
  national: readonly number[];
  byRegion: ReadonlyMap<string, readonly number[]>;
  byProvince: ReadonlyMap<string, readonly number[]>;
  byComune: ReadonlyMap<string, readonly number[]>;
}

/** Buckets each matchable call under its most selective territory list (closed calls are left out). */
export function buildCallIndex(calls: readonly CompiledCall[]): CallIndex {
  const national: number[] = [];
  const byRegion = new Map<string, number[]>();
  const byProvince = new Map<string, number[]>();
  const byComune = new Map<string, number[]>();
  const add = (m: Map<string, number[]>, keys: ReadonlySet<string>, i: number) => {
    for (const key of keys) {
      const list = m.get(key) ?? [];
      list.push(i);
      m.set(key, list);
    }
  };
  calls.forEach((cc, i) => {
    if (!isMatchable(cc)) return;
    if (cc.comuni) add(byComune, cc.comuni, i);
    else if (cc.provinces) add(byProvince, cc.provinces, i);
    else if (cc.regions) add(byRegion, cc.regions, i);
    else national.push(i);
  });
  return { calls, national, byRegion, byProvince, byComune };
}

/** Candidate call indexes of a profile, ascending (each call sits in one bucket per key, so no duplicates). */
export function candidateCalls(index: CallIndex, cp: CompiledProfile): number[] {
  const t = cp.table;
  const r = cp.row;
  return [
    ...index.national,
    ...(index.byRegion.get(t.region[r] as string) ?? []),
    ...(index.byProvince.get(t.province[r] as string) ?? []),
    ...(index.byComune.get(t.istat[r] as string) ?? []),
  ].sort((a, b) => a - b);
}

/**
 * Receives each eligible pair: the call, the table and row of the comune (its ISTAT code is
 * `table.istat[row]`), the outcome and the score. `score` is a REUSED object: copy what you
 * keep before returning.
 */
export type MatchSink = (cc: CompiledCall, table: ProfileTable, row: number, outcome: Exclude<EligibilityOutcome, "non-idoneo">, score: PairScore) => void;

export interface MatchStats {
  /** Candidate pairs that went through the eligibility rules. */
  pairsConsidered: number;
  /** Eligible pairs, directly. */
  eligible: number;
  /** Eligible pairs, only in associated form. */
  associated: number;
}

export function emptyStats(): MatchStats {
  return { pairsConsidered: 0, eligible: 0, associated: 0 };
}

function matchRow(cc: CompiledCall, t: ProfileTable, r: number, config: ScoringConfig, sink: MatchSink, stats: MatchStats, scratch: PairScore): void {
  stats.pairsConsidered++;
  const outcome = rowOutcome(cc, t, r);
  if (outcome === "non-idoneo") return;
  if (outcome === "idoneo") stats.eligible++;
  else stats.associated++;
  scoreRow(cc, t, r, config, scratch);
  sink(cc, t, r, outcome, scratch);
}

/** Re-matches one call against every comune of the index (publishing or changing a call). */
export function matchCall(
  cc: CompiledCall,
  index: ProfileIndex,
  sink: MatchSink,
  config: ScoringConfig = DEFAULT_SCORING_CONFIG,
  stats: MatchStats = emptyStats(),
): MatchStats {
  const scratch = newPairScore();
  const t = index.table;
  forEachCandidateRow(index, cc, (row) => matchRow(cc, t, row, config, sink, stats, scratch));
  return stats;
}

/** Re-matches one comune against every open or upcoming call (a profile change). */
export function matchProfile(
  cp: CompiledProfile,
  index: CallIndex,
  sink: MatchSink,
  config: ScoringConfig = DEFAULT_SCORING_CONFIG,
  stats: MatchStats = emptyStats(),
): MatchStats {
  const scratch = newPairScore();
  for (const i of candidateCalls(index, cp)) matchRow(index.calls[i] as CompiledCall, cp.table, cp.row, config, sink, stats, scratch);
  return stats;
}

/**
 * Full re-match: every matchable call against its candidate comuni, calls in the given order,
 * rows ascending. `onProgress(done, total)` is called after each call.
 */
export function matchAll(
  calls: readonly CompiledCall[],
  index: ProfileIndex,
  sink: MatchSink,
  config: ScoringConfig = DEFAULT_SCORING_CONFIG,
  onProgress?: (done: number, total: number) => void,
): MatchStats {
  const stats = emptyStats();
  calls.forEach((cc, n) => {
    matchCall(cc, index, sink, config, stats);
    onProgress?.(n + 1, calls.length);
  });
  return stats;
}
