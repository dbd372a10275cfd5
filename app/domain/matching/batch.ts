/**
 * Bulk matching (decision 0052). Instead of scoring every (comune, call) pair, candidates are
 * pre-filtered with indexes:
 * - comuni grouped by region and by province, each group sorted by population, so a call's
 *   candidates are its most selective territory list (comuni > provinces > regions > all)
 *   narrowed to its population bounds by binary search;
 * - calls bucketed by their most selective territory list, so a comune's candidates are the
 *   national calls plus those of its region, its province and itself.
 * Each candidate pair then goes through the full eligibility rules; only eligible pairs (also
 * in associated form) are scored and handed to the sink: those are the matches to persist.
 * Closed calls and calls without comuni among their beneficiaries yield no candidates.
 */

import type { CompiledCall, CompiledProfile } from "./compile";
import { DEFAULT_SCORING_CONFIG, type ScoringConfig } from "./config";
import { type EligibilityOutcome, eligibilityOutcome } from "./eligibility";
import { type PairScore, newPairScore, scorePair } from "./score";

/** A group of profiles sorted by population (ties by ISTAT code). */
interface PopulationGroup {
  indexes: Int32Array;
  populations: Float64Array;
}

export interface ProfileIndex {
  profiles: readonly CompiledProfile[];
  byIstat: ReadonlyMap<string, number>;
  all: PopulationGroup;
  byRegion: ReadonlyMap<string, PopulationGroup>;
  byProvince: ReadonlyMap<string, PopulationGroup>;
}

function group(profiles: readonly CompiledProfile[], indexes: number[]): PopulationGroup {
  indexes.sort((a, b) => {
    const pa = (profiles[a] as CompiledProfile).profile;
    const pb = (profiles[b] as CompiledProfile).profile;
    if (pa.population !== pb.population) return pa.population - pb.population;
    return pa.istat < pb.istat ? -1 : pa.istat > pb.istat ? 1 : 0;
  });
  return {
    indexes: Int32Array.from(indexes),
    populations: Float64Array.from(indexes, (i) => (profiles[i] as CompiledProfile).profile.population),
  };
}

export function buildProfileIndex(profiles: readonly CompiledProfile[]): ProfileIndex {
  const byIstat = new Map<string, number>();
  const regions = new Map<string, number[]>();
  const provinces = new Map<string, number[]>();
  profiles.forEach((cp, i) => {
    byIstat.set(cp.profile.istat, i);
    const r = regions.get(cp.profile.regionCode) ?? [];
    r.push(i);
    regions.set(cp.profile.regionCode, r);
    const p = provinces.get(cp.province) ?? [];
    p.push(i);
    provinces.set(cp.province, p);
  });
  const toGroups = (m: Map<string, number[]>) => new Map([...m].map(([k, v]) => [k, group(profiles, v)]));
  return {
    profiles,
    byIstat,
    all: group(profiles, profiles.map((_, i) => i)),
    byRegion: toGroups(regions),
    byProvince: toGroups(provinces),
  };
}

/** First position whose population is >= value (`inclusive`) or > value (not inclusive). */
function bound(populations: Float64Array, value: number, inclusive: boolean): number {
  let lo = 0;
  let hi = populations.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const p = populations[mid] as number;
    if (p < value || (!inclusive && p === value)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Calls `visit` with each profile index of the group within the call's population bounds. */
function visitRange(g: PopulationGroup, cc: CompiledCall, visit: (profileIndex: number) => void): void {
  const start = cc.populationMin === -Infinity ? 0 : bound(g.populations, cc.populationMin, true);
  const end = cc.populationMax === Infinity ? g.indexes.length : bound(g.populations, cc.populationMax, false);
  for (let k = start; k < end; k++) visit(g.indexes[k] as number);
}

/** Whether a call can match any comune at all (open or upcoming, comuni among the beneficiaries). */
export function isMatchable(cc: CompiledCall): boolean {
  return cc.status !== "chiuso" && cc.beneficiaryMode !== "none";
}

/** Visits the candidate profiles of a call: its most selective territory list, within its population bounds. */
export function forEachCandidateProfile(index: ProfileIndex, cc: CompiledCall, visit: (profileIndex: number) => void): void {
  if (!isMatchable(cc)) return;
  if (cc.comuni) {
    for (const istat of [...cc.comuni].sort()) {
      const i = index.byIstat.get(istat);
      if (i === undefined) continue;
      const population = (index.profiles[i] as CompiledProfile).profile.population;
      if (population >= cc.populationMin && population <= cc.populationMax) visit(i);
    }
    return;
  }
  const keys = cc.provinces ?? cc.regions;
  const groups = cc.provinces ? index.byProvince : index.byRegion;
  if (keys) {
    for (const key of [...keys].sort()) {
      const g = groups.get(key);
      if (g) visitRange(g, cc, visit);
    }
    return;
  }
  visitRange(index.all, cc, visit);
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

/** Candidate call indexes of a profile, ascending (each call sits in one bucket, so no duplicates). */
export function candidateCalls(index: CallIndex, cp: CompiledProfile): number[] {
  const p = cp.profile;
  return [
    ...index.national,
    ...(index.byRegion.get(p.regionCode) ?? []),
    ...(index.byProvince.get(cp.province) ?? []),
    ...(index.byComune.get(p.istat) ?? []),
  ].sort((a, b) => a - b);
}

/**
 * Receives each eligible pair. `score` is a REUSED object: copy what you keep before returning.
 */
export type MatchSink = (cc: CompiledCall, cp: CompiledProfile, outcome: Exclude<EligibilityOutcome, "non-idoneo">, score: PairScore) => void;

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

function matchPair(cc: CompiledCall, cp: CompiledProfile, config: ScoringConfig, sink: MatchSink, stats: MatchStats, scratch: PairScore): void {
  stats.pairsConsidered++;
  const outcome = eligibilityOutcome(cc, cp);
  if (outcome === "non-idoneo") return;
  if (outcome === "idoneo") stats.eligible++;
  else stats.associated++;
  scorePair(cc, cp, config, scratch);
  sink(cc, cp, outcome, scratch);
}

/** Re-matches one call against every comune (publishing or changing a call). */
export function matchCall(
  cc: CompiledCall,
  index: ProfileIndex,
  sink: MatchSink,
  config: ScoringConfig = DEFAULT_SCORING_CONFIG,
  stats: MatchStats = emptyStats(),
): MatchStats {
  const scratch = newPairScore();
  forEachCandidateProfile(index, cc, (i) => matchPair(cc, index.profiles[i] as CompiledProfile, config, sink, stats, scratch));
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
  for (const i of candidateCalls(index, cp)) matchPair(index.calls[i] as CompiledCall, cp, config, sink, stats, scratch);
  return stats;
}

/**
 * Full re-match: every matchable call against its candidate comuni, calls in the given order.
 * `onProgress(done, total)` is called after each call.
 */
export function matchAll(
  calls: readonly CompiledCall[],
  index: ProfileIndex,
  sink: MatchSink,
  config: ScoringConfig = DEFAULT_SCORING_CONFIG,
  onProgress?: (done: number, total: number) => void,
): MatchStats {
  const stats = emptyStats();
  const scratch = newPairScore();
  calls.forEach((cc, n) => {
    forEachCandidateProfile(index, cc, (i) => matchPair(cc, index.profiles[i] as CompiledProfile, config, sink, stats, scratch));
    onProgress?.(n + 1, calls.length);
  });
  return stats;
}
