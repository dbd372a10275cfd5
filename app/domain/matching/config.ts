/**
 * The scoring configuration: ONE record holding every weight and threshold of the engine
 * (docs/decisions/0050-scoring-model.md). Admins will edit and persist it; the engine only
 * reads it. Everything is a plain JSON value so the record can be stored as-is.
 */

import type { SizeCluster } from "../clusters";
import type { MaturityState, ProgrammeState } from "../profile";
import type { DismissalReason } from "./dismissal";

/** Score components, in the order they are shown. Keys are public (API `componenti`). */
export const COMPONENT_KEYS = ["programmazione", "maturita", "importo", "tempi", "dimensione", "segnalazioni"] as const;
export type ComponentKey = (typeof COMPONENT_KEYS)[number];

export const COMPONENT_LABELS: Record<ComponentKey, string> = {
  programmazione: "Coerenza con la programmazione del comune",
  maturita: "Divario di maturità digitale",
  importo: "Importo rispetto al fabbisogno",
  tempi: "Tempi per presentare la domanda",
  dimensione: "Bando mirato alla fascia del comune",
  segnalazioni: "Assenza di segnalazioni «non pertinente» simili",
};

export interface ScoringConfig {
  /** Bumped by the admins' editor at every save; stored with each match with ENGINE_VERSION. */
  revision: number;
  /** Maximum points of each component; integers that add up to exactly 100. */
  weights: Record<ComponentKey, number>;
  programme: {
    /** Share of an item's fit given by theme overlap; the rest comes from text similarity. */
    themeShare: number;
    /** Cosine similarity counted as a full text match (similarities above saturate). */
    textSaturation: number;
    /** Weight of an item by its state (a concluded item needs no more funding). */
    stateFactor: Record<ProgrammeState, number>;
  };
  maturity: {
    /** Gap per state of a checklist item the call concerns (1 = nothing done yet). */
    gap: Record<MaturityState, number>;
    /** Gap when the checklist item is not filled in. */
    unknownGap: number;
    /** Value when none of the call's themes concerns the checklist (non-digital calls). */
    neutral: number;
    /** Multiplier when the comune was already funded for the same PNRR measure. */
    alreadyFundedFactor: number;
  };
  money: {
    /** Value when the call states no amount at all. */
    unknown: number;
    /** Programme items whose fit reaches this count as "the planned project" for the money check. */
    itemFitThreshold: number;
    /** Without a matching budgeted item: amount against a reference budget per cluster, capped at `baselineShare`. */
    referenceBudget: Record<SizeCluster, number>;
    baselineShare: number;
    /** How much co-financing weighs per cluster (1 = the whole share is a cost). */
    cofinancingWeight: Record<SizeCluster, number>;
  };
  time: {
    /** Fewer days than this to the deadline: not enough time to prepare an application. */
    minPreparationDays: number;
    /** Up to this many days the deadline is "the right time"; later ones slowly lose urgency. */
    horizonDays: number;
    /** Value of the farthest deadlines (one year and more). */
    farValue: number;
    /** Value of a call "a sportello" without deadline: first come, first served. */
    openEndedValue: number;
    /** Value at zero days left (grows linearly to `tightMaxValue` at the minimum preparation time). */
    tightMinValue: number;
    tightMaxValue: number;
  };
  size: {
    /** Restricted (population bounds or clusters) to the comune's cluster only. */
    reservedOneCluster: number;
    reservedTwoClusters: number;
    reservedAnySize: number;
    /** Amounts modulated by population band. */
    banded: number;
    /** No size targeting at all. */
    generic: number;
  };
  feedback: {
    /** Similarity to a dismissed call below which it has no effect. */
    minSimilarity: number;
    /** Share of theme overlap in the similarity between two calls (the rest is text). */
    themeShare: number;
    /**
     * How strongly a dismissal with this reason lowers similar calls (1 = a call as similar as
     * the dismissed one loses the whole component). "Tempi insufficienti" concerns one deadline,
     * so it barely spreads to other calls.
     */
    reasonFactor: Record<DismissalReason, number>;
  };
}

export const DEFAULT_SCORING_CONFIG: ScoringConfig = {
  revision: 1,
  weights: { programmazione: 35, maturita: 15, importo: 15, tempi: 15, dimensione: 10, segnalazioni: 10 },
  programme: {
    themeShare: 0.6,
    textSaturation: 0.35,
    stateFactor: { previsto: 1, "in-corso": 0.9, concluso: 0.25 },
  },
  maturity: {
    gap: { "non-avviato": 1, "in-corso": 0.6, completato: 0.1 },
    unknownGap: 0.7,
    neutral: 0.5,
    alreadyFundedFactor: 0.3,
  },
  money: {
    unknown: 0.4,
    itemFitThreshold: 0.5,
    referenceBudget: { piccolo: 50_000, medio: 150_000, grande: 400_000 },
    baselineShare: 0.7,
    cofinancingWeight: { piccolo: 1, medio: 0.6, grande: 0.3 },
  },
  time: {
    minPreparationDays: 20,
    horizonDays: 90,
    farValue: 0.7,
    openEndedValue: 0.9,
    tightMinValue: 0.1,
    tightMaxValue: 0.6,
  },
  size: { reservedOneCluster: 1, reservedTwoClusters: 0.75, reservedAnySize: 0.5, banded: 0.6, generic: 0.3 },
  feedback: {
    minSimilarity: 0.3,
    themeShare: 0.5,
    reasonFactor: {
      "tema-non-pertinente": 1,
      "gia-realizzato": 1,
      "importo-non-adeguato": 0.6,
      "requisiti-non-posseduti": 0.8,
      "tempi-insufficienti": 0.3,
      altro: 0.6,
    },
  },
};

/**
 * Checks a configuration (e.g. from the admins' editor) and returns Italian error messages;
 * an empty list means valid.
 */
export function validateScoringConfig(config: ScoringConfig): string[] {
  const errors: string[] = [];
  let total = 0;
  for (const key of COMPONENT_KEYS) {
    const w = config.weights[key];
    if (!Number.isInteger(w) || w < 0 || w > 100) errors.push(`Il peso «${COMPONENT_LABELS[key]}» deve essere un intero tra 0 e 100.`);
    else total += w;
  }
  if (errors.length === 0 && total !== 100) errors.push(`I pesi devono sommare a 100 (ora ${total}).`);
  const fractions: [string, number][] = [
    ["programme.themeShare", config.programme.themeShare],
    ["programme.textSaturation", config.programme.textSaturation],
    ...Object.entries(config.programme.stateFactor).map(([k, v]): [string, number] => [`programme.stateFactor.${k}`, v]),
    ...Object.entries(config.maturity.gap).map(([k, v]): [string, number] => [`maturity.gap.${k}`, v]),
    ["maturity.unknownGap", config.maturity.unknownGap],
    ["maturity.neutral", config.maturity.neutral],
    ["maturity.alreadyFundedFactor", config.maturity.alreadyFundedFactor],
    ["money.unknown", config.money.unknown],
    ["money.itemFitThreshold", config.money.itemFitThreshold],
    ["money.baselineShare", config.money.baselineShare],
    ...Object.entries(config.money.cofinancingWeight).map(([k, v]): [string, number] => [`money.cofinancingWeight.${k}`, v]),
    ["time.farValue", config.time.farValue],
    ["time.openEndedValue", config.time.openEndedValue],
    ["time.tightMinValue", config.time.tightMinValue],
    ["time.tightMaxValue", config.time.tightMaxValue],
    ...Object.entries(config.size).map(([k, v]): [string, number] => [`size.${k}`, v]),
    ["feedback.minSimilarity", config.feedback.minSimilarity],
    ["feedback.themeShare", config.feedback.themeShare],
    ...Object.entries(config.feedback.reasonFactor).map(([k, v]): [string, number] => [`feedback.reasonFactor.${k}`, v]),
  ];
  for (const [name, value] of fractions) {
    if (!Number.isFinite(value) || value < 0 || value > 1) errors.push(`«${name}» deve essere un numero tra 0 e 1.`);
  }
  if (config.programme.textSaturation <= 0) errors.push("«programme.textSaturation» deve essere maggiore di 0.");
  for (const [k, v] of Object.entries(config.money.referenceBudget)) {
    if (!Number.isFinite(v) || v <= 0) errors.push(`«money.referenceBudget.${k}» deve essere un importo positivo.`);
  }
  const { minPreparationDays, horizonDays } = config.time;
  if (!Number.isInteger(minPreparationDays) || minPreparationDays < 1) errors.push("«time.minPreparationDays» deve essere un intero positivo.");
  if (!Number.isInteger(horizonDays) || horizonDays < minPreparationDays || horizonDays >= 365) {
    errors.push("«time.horizonDays» deve essere un intero tra i giorni minimi di preparazione e 364.");
  }
  return errors;
}

/**
 * A short stable fingerprint of a configuration (FNV-1a over its canonical JSON): stored with
 * every match next to ENGINE_VERSION, so a changed configuration is seen as "re-match needed".
 */
export function configFingerprint(config: ScoringConfig): string {
  return fnv1a(canonicalJson(config)).toString(16).padStart(8, "0");
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** FNV-1a, 32 bits, over the UTF-16 code units of a string. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
