/**
 * Alert subscriptions (issue 7, point 1): what a person chooses for a comune. Pure.
 * Frequency governs new matches and change alerts; deadline reminders always leave on their day
 * (a weekly digest would deliver a three-day reminder too late): docs/decisions/0080-alerts.md.
 */
import { THEME_KEYS, type ThemeKey } from "../taxonomy";

export const ALERT_FREQUENCIES = ["immediata", "giornaliera", "settimanale"] as const;
export type AlertFrequency = (typeof ALERT_FREQUENCIES)[number];
export type DigestFrequency = Exclude<AlertFrequency, "immediata">;

export const ALERT_FREQUENCY_LABELS: Record<AlertFrequency, string> = {
  immediata: "Subito, un messaggio per ogni novità",
  giornaliera: "Riepilogo giornaliero (la mattina dopo)",
  settimanale: "Riepilogo settimanale (il lunedì mattina)",
};

export const SUBSCRIPTION_STATUSES = ["da-confermare", "attiva", "disattivata"] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

export const SUBSCRIPTION_STATUS_LABELS: Record<SubscriptionStatus, string> = {
  "da-confermare": "In attesa di conferma",
  attiva: "Attiva",
  disattivata: "Disattivata",
};

/** The preferences a subscription carries (also the pending ones a guest must confirm). */
export interface SubscriptionSettings {
  frequency: AlertFrequency;
  minScore: number;
  themes: string[];
  reminderDays: number[];
  changeAlerts: boolean;
}

export const DEFAULT_REMINDER_DAYS: readonly number[] = [30, 14, 3];
export const DEFAULT_MIN_SCORE = 50;
/** At most this many lead times, each between 1 and 365 days. */
export const MAX_REMINDERS = 6;
export const MAX_REMINDER_DAYS = 365;

export function defaultSettings(): SubscriptionSettings {
  return { frequency: "settimanale", minScore: DEFAULT_MIN_SCORE, themes: [], reminderDays: [...DEFAULT_REMINDER_DAYS], changeAlerts: true };
}

export function isFrequency(value: unknown): value is AlertFrequency {
  return typeof value === "string" && (ALERT_FREQUENCIES as readonly string[]).includes(value);
}

/**
 * "30, 14, 3" → [30, 14, 3]: whole days, distinct, descending. Separators: commas, semicolons,
 * spaces. An empty text means no reminders. Returns an Italian message when the text is not valid.
 */
export function parseReminderDays(text: string): { ok: true; days: number[] } | { ok: false; error: string } {
  const parts = text
    .split(/[\s,;]+/)
    .map((p) => p.trim())
    .filter(Boolean);
  const days: number[] = [];
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return { ok: false, error: `«${part.slice(0, 20)}» non è un numero di giorni.` };
    const n = Number(part);
    if (n < 1 || n > MAX_REMINDER_DAYS) return { ok: false, error: `I giorni di preavviso vanno da 1 a ${MAX_REMINDER_DAYS}.` };
    if (!days.includes(n)) days.push(n);
  }
  if (days.length > MAX_REMINDERS) return { ok: false, error: `Al massimo ${MAX_REMINDERS} promemoria per scadenza.` };
  return { ok: true, days: days.sort((a, b) => b - a) };
}

export function formatReminderDays(days: readonly number[]): string {
  return days.join(", ");
}

/** Only known theme keys, each once, in taxonomy order. */
export function normaliseThemes(values: readonly string[]): ThemeKey[] {
  const wanted = new Set(values);
  return THEME_KEYS.filter((k) => wanted.has(k));
}

export function clampScore(value: number): number {
  if (!Number.isFinite(value)) return DEFAULT_MIN_SCORE;
  return Math.min(100, Math.max(0, Math.round(value)));
}
