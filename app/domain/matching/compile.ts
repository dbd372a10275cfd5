/**
 * The compiled form of a call: everything the engine needs per pair, computed ONCE per call
 * (theme bitmask, territory sets, population bounds, sorted bands, packed text vector, the time
 * and size values, per-cluster co-financing factors), so that the per-pair work is a handful of
 * integer and array operations (decision 0052). Profiles compile into a ProfileTable.
 */

import { type AmountBand, type Call, type CallStatus, callStatus } from "../call";
import { SIZE_CLUSTERS, type SizeCluster } from "../clusters";
import { AGGREGATION_TYPES, type AggregationType, THEME_KEYS, type ThemeKey } from "../taxonomy";
import { formatDate } from "../format";
import { romeDaysBetween } from "../time";
import { measureNumber, sortBands } from "./amount";
import { DEFAULT_SCORING_CONFIG, type ScoringConfig } from "./config";
import {
  EMPTY_TEXT_MODEL,
  type PackedVector,
  type SparseVector,
  type TextModel,
  callTextFields,
  packVector,
  vectorize,
} from "./text-vectors";

export const THEME_INDEX: ReadonlyMap<ThemeKey, number> = new Map<ThemeKey, number>(THEME_KEYS.map((k, i) => [k, i]));
export const AGGREGATION_INDEX: ReadonlyMap<AggregationType, number> = new Map<AggregationType, number>(AGGREGATION_TYPES.map((k, i) => [k, i]));
export const CLUSTER_INDEX: ReadonlyMap<SizeCluster, number> = new Map<SizeCluster, number>(SIZE_CLUSTERS.map((k, i) => [k, i]));
const ALL_CLUSTERS = (1 << SIZE_CLUSTERS.length) - 1;
/** Inclusive population ranges of the clusters (API.md). */
const CLUSTER_RANGES: Record<SizeCluster, [number, number]> = {
  piccolo: [0, 4999],
  medio: [5000, 15000],
  // Open-ended; capped for the "how much of the cluster does the call admit" measure only.
  grande: [15001, 250_000],
};
/**
 * A call admits a cluster for size targeting when its bounds cover at least this share of the
 * cluster's range: "fino a 5.000 abitanti" admits one resident count of the medio range and
 * still targets the piccoli.
 */
const CLUSTER_MIN_OVERLAP = 0.05;

export function themeMask(themes: readonly ThemeKey[]): number {
  let mask = 0;
  for (const t of themes) {
    const i = THEME_INDEX.get(t);
    if (i !== undefined) mask |= 1 << i;
  }
  return mask;
}

export function popcount(mask: number): number {
  let m = mask - ((mask >>> 1) & 0x55555555);
  m = (m & 0x33333333) + ((m >>> 2) & 0x33333333);
  return (((m + (m >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

export function themesOfMask(mask: number): ThemeKey[] {
  return THEME_KEYS.filter((_, i) => (mask & (1 << i)) !== 0);
}

/**
 * A small open-addressing hash table of a vector's terms (linear probing, at most half full).
 * Weights are positive, so a zero weight marks an empty slot.
 */
export interface TermTable {
  shift: number;
  mask: number;
  keys: Uint32Array;
  values: Float64Array;
}

export function termTable(vector: PackedVector): TermTable {
  let bits = 4;
  while (1 << bits < vector.terms.length * 2) bits++;
  const size = 1 << bits;
  const table: TermTable = { shift: 32 - bits, mask: size - 1, keys: new Uint32Array(size), values: new Float64Array(size) };
  vector.terms.forEach((term, i) => {
    let slot = Math.imul(term, 0x9e3779b1) >>> table.shift;
    while ((table.values[slot] as number) !== 0) slot = (slot + 1) & table.mask;
    table.keys[slot] = term;
    table.values[slot] = vector.weights[i] as number;
  });
  return table;
}

/** The weight of a term in the table, 0 when absent. */
export function termWeight(table: TermTable, term: number): number {
  let slot = Math.imul(term, 0x9e3779b1) >>> table.shift;
  for (;;) {
    const value = table.values[slot] as number;
    if (value === 0) return 0;
    if (table.keys[slot] === term) return value;
    slot = (slot + 1) & table.mask;
  }
}

/** Who the call admits: comuni directly, comuni only in associated form, or no comuni. */
export type BeneficiaryMode = "direct" | "associated" | "none";

export type SizeTargeting = "one-cluster" | "two-clusters" | "any-size" | "banded" | "generic";

export interface CompiledCall {
  call: Call;
  status: CallStatus;
  themeMask: number;
  /** Indexes in THEME_KEYS of the call's themes, ascending. */
  themeIndexes: Int8Array;
  vector: PackedVector;
  /** The same vector as an open-addressing hash table, for O(1) lookups of an item's terms. */
  termTable: TermTable;
  regions: ReadonlySet<string> | null;
  provinces: ReadonlySet<string> | null;
  comuni: ReadonlySet<string> | null;
  /** Inclusive bounds; -Infinity / Infinity when unbounded. */
  populationMin: number;
  populationMax: number;
  /** Bits of SIZE_CLUSTERS admitted by the call's `sizeClusters` (all bits when unrestricted). */
  clusterMask: number;
  beneficiaryMode: BeneficiaryMode;
  /** For associated-form calls: bits of AGGREGATION_TYPES that count as "the comune belongs". */
  aggregationMask: number;
  /** The aggregation beneficiaries named by the call (for the reasons). */
  aggregationBeneficiaries: AggregationBeneficiary[];
  bands: AmountBand[];
  amountMax: number | null;
  /** Share paid by the comune, 0–1. */
  cofinancing: number;
  /** Money multiplier for the co-financing, per cluster (SIZE_CLUSTERS order). */
  cofinancingFactors: Float64Array;
  /** The configuration's reference budgets per cluster (SIZE_CLUSTERS order). */
  referenceBudgets: Float64Array;
  /** PNRR measure number, e.g. "1.4.5". */
  measure: string | null;
  /** Whole Rome calendar days from `now` to the deadline (negative when past); null = no deadline. */
  daysLeft: number | null;
  /** Value 0–1 of the time component (depends on the call and `now` only). */
  timeValue: number;
  /** Value 0–1 of the size-targeting component and its kind (depends on the call only). */
  sizeValue: number;
  sizeTargeting: SizeTargeting;
  /** Deadline as epoch ms (Infinity when none) and as `31/03/2026` (null when none). */
  deadlineTime: number;
  deadlineText: string | null;
  /** Opening as `15/01/2026`, null when none. */
  opensText: string | null;
  /** The now the call was compiled at. */
  now: Date;
}

export interface CompileCallOptions {
  now: Date;
  config?: ScoringConfig;
  textModel?: TextModel;
  /** The call's precomputed text vector (persisted by the store); computed when absent. */
  vector?: SparseVector;
}

function nonEmptySet(values: readonly string[] | undefined): ReadonlySet<string> | null {
  return values && values.length > 0 ? new Set(values) : null;
}

/** Beneficiary keys that are aggregations of comuni (and aggregation types as well). */
const AGGREGATION_BENEFICIARIES = ["unione-di-comuni", "comunita-montana"] as const;
export type AggregationBeneficiary = (typeof AGGREGATION_BENEFICIARIES)[number];

export function beneficiaryModeOf(call: Call): { mode: BeneficiaryMode; mask: number; named: AggregationBeneficiary[] } {
  const b = call.beneficiaries;
  const direct = b.includes("comune") || b.includes("ente-pubblico");
  const named = AGGREGATION_BENEFICIARIES.filter((a) => (b as readonly string[]).includes(a));
  const anyAggregation = AGGREGATION_TYPES.reduce((m, _, i) => m | (1 << i), 0);
  if (direct && !call.associatedOnly) return { mode: "direct", mask: 0, named };
  if (direct && call.associatedOnly) return { mode: "associated", mask: anyAggregation, named };
  if (named.length > 0) {
    const mask = named.reduce((m, a) => m | (1 << (AGGREGATION_INDEX.get(a) ?? 0)), 0);
    return { mode: "associated", mask, named };
  }
  return { mode: "none", mask: 0, named };
}

/** Value of the time component for a number of days left (null = a sportello without deadline). */
export function timeValue(daysLeft: number | null, config: ScoringConfig): number {
  const t = config.time;
  if (daysLeft === null) return t.openEndedValue;
  if (daysLeft < 0) return 0;
  if (daysLeft < t.minPreparationDays) return t.tightMinValue + ((t.tightMaxValue - t.tightMinValue) * daysLeft) / t.minPreparationDays;
  if (daysLeft <= t.horizonDays) return 1;
  const beyond = Math.min(1, (daysLeft - t.horizonDays) / (365 - t.horizonDays));
  return 1 - (1 - t.farValue) * beyond;
}

function sizeTargetingOf(call: Call, clusterMask: number, min: number, max: number, config: ScoringConfig): [SizeTargeting, number] {
  const restricted = min > -Infinity || max < Infinity || clusterMask !== ALL_CLUSTERS;
  if (restricted) {
    let admitted = 0;
    for (const c of SIZE_CLUSTERS) {
      const [lo, hi] = CLUSTER_RANGES[c];
      const overlap = Math.min(hi, max) - Math.max(lo, min) + 1;
      if ((clusterMask & (1 << (CLUSTER_INDEX.get(c) ?? 0))) !== 0 && overlap >= CLUSTER_MIN_OVERLAP * (hi - lo + 1)) admitted++;
    }
    const kind: SizeTargeting = admitted <= 1 ? "one-cluster" : admitted === 2 ? "two-clusters" : "any-size";
    const value = kind === "one-cluster" ? config.size.reservedOneCluster : kind === "two-clusters" ? config.size.reservedTwoClusters : config.size.reservedAnySize;
    if (call.amountBands.length > 1 && config.size.banded > value) return ["banded", config.size.banded];
    return [kind, value];
  }
  if (call.amountBands.length > 1) return ["banded", config.size.banded];
  return ["generic", config.size.generic];
}

export function compileCall(call: Call, options: CompileCallOptions): CompiledCall {
  const config = options.config ?? DEFAULT_SCORING_CONFIG;
  const vector = options.vector ?? vectorize(options.textModel ?? EMPTY_TEXT_MODEL, callTextFields(call));
  const mask = themeMask(call.themes);
  const packed = packVector(vector);
  const themeIndexes = Int8Array.from(THEME_KEYS.map((_, i) => i).filter((i) => (mask & (1 << i)) !== 0));
  const clusterMask =
    call.sizeClusters && call.sizeClusters.length > 0
      ? call.sizeClusters.reduce((m, c) => m | (1 << (CLUSTER_INDEX.get(c) ?? 0)), 0)
      : ALL_CLUSTERS;
  const populationMin = call.populationMin ?? -Infinity;
  const populationMax = call.populationMax ?? Infinity;
  const beneficiaries = beneficiaryModeOf(call);
  const daysLeft = call.deadline ? romeDaysBetween(options.now, new Date(call.deadline)) : null;
  const [sizeTargeting, sizeValue] = sizeTargetingOf(call, clusterMask, populationMin, populationMax, config);
  const cofinancing = Math.min(1, Math.max(0, (call.cofinancingPct ?? 0) / 100));
  return {
    call,
    status: callStatus(call, options.now),
    themeMask: mask,
    themeIndexes,
    vector: packed,
    termTable: termTable(packed),
    regions: nonEmptySet(call.territory.regions),
    provinces: nonEmptySet(call.territory.provinces.map((p) => p.toUpperCase())),
    comuni: nonEmptySet(call.territory.comuni),
    populationMin,
    populationMax,
    clusterMask,
    beneficiaryMode: beneficiaries.mode,
    aggregationMask: beneficiaries.mask,
    aggregationBeneficiaries: beneficiaries.named,
    bands: sortBands(call.amountBands),
    amountMax: call.amountMax,
    cofinancing,
    cofinancingFactors: Float64Array.from(SIZE_CLUSTERS, (c) => 1 - cofinancing * config.money.cofinancingWeight[c]),
    referenceBudgets: Float64Array.from(SIZE_CLUSTERS, (c) => config.money.referenceBudget[c]),
    measure: measureNumber(call.pnrrMeasure),
    daysLeft,
    timeValue: timeValue(daysLeft, config),
    sizeValue,
    sizeTargeting,
    deadlineTime: call.deadline ? Date.parse(call.deadline) : Infinity,
    deadlineText: call.deadline ? formatDate(call.deadline) : null,
    opensText: call.opensAt ? formatDate(call.opensAt) : null,
    now: options.now,
  };
}

