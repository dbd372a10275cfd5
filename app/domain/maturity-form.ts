import { MATURITY_KEYS, MATURITY_LABELS, MATURITY_STATES, type MaturityEntry, type MaturityKey, type MaturityState } from "./profile";

/**
 * The maturity checklist form: one state select (`stato-<key>`, empty = non indicato) and one
 * date (`data-<key>`, optional) per key. Pure, shared by the route and its tests.
 */

export interface MaturityFormRow {
  key: MaturityKey;
  state: MaturityState | null;
  date: string | null;
}

export type MaturityFormValues = Record<MaturityKey, { state: string; date: string }>;

function isRealDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === text;
}

export function readMaturityForm(form: FormData): MaturityFormValues {
  const text = (name: string) => {
    const v = form.get(name);
    return typeof v === "string" ? v.trim() : "";
  };
  return Object.fromEntries(MATURITY_KEYS.map((k) => [k, { state: text(`stato-${k}`), date: text(`data-${k}`) }])) as MaturityFormValues;
}

export function maturityFormValuesOf(entries: readonly MaturityEntry[]): MaturityFormValues {
  const byKey = new Map(entries.map((e) => [e.key, e]));
  return Object.fromEntries(
    MATURITY_KEYS.map((k) => [k, { state: byKey.get(k)?.state ?? "", date: byKey.get(k)?.date ?? "" }]),
  ) as MaturityFormValues;
}

/**
 * Validates the submitted checklist. A state without a date takes `today` (Europe/Rome,
 * YYYY-MM-DD); dates must be real and not in the future; a date without a state is an error.
 */
export function parseMaturityForm(
  values: MaturityFormValues,
  today: string,
): { ok: true; rows: MaturityFormRow[] } | { ok: false; errors: Partial<Record<MaturityKey, string>> } {
  const errors: Partial<Record<MaturityKey, string>> = {};
  const rows: MaturityFormRow[] = [];
  for (const key of MATURITY_KEYS) {
    const { state: stateText, date } = values[key];
    const label = MATURITY_LABELS[key];
    const state = MATURITY_STATES.find((s) => s === stateText) ?? null;
    if (stateText !== "" && !state) {
      errors[key] = `${label}: stato non valido`;
      continue;
    }
    if (date !== "" && !isRealDate(date)) {
      errors[key] = `${label}: data non valida (usa il formato GG/MM/AAAA)`;
      continue;
    }
    if (date !== "" && date > today) {
      errors[key] = `${label}: la data non può essere futura`;
      continue;
    }
    if (date !== "" && !state) {
      errors[key] = `${label}: indica lo stato oppure cancella la data`;
      continue;
    }
    rows.push({ key, state, date: state ? date || today : null });
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, rows };
}
