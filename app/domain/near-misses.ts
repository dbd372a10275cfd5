/**
 * "Quasi adatti" on the comune dashboard: open calls the comune narrowly fails. A near miss is an
 * open call where the engine's eligibility fails on exactly ONE rule, and that rule is one a
 * comune can miss by a little: the population bounds or the size cluster. Calls the comune fails
 * on territory (another region, province or list), on beneficiaries (comuni are not among them)
 * or on status are never near misses: nothing about the comune is "almost" there.
 *
 * Nearness is the population's distance from the nearest admitted value, relative to that value
 * (5,100 inhabitants on a call "fino a 5.000" is 2 %); calls further than NEAR_MISS_MAX_GAP are
 * left out, the rest sorted nearest first, then by deadline. Pure: the caller passes the calls.
 */

import { type Call, callStatus } from "./call";
import { LARGE_LIMIT, SMALL_LIMIT, type SizeCluster } from "./clusters";
import { beneficiaryModeOf, compileCall } from "./matching/compile";
import { explainEligibility, type EligibilityRule } from "./matching/eligibility";
import { type EligibilitySubject, compileSubject } from "./matching/profile-table";
import { EMPTY_VECTOR } from "./matching/text-vectors";

export const NEAR_MISS_RULES = ["popolazione", "fascia"] as const satisfies readonly EligibilityRule[];
export type NearMissRule = (typeof NEAR_MISS_RULES)[number];
/** At most this far (share of the nearest admitted population) from the call's limit. */
export const NEAR_MISS_MAX_GAP = 0.25;
export const NEAR_MISS_LIMIT = 5;

export interface NearMiss {
  /** The call's public id. */
  callId: string;
  title: string;
  issuer: string;
  deadline: string | null;
  rule: NearMissRule;
  /** The failed rule's sentence, as the engine writes it. */
  message: string;
  /** Relative distance from the limit (0.02 = 2 %). */
  gap: number;
}

/** Inclusive population ranges of the clusters (API.md). */
const CLUSTER_RANGE: Record<SizeCluster, [number, number]> = {
  piccolo: [0, SMALL_LIMIT - 1],
  medio: [SMALL_LIMIT, LARGE_LIMIT],
  grande: [LARGE_LIMIT + 1, Infinity],
};

/** Relative distance of a population from a range: 0 inside it. */
function gapFrom(population: number, min: number, max: number): number {
  if (population < min) return (min - population) / Math.max(1, min);
  if (population > max) return (population - max) / Math.max(1, max);
  return 0;
}

/**
 * The cheap pre-check, on the call's fields alone: the call is open, and the comune's population
 * is inside its territory, and its population misses the bounds or its cluster is not admitted,
 * by no more than NEAR_MISS_MAX_GAP.
 * Returns the gap, or null when the call cannot be a near miss. The engine confirms the rest.
 */
function candidateGap(call: Call, subject: EligibilitySubject, now: Date): number | null {
  if (callStatus(call, now) !== "aperto") return null;
  // Outside the call's territory: never a near miss.
  const t = call.territory;
  if (t.regions.length > 0 && !t.regions.includes(subject.regionCode)) return null;
  if (t.provinces.length > 0 && !t.provinces.some((p) => p.toUpperCase() === subject.provinceSigla)) return null;
  if (t.comuni.length > 0 && !t.comuni.includes(subject.istat)) return null;
  // Comuni not among the beneficiaries: not a near miss either.
  if (beneficiaryModeOf(call).mode === "none") return null;
  const population = subject.population;
  const bounds = gapFrom(population, call.populationMin ?? -Infinity, call.populationMax ?? Infinity);
  const clusters = call.sizeClusters && call.sizeClusters.length > 0 ? call.sizeClusters : null;
  const cluster =
    clusters && !clusters.includes(subject.sizeCluster)
      ? Math.min(...clusters.map((c) => gapFrom(population, ...CLUSTER_RANGE[c])).map((g) => (g === 0 ? Number.EPSILON : g)))
      : 0;
  const gap = Math.max(bounds, cluster);
  return gap > 0 && gap <= NEAR_MISS_MAX_GAP ? gap : null;
}

/**
 * Up to `limit` open calls the comune fails on exactly one rule, and that a population or size
 * cluster rule, nearest first. The verdict and its sentence come from the matching engine.
 */
export function nearMisses(calls: readonly Call[], subject: EligibilitySubject, now: Date, limit = NEAR_MISS_LIMIT): NearMiss[] {
  const candidates: { call: Call; gap: number }[] = [];
  for (const call of calls) {
    const gap = candidateGap(call, subject, now);
    if (gap !== null) candidates.push({ call, gap });
  }
  if (candidates.length === 0) return [];
  // Nearest first; the engine then confirms candidates in that order until `limit` are found.
  candidates.sort((a, b) => a.gap - b.gap || compareDeadlines(a.call.deadline, b.call.deadline) || (a.call.id < b.call.id ? -1 : a.call.id > b.call.id ? 1 : 0));
  const profile = compileSubject(subject);
  const found: NearMiss[] = [];
  for (const { call, gap } of candidates) {
    if (found.length >= limit) break;
    // Eligibility reads no text: the call is compiled without its text vector.
    const result = explainEligibility(compileCall(call, { now, vector: EMPTY_VECTOR }), profile);
    const failed = result.checks.filter((c) => !c.passed);
    const only = failed.length === 1 ? failed[0]! : null;
    if (!only || !(NEAR_MISS_RULES as readonly string[]).includes(only.rule)) continue;
    found.push({ callId: call.id, title: call.title, issuer: call.issuer, deadline: call.deadline, rule: only.rule as NearMissRule, message: only.message, gap });
  }
  return found;
}

function compareDeadlines(a: string | null, b: string | null): number {
  return a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1;
}
