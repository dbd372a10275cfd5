/**
 * Compiled profiles as ONE struct-of-arrays table (decision 0052). Matching a call against
 * thousands of comuni touches, per comune, a few numbers in long typed arrays instead of a graph
 * of small objects: rows are ordered by (region, province, population, ISTAT code), so a region
 * or a province is a contiguous range of rows and the engine streams through memory.
 * A single profile (a profile change, one API request) is a table of one row.
 */

import { SIZE_CLUSTERS } from "../clusters";
import { type ComuneProfile, type FundingRecord, MATURITY_KEYS, MATURITY_THEMES } from "../profile";
import { THEME_KEYS } from "../taxonomy";
import { measureNumber } from "./amount";
import { AGGREGATION_INDEX, CLUSTER_INDEX, THEME_INDEX, popcount, themeMask } from "./compile";
import { DEFAULT_SCORING_CONFIG, type ScoringConfig } from "./config";
import type { DismissalInput, DismissalReason } from "./dismissal";
import {
  EMPTY_TEXT_MODEL,
  type PackedVector,
  type SparseVector,
  type TextModel,
  callTextFields,
  packVector,
  programmeItemTextFields,
  vectorize,
} from "./text-vectors";

export const THEME_COUNT = THEME_KEYS.length;

export interface CompiledDismissal {
  input: DismissalInput;
  reason: DismissalReason;
  themeMask: number;
  vector: PackedVector;
  measure: string | null;
}

export interface ProfileTable {
  size: number;
  /** The source profile of each row (for explanations). */
  profiles: readonly ComuneProfile[];
  istat: readonly string[];
  region: readonly string[];
  /** Province sigla, upper-case. */
  province: readonly string[];
  population: Float64Array;
  /** Index in SIZE_CLUSTERS. */
  cluster: Uint8Array;
  /** Bits of AGGREGATION_TYPES the comune belongs to. */
  aggregation: Uint8Array;
  /** Row r's programme items are [itemStart[r], itemStart[r + 1]). */
  itemStart: Int32Array;
  itemMask: Int32Array;
  itemThemeCount: Uint8Array;
  /** Weight of the item by its state. */
  itemFactor: Float64Array;
  /** Planned budget; NaN when unknown. */
  itemAmount: Float64Array;
  /** Item i's vector is terms/weights [termStart[i], termStart[i + 1]). */
  termStart: Int32Array;
  terms: Uint32Array;
  weights: Float64Array;
  /** Row r, theme t at r * THEME_COUNT + t: the largest maturity gap among the checklist items concerning t, -1 if none. */
  themeGap: Float64Array;
  /** Same layout: index in MATURITY_KEYS of the checklist item giving that gap, -1 if none. */
  themeGapKey: Int8Array;
  /** Funding records by measure number (renounced ones left out), null when none. */
  funded: readonly (ReadonlyMap<string, FundingRecord> | null)[];
  dismissals: readonly (readonly CompiledDismissal[] | null)[];
  rowOfIstat: ReadonlyMap<string, number>;
}

/** One row of a table: a compiled profile. */
export interface CompiledProfile {
  table: ProfileTable;
  row: number;
}

export interface CompileProfilesOptions {
  config?: ScoringConfig;
  textModel?: TextModel;
  /** Precomputed vectors of programme items by item id (persisted by the store). */
  itemVectors?: ReadonlyMap<number, SparseVector>;
  /** Dismissals by ISTAT code. */
  dismissals?: ReadonlyMap<string, readonly DismissalInput[]>;
}

function compare(a: string | number, b: string | number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compileDismissal(d: DismissalInput, model: TextModel): CompiledDismissal {
  return {
    input: d,
    reason: d.reason,
    themeMask: themeMask(d.call.themes),
    vector: packVector(d.vector ?? vectorize(model, callTextFields(d.call))),
    measure: measureNumber(d.call.pnrrMeasure),
  };
}

/** Compiles profiles into a table, rows ordered by (region, province, population, ISTAT code). */
export function compileProfiles(input: readonly ComuneProfile[], options: CompileProfilesOptions = {}): ProfileTable {
  const config = options.config ?? DEFAULT_SCORING_CONFIG;
  const model = options.textModel ?? EMPTY_TEXT_MODEL;
  const profiles = [...input].sort(
    (a, b) =>
      compare(a.regionCode, b.regionCode) ||
      compare(a.provinceSigla.toUpperCase(), b.provinceSigla.toUpperCase()) ||
      compare(a.population, b.population) ||
      compare(a.istat, b.istat),
  );
  const size = profiles.length;
  const itemTotal = profiles.reduce((n, p) => n + p.programme.length, 0);
  const vectors: PackedVector[] = [];
  const itemStart = new Int32Array(size + 1);
  const itemMask = new Int32Array(itemTotal);
  const itemThemeCount = new Uint8Array(itemTotal);
  const itemFactor = new Float64Array(itemTotal);
  const itemAmount = new Float64Array(itemTotal);
  const themeGap = new Float64Array(size * THEME_COUNT).fill(-1);
  const themeGapKey = new Int8Array(size * THEME_COUNT).fill(-1);
  const population = new Float64Array(size);
  const cluster = new Uint8Array(size);
  const aggregation = new Uint8Array(size);
  const funded: (ReadonlyMap<string, FundingRecord> | null)[] = [];
  const dismissals: (CompiledDismissal[] | null)[] = [];
  const rowOfIstat = new Map<string, number>();

  let item = 0;
  profiles.forEach((profile, r) => {
    rowOfIstat.set(profile.istat, r);
    population[r] = profile.population;
    cluster[r] = CLUSTER_INDEX.get(profile.sizeCluster) ?? 0;
    aggregation[r] = profile.aggregations.reduce((m, a) => m | (1 << (AGGREGATION_INDEX.get(a.type) ?? 0)), 0);
    itemStart[r] = item;
    for (const it of profile.programme) {
      const mask = themeMask(it.themes);
      itemMask[item] = mask;
      itemThemeCount[item] = popcount(mask);
      itemFactor[item] = config.programme.stateFactor[it.state];
      itemAmount[item] = it.amount !== null && it.amount > 0 ? it.amount : Number.NaN;
      vectors.push(packVector(options.itemVectors?.get(it.id) ?? vectorize(model, programmeItemTextFields(it))));
      item++;
    }
    const entries = new Map(profile.maturity.map((e) => [e.key, e]));
    MATURITY_KEYS.forEach((key, keyIndex) => {
      const entry = entries.get(key);
      const gap = entry ? config.maturity.gap[entry.state] : config.maturity.unknownGap;
      for (const theme of MATURITY_THEMES[key]) {
        const at = r * THEME_COUNT + (THEME_INDEX.get(theme) ?? 0);
        if (gap > (themeGap[at] as number)) {
          themeGap[at] = gap;
          themeGapKey[at] = keyIndex;
        }
      }
    });
    const byMeasure = new Map<string, FundingRecord>();
    for (const record of profile.fundingHistory) {
      const measure = measureNumber(record.measure);
      if (measure && record.status !== "rinunciato" && !byMeasure.has(measure)) byMeasure.set(measure, record);
    }
    funded.push(byMeasure.size > 0 ? byMeasure : null);
    const own = options.dismissals?.get(profile.istat) ?? [];
    dismissals.push(own.length > 0 ? own.map((d) => compileDismissal(d, model)) : null);
  });
  itemStart[size] = item;

  const termStart = new Int32Array(itemTotal + 1);
  let termTotal = 0;
  vectors.forEach((v, i) => {
    termStart[i] = termTotal;
    termTotal += v.terms.length;
  });
  termStart[itemTotal] = termTotal;
  const terms = new Uint32Array(termTotal);
  const weights = new Float64Array(termTotal);
  vectors.forEach((v, i) => {
    terms.set(v.terms, termStart[i]);
    weights.set(v.weights, termStart[i]);
  });

  return {
    size,
    profiles,
    istat: profiles.map((p) => p.istat),
    region: profiles.map((p) => p.regionCode),
    province: profiles.map((p) => p.provinceSigla.toUpperCase()),
    population,
    cluster,
    aggregation,
    itemStart,
    itemMask,
    itemThemeCount,
    itemFactor,
    itemAmount,
    termStart,
    terms,
    weights,
    themeGap,
    themeGapKey,
    funded,
    dismissals,
    rowOfIstat,
  };
}

export interface CompileProfileOptions extends Omit<CompileProfilesOptions, "dismissals"> {
  dismissals?: readonly DismissalInput[];
}

/** Compiles one profile (a table of one row). */
export function compileProfile(profile: ComuneProfile, options: CompileProfileOptions = {}): CompiledProfile {
  const dismissals = options.dismissals ? new Map([[profile.istat, options.dismissals]]) : undefined;
  return { table: compileProfiles([profile], { ...options, dismissals }), row: 0 };
}

/** The subset of a profile that eligibility reads. */
export type EligibilitySubject = Pick<
  ComuneProfile,
  "istat" | "name" | "provinceSigla" | "regionCode" | "population" | "sizeCluster" | "aggregations"
>;

/** Compiles what eligibility needs of a comune (no programme, checklist or history). */
export function compileSubject(subject: EligibilitySubject): CompiledProfile {
  return compileProfile({ ...subject, programme: [], maturity: [], fundingHistory: [] });
}

export function profileAt(table: ProfileTable, row: number): CompiledProfile {
  return { table, row };
}

/** The cluster bit of a row (bits of SIZE_CLUSTERS). */
export function clusterBit(table: ProfileTable, row: number): number {
  return 1 << (table.cluster[row] as number);
}

export function clusterOf(table: ProfileTable, row: number): (typeof SIZE_CLUSTERS)[number] {
  return SIZE_CLUSTERS[table.cluster[row] as number] ?? "piccolo";
}
