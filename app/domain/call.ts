import type { SizeCluster } from "./clusters";
import type { BeneficiaryKey, ThemeKey } from "./taxonomy";

/**
 * A funding call (bando) after validation and normalisation: the shape the domain reasons about
 * (eligibility, scoring, status). The public JSON keeps the Italian names of API.md; this type
 * uses English identifiers (glossary in PRODUCT.md).
 */

export const ISSUER_LEVELS = ["ue", "nazionale", "regionale", "locale", "privato"] as const;
export type IssuerLevel = (typeof ISSUER_LEVELS)[number];

export const PROCEDURES = ["sportello", "graduatoria"] as const;
export type Procedure = (typeof PROCEDURES)[number];

export const CALL_STATUSES = ["aperto", "in-arrivo", "chiuso"] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

export const REVIEW_STATES = ["da-revisionare", "pubblicato", "archiviato", "scartato"] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

export const REVIEW_STATE_LABELS: Record<ReviewState, string> = {
  "da-revisionare": "Da revisionare",
  pubblicato: "Pubblicato",
  archiviato: "Archiviato",
  scartato: "Scartato",
};

/** Territorial restriction: an empty list means no restriction at that level (API.md). */
export interface Territory {
  /** ISTAT region codes, e.g. "03". */
  regions: string[];
  /** Province sigle, e.g. "BG". */
  provinces: string[];
  /** ISTAT comune codes, e.g. "016024". */
  comuni: string[];
}

/** One population band of `importiPerFascia`; bounds inclusive, a null max is open-ended. */
export interface AmountBand {
  populationMin: number | null;
  populationMax: number | null;
  amount: number;
}

export interface Call {
  /** `<fonte>:<idFonte>` of the call's first source (other aliases resolve to it). */
  id: string;
  title: string;
  issuer: string;
  issuerLevel: IssuerLevel | null;
  description: string | null;
  url: string | null;
  themes: ThemeKey[];
  beneficiaries: BeneficiaryKey[];
  territory: Territory;
  /** Inclusive population bounds; null = unbounded. */
  populationMin: number | null;
  populationMax: number | null;
  associatedOnly: boolean;
  /**
   * Size clusters (fasce demografiche) the call is reserved to, e.g. only `piccolo`; empty = any
   * size. Stored with the call (`calls.size_clusters`); read from bando-json `fasce`, the
   * templates' "Fasce demografiche" column and the curators' form (decision 0012).
   */
  sizeClusters: SizeCluster[];
  budget: number | null;
  amountMin: number | null;
  amountMax: number | null;
  amountBands: AmountBand[];
  cofinancingPct: number | null;
  /** ISO instants (UTC) of opening and deadline; a null deadline means "a sportello" until exhausted. */
  opensAt: string | null;
  deadline: string | null;
  procedure: Procedure | null;
  /** e.g. "M1C1-1.4.5". */
  pnrrMeasure: string | null;
}

/**
 * Status derived from the dates (API.md): `in-arrivo` before opening, `chiuso` after the
 * deadline, otherwise `aperto`. No deadline = open until exhausted (a sportello).
 */
export function callStatus(call: Pick<Call, "opensAt" | "deadline">, now: Date): CallStatus {
  const t = now.getTime();
  if (call.opensAt && Date.parse(call.opensAt) > t) return "in-arrivo";
  if (call.deadline && Date.parse(call.deadline) < t) return "chiuso";
  return "aperto";
}

/** A call with no deadline is "a sportello" whatever its declared procedure. */
export function effectiveProcedure(call: Pick<Call, "procedure" | "deadline">): Procedure | null {
  if (!call.deadline) return "sportello";
  return call.procedure;
}

/**
 * The first instant after `now` at which the status of one of the calls changes (an opening is
 * reached, or a deadline passed: "chiuso" from the millisecond after it); Infinity if none will.
 * Times in epoch milliseconds, already parsed. What was true of `callStatus` at `now` holds
 * for every instant before the returned one.
 */
export function nextStatusChange(calls: Iterable<{ opensTime: number | null; deadlineTime: number | null }>, now: Date): number {
  const t = now.getTime();
  let next = Number.POSITIVE_INFINITY;
  for (const c of calls) {
    if (c.opensTime !== null && c.opensTime > t && c.opensTime < next) next = c.opensTime;
    if (c.deadlineTime !== null && c.deadlineTime >= t && c.deadlineTime + 1 < next) next = c.deadlineTime + 1;
  }
  return next;
}
