/**
 * Field-level change alerts on tracked calls (issue 7, point 1): two versions of a call's live
 * content become short Italian sentences, most important first, e.g.
 * "Scadenza prorogata dal 31/03/2026 al 30/04/2026". Pure.
 */
import type { CallContent, CallField } from "../call-content";
import { fieldLabel, formatFieldValue } from "../call-content";
import { formatDate, formatEuro } from "../format";
import { romeDateKey, romeWallClock } from "../time";

/** The order in which changes matter to a comune preparing an application. */
const IMPORTANCE: readonly CallField[] = [
  "deadline",
  "opensAt",
  "amountBands",
  "amountMax",
  "amountMin",
  "budget",
  "cofinancingPct",
  "beneficiaries",
  "territory",
  "populationMin",
  "populationMax",
  "sizeClusters",
  "associatedOnly",
  "procedure",
  "title",
  "issuer",
  "url",
  "themes",
  "pnrrMeasure",
  "issuerLevel",
  "description",
];

function time(iso: string): string {
  const w = romeWallClock(new Date(iso));
  return `${String(w.hour).padStart(2, "0")}:${String(w.minute).padStart(2, "0")}`;
}

/** Two instants as Italian dates; the time only when the dates alone would not show the change. */
function datePair(before: string, after: string): [string, string] {
  const sameDay = romeDateKey(new Date(before)) === romeDateKey(new Date(after));
  const sameTime = time(before) === time(after);
  if (sameDay || !sameTime) return [`${formatDate(before)} ore ${time(before)}`, `${formatDate(after)} ore ${time(after)}`];
  return [formatDate(before), formatDate(after)];
}

function deadlineChange(before: string | null, after: string | null): string | null {
  if (before && after) {
    const [b, a] = datePair(before, after);
    if (Date.parse(after) > Date.parse(before)) return `Scadenza prorogata dal ${b} al ${a}`;
    if (Date.parse(after) < Date.parse(before)) return `Scadenza anticipata dal ${b} al ${a}`;
    return null;
  }
  if (after) return `Scadenza fissata al ${formatDate(after)} ore ${time(after)} (prima era a sportello)`;
  if (before) return `Scadenza del ${formatDate(before)} eliminata: ora il bando è a sportello fino a esaurimento`;
  return null;
}

function openingChange(before: string | null, after: string | null): string | null {
  if (before && after) {
    const [b, a] = datePair(before, after);
    return `Apertura spostata dal ${b} al ${a}`;
  }
  if (after) return `Apertura fissata al ${formatDate(after)}`;
  if (before) return "Data di apertura eliminata";
  return null;
}

function amountChange(label: string, before: number | null, after: number | null): string | null {
  if (before !== null && after !== null) {
    if (after > before) return `${label} aumentato da ${formatEuro(before)} a ${formatEuro(after)}`;
    if (after < before) return `${label} ridotto da ${formatEuro(before)} a ${formatEuro(after)}`;
    return null;
  }
  if (after !== null) return `${label}: ${formatEuro(after)} (prima non indicato)`;
  if (before !== null) return `${label} non più indicato (era ${formatEuro(before)})`;
  return null;
}

/** Long free text is not quoted in an alert: only that it changed. */
const SUMMARY_ONLY: ReadonlySet<CallField> = new Set(["description", "territory", "amountBands"]);

function genericChange(before: CallContent, after: CallContent, field: CallField): string {
  const label = fieldLabel(field);
  if (field === "amountBands") return `Importi per fascia di popolazione modificati: ${formatFieldValue(after, field)}`;
  if (SUMMARY_ONLY.has(field)) return `Aggiornato il campo «${label}»`;
  return `${label}: da «${formatFieldValue(before, field)}» a «${formatFieldValue(after, field)}»`;
}

/** The sentences describing what changed from `before` to `after` in the given fields. */
export function describeChanges(before: CallContent, after: CallContent, fields: readonly string[]): string[] {
  const changed = new Set(fields);
  const sentences: string[] = [];
  for (const field of IMPORTANCE) {
    if (!changed.has(field)) continue;
    let sentence: string | null;
    switch (field) {
      case "deadline":
        sentence = deadlineChange(before.deadline, after.deadline);
        break;
      case "opensAt":
        sentence = openingChange(before.opensAt, after.opensAt);
        break;
      case "amountMax":
        sentence = amountChange("Importo massimo", before.amountMax, after.amountMax);
        break;
      case "amountMin":
        sentence = amountChange("Importo minimo", before.amountMin, after.amountMin);
        break;
      case "budget":
        sentence = amountChange("Dotazione complessiva", before.budget, after.budget);
        break;
      default:
        sentence = genericChange(before, after, field);
    }
    if (sentence) sentences.push(sentence);
  }
  return sentences;
}

/** Review-state changes that matter to a comune tracking a call. */
export function describeWithdrawal(action: string): string | null {
  if (action === "archiviato" || action === "scartato") return "Il bando è stato ritirato dalla pubblicazione sul Cruscotto";
  if (action === "assorbito") return "Il bando è stato unito a un altro bando (duplicato): segui il bando indicato nel Cruscotto";
  return null;
}
