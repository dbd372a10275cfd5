/**
 * The demo set keeps its dates relative to a reference day (`dataRiferimento`): at load time
 * every date moves by the days between that reference and today (Rome calendar), so open,
 * upcoming and closed calls stay so whatever day the demo is loaded. Times of day are kept.
 * Pure.
 */

const DATE_PREFIX = /^(\d{4})-(\d{2})-(\d{2})/;

/** `2026-03-31T12:00` shifted by `days` → `2026-04-05T12:00` (the rest of the text untouched). */
export function shiftDateText(text: string, days: number): string {
  const m = DATE_PREFIX.exec(text);
  if (!m) return text;
  const shifted = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + days));
  const iso = shifted.toISOString().slice(0, 10);
  return iso + text.slice(10);
}

/** Whole days from one `YYYY-MM-DD` to another. */
export function daysBetweenKeys(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function shiftCallDates<T extends { apertura?: unknown; scadenza?: unknown }>(call: T, days: number): T {
  const next = { ...call };
  if (typeof next.apertura === "string") next.apertura = shiftDateText(next.apertura, days);
  if (typeof next.scadenza === "string") next.scadenza = shiftDateText(next.scadenza, days);
  return next;
}
