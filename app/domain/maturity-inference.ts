import { pnrrReference } from "./funding";
import { FUNDING_STATUS_LABELS, type FundingStatus, type MaturityKey, type MaturityState } from "./profile";
import { foldText } from "./text";

/**
 * Digital maturity deduced from the funding history (docs/decisions/0031-maturity-inference.md).
 * A PA digitale 2026 funding is a lump sum for adopting one platform: a comune that obtained it
 * is at least working on that platform, and one that has been paid (E) has completed it, since
 * the lump sum is paid only after the technical check of the finished integration.
 */

export interface FundingFact {
  measure: string;
  notice: string;
  status: FundingStatus;
  fundedOn: string | null;
  statusDate?: string | null;
}

export interface InferredMaturity {
  key: MaturityKey;
  state: MaturityState;
  date: string | null;
  /** Italian, for people: which funding the state comes from. */
  source: string;
}

const has = (notice: string, re: RegExp) => re.test(foldText(notice));

/**
 * The checklist items a funded application concerns, from its measure and, where the measure
 * covers several platforms, from the notice title.
 */
export function maturityKeysFor(measure: string, notice: string): MaturityKey[] {
  switch (measure) {
    case "1.2":
      return ["cloud"];
    case "1.3.1":
      return ["pdnd"];
    case "1.4.1":
      return ["sito-web"];
    case "1.4.3": {
      const keys: MaturityKey[] = [];
      if (has(notice, /\bpago ?pa\b/)) keys.push("pagopa");
      if (has(notice, /\bapp ?io\b/)) keys.push("app-io");
      return keys;
    }
    case "1.4.4": {
      const registry = has(notice, /\b(anpr|ansc)\b/);
      const identity = has(notice, /\b(spid|cie)\b/);
      const keys: MaturityKey[] = [];
      if (identity || !registry) keys.push("spid", "cie");
      if (registry) keys.push("anpr", "ansc");
      return keys;
    }
    case "1.4.5":
      return ["send"];
    default:
      return [];
  }
}

/** A (assegnato) → in corso; E (erogato) → completato; R (rinunciato) → nothing. */
export function inferredState(status: FundingStatus): MaturityState | undefined {
  if (status === "erogato") return "completato";
  if (status === "assegnato") return "in-corso";
  return undefined;
}

const RANK: Record<MaturityState, number> = { "non-avviato": 0, "in-corso": 1, completato: 2 };

/**
 * The maturity a funding history implies, per key: the strongest state any record gives; among
 * records giving the same state, the earliest date (when it was first reached).
 */
export function inferMaturity(records: readonly FundingFact[]): Map<MaturityKey, InferredMaturity> {
  const result = new Map<MaturityKey, InferredMaturity>();
  for (const record of records) {
    const state = inferredState(record.status);
    if (!state) continue;
    const date =
      state === "completato" ? (record.statusDate ?? record.fundedOn ?? null) : (record.fundedOn ?? record.statusDate ?? null);
    const source = `PA digitale 2026, ${pnrrReference(record.measure)}: ${record.notice} (${FUNDING_STATUS_LABELS[record.status].toLowerCase()})`;
    for (const key of maturityKeysFor(record.measure, record.notice)) {
      const current = result.get(key);
      const better =
        !current ||
        RANK[state] > RANK[current.state] ||
        (RANK[state] === RANK[current.state] && date !== null && (current.date === null || date < current.date));
      if (better) result.set(key, { key, state, date, source });
    }
  }
  return result;
}
