import type { Call } from "../call";
import type { SparseVector } from "./text-vectors";

/**
 * An RTD's "non pertinente" on a matched call, with a reason. Pure input of the feedback
 * component: the store keeps the dismissals per comune and passes them, each with the
 * dismissed call's features (and its precomputed vector), to the engine.
 */
export const DISMISSAL_REASONS = [
  "tema-non-pertinente",
  "gia-realizzato",
  "importo-non-adeguato",
  "requisiti-non-posseduti",
  "tempi-insufficienti",
  "altro",
] as const;
export type DismissalReason = (typeof DISMISSAL_REASONS)[number];

export const DISMISSAL_REASON_LABELS: Record<DismissalReason, string> = {
  "tema-non-pertinente": "tema non di interesse per il comune",
  "gia-realizzato": "intervento già realizzato o già finanziato",
  "importo-non-adeguato": "importo non adeguato",
  "requisiti-non-posseduti": "requisiti non posseduti",
  "tempi-insufficienti": "tempi insufficienti",
  altro: "altro motivo",
};

export function isDismissalReason(value: string): value is DismissalReason {
  return (DISMISSAL_REASONS as readonly string[]).includes(value);
}

export interface Dismissal {
  callId: string;
  reason: DismissalReason;
  /** Free text of the RTD, if any (shown to curators, not used for scoring). */
  note: string | null;
  /** ISO instant. */
  dismissedAt: string;
}

/** A dismissal with the dismissed call's features, as the engine needs it. */
export interface DismissalInput extends Dismissal {
  call: Pick<Call, "id" | "title" | "description" | "themes" | "pnrrMeasure">;
  /** The dismissed call's precomputed text vector; computed from its text when absent. */
  vector?: SparseVector;
}
