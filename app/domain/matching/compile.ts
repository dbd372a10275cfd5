/**
 * Compiled forms of calls and profiles: everything the engine needs per pair, computed ONCE per
 * call and per profile (theme bitmasks, territory sets, population bounds, sorted bands, typed
 * text vectors, the per-call time and size values, the per-theme maturity gaps), so that the
 * per-pair work is a handful of integer and array operations (decision 0052).
 */

import { type AmountBand, type Call, type CallStatus, callStatus } from "../call";
import { SIZE_CLUSTERS, type SizeCluster } from "../clusters";
import { type ComuneProfile, type FundingRecord, MATURITY_KEYS, MATURITY_THEMES, type MaturityKey } from "../profile";
import { AGGREGATION_TYPES, type AggregationType, THEME_KEYS, type ThemeKey } from "../taxonomy";
import { romeDaysBetween } from "../time";
import { measureNumber, sortBands } from "./amount";
import { DEFAULT_SCORING_CONFIG, type ScoringConfig } from "./config";
import type { DismissalInput, DismissalReason } from "./dismissal";
import {
  EMPTY_TEXT_MODEL,
  type SparseVector,
  type TextModel,
  callTextFields,
  programmeItemTextFields,
  vectorize,
} from "./text-vectors";

const THEME_INDEX = new Map<ThemeKey, number>(THEME_KEYS.map((k, i) => [k, i]));
const AGGREGATION_INDEX = new Map<AggregationType, number>(AGGREGATION_TYPES.map((k, i) => [k, i]));
const CLUSTER_INDEX = new Map<SizeCluster, number>(SIZE_CLUSTERS.map((k, i) => [k, i]));
const ALL_CLUSTERS = (1 << SIZE_CLUSTERS.length) - 1;
/** Inclusive population ranges of the clusters (API.md). */
const CLUSTER_RANGES: Record<SizeCluster, [number, number]> = {
  piccolo: [0, 4999],
  medio: [5000, 15000],
  grande: [15001, Infinity],
};

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

/** A sparse vector in typed arrays, for fast dot products. */
export interface PackedVector {
  terms: Uint32Array;
  weights: Float64Array;
}

export function packVector(vector: SparseVector): PackedVector {
  return { terms: Uint32Array.from(vector.terms), weights: Float64Array.from(vector.weights) };
}

export function packedCosine(a: PackedVector, b: PackedVector): number {
  const at = a.terms;
  const bt = b.terms;
  const aw = a.weights;
  const bw = b.weights;
  let i = 0;
  let j = 0;
  let dot = 0;
  while (i < at.length && j < bt.length) {
    const x = at[i] as number;
    const y = bt[j] as number;
    if (x === y) {
      dot += (aw[i] as number) * (bw[j] as number);
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return dot > 1 ? 1 : dot;
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
  aggregationBeneficiaries: AggregationType[];
  bands: AmountBand[];
  amountMax: number | null;
  /** Share paid by the comune, 0–1. */
  cofinancing: number;
  /** PNRR measure number, e.g. "1.4.5". */
  measure: string | null;
  /** Whole Rome calendar days from `now` to the deadline (negative when past); null = no deadline. */
  daysLeft: number | null;
  /** Value 0–1 of the time component (depends on the call and `now` only). */
  timeValue: number;
  /** Value 0–1 of the size-targeting component and its kind (depends on the call only). */
  sizeValue: number;
  sizeTargeting: SizeTargeting;
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

const AGGREGATION_BENEFICIARIES: readonly AggregationType[] = ["unione-di-comuni", "comunita-montana"];

function beneficiaryModeOf(call: Call): { mode: BeneficiaryMode; mask: number; named: AggregationType[] } {
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
      if ((clusterMask & (1 << (CLUSTER_INDEX.get(c) ?? 0))) !== 0 && lo <= max && min <= hi) admitted++;
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
  const pct = call.cofinancingPct ?? 0;
  return {
    call,
    status: callStatus(call, options.now),
    themeMask: mask,
    themeIndexes,
    vector: packVector(vector),
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
    cofinancing: Math.min(1, Math.max(0, pct / 100)),
    measure: measureNumber(call.pnrrMeasure),
    daysLeft,
    timeValue: timeValue(daysLeft, config),
    sizeValue,
    sizeTargeting,
    now: options.now,
  };
}

export interface CompiledDismissal {
  input: DismissalInput;
  reason: DismissalReason;
  themeMask: number;
  vector: PackedVector;
  measure: string | null;
}

/** The subset of a profile that eligibility reads. */
export type EligibilitySubject = Pick<
  ComuneProfile,
  "istat" | "name" | "provinceSigla" | "regionCode" | "population" | "sizeCluster" | "aggregations"
>;

/** What eligibility needs of a comune, precomputed. */
export interface CompiledSubject {
  profile: EligibilitySubject;
  /** Province sigla, upper-case. */
  province: string;
  clusterBit: number;
  /** Bits of AGGREGATION_TYPES the comune belongs to. */
  aggregationMask: number;
}

export function compileSubject(subject: EligibilitySubject): CompiledSubject {
  return {
    profile: subject,
    province: subject.provinceSigla.toUpperCase(),
    clusterBit: 1 << (CLUSTER_INDEX.get(subject.sizeCluster) ?? 0),
    aggregationMask: subject.aggregations.reduce((m, a) => m | (1 << (AGGREGATION_INDEX.get(a.type) ?? 0)), 0),
  };
}

export interface CompiledProfile extends CompiledSubject {
  profile: ComuneProfile;
  itemThemeMasks: Int32Array;
  itemThemeCounts: Int8Array;
  itemVectors: PackedVector[];
  itemFactors: Float64Array;
  /** Planned budget per item; NaN when unknown. */
  itemAmounts: Float64Array;
  /** Scratch space for per-item fits of the pair being scored (single-threaded reuse). */
  itemFits: Float64Array;
  /** Per theme (THEME_KEYS order): the largest maturity gap among the checklist items concerning it, -1 if none. */
  themeGap: Float64Array;
  /** Per theme: index in MATURITY_KEYS of the checklist item giving that gap, -1 if none. */
  themeGapKey: Int8Array;
  /** Funding records by measure number, renounced ones left out. */
  fundedMeasures: ReadonlyMap<string, FundingRecord>;
  dismissals: CompiledDismissal[];
}

export interface CompileProfileOptions {
  config?: ScoringConfig;
  textModel?: TextModel;
  /** Precomputed vectors of programme items by item id (persisted by the store). */
  itemVectors?: ReadonlyMap<number, SparseVector>;
  dismissals?: readonly DismissalInput[];
}

export function compileProfile(profile: ComuneProfile, options: CompileProfileOptions = {}): CompiledProfile {
  const config = options.config ?? DEFAULT_SCORING_CONFIG;
  const model = options.textModel ?? EMPTY_TEXT_MODEL;
  const items = profile.programme;
  const masks = Int32Array.from(items.map((item) => themeMask(item.themes)));
  const themeGap = new Float64Array(THEME_KEYS.length).fill(-1);
  const themeGapKey = new Int8Array(THEME_KEYS.length).fill(-1);
  const entries = new Map(profile.maturity.map((e) => [e.key, e]));
  MATURITY_KEYS.forEach((key: MaturityKey, keyIndex) => {
    const entry = entries.get(key);
    const gap = entry ? config.maturity.gap[entry.state] : config.maturity.unknownGap;
    for (const theme of MATURITY_THEMES[key]) {
      const t = THEME_INDEX.get(theme) ?? 0;
      if (gap > (themeGap[t] as number)) {
        themeGap[t] = gap;
        themeGapKey[t] = keyIndex;
      }
    }
  });
  const funded = new Map<string, FundingRecord>();
  for (const record of profile.fundingHistory) {
    const measure = measureNumber(record.measure);
    if (measure && record.status !== "rinunciato" && !funded.has(measure)) funded.set(measure, record);
  }
  return {
    ...compileSubject(profile),
    profile,
    itemThemeMasks: masks,
    itemThemeCounts: Int8Array.from(masks, popcount),
    itemVectors: items.map((item) => packVector(options.itemVectors?.get(item.id) ?? vectorize(model, programmeItemTextFields(item)))),
    itemFactors: Float64Array.from(items.map((item) => config.programme.stateFactor[item.state])),
    itemAmounts: Float64Array.from(items.map((item) => (item.amount !== null && item.amount > 0 ? item.amount : Number.NaN))),
    itemFits: new Float64Array(items.length),
    themeGap,
    themeGapKey,
    fundedMeasures: funded,
    dismissals: (options.dismissals ?? []).map((d) => ({
      input: d,
      reason: d.reason,
      themeMask: themeMask(d.call.themes),
      vector: packVector(d.vector ?? vectorize(model, callTextFields(d.call))),
      measure: measureNumber(d.call.pnrrMeasure),
    })),
  };
}
