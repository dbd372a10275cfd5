import { z } from "zod";
import { writeTransaction, type Db } from "~db/client.server";
import type { AlertSubscriptionRow } from "~db/schema";
import { hashToken, randomToken } from "~/auth/crypto.server";
import { addressKey, retryAfterAny, SlidingWindowLimiter } from "~/auth/rate-limit.server";
import {
  confirmGuestSubscription,
  deleteUserSubscription,
  disableSubscriptions,
  requestGuestSubscription,
  saveUserSubscription,
  setUserSubscriptionStatus,
  subscriptionOfUser,
  updateUserSubscription,
  subscriptionByConfirmToken,
  type UserSubscription,
} from "~/data/alerts.server";
import { getComune } from "~/data/comuni.server";
import { recordSecurityEvent } from "~/data/security-log.server";
import { normaliseEmail } from "~/data/users.server";
import { ALERT_FREQUENCIES, ALERT_FREQUENCY_LABELS, clampScore, normaliseThemes, parseReminderDays, type SubscriptionSettings } from "~/domain/alerts/settings";
import { guestConfirmMail } from "~/mail/alerts.server";
import { appLink } from "~/mail/config.server";
import { notifyMailWorker, queueMail } from "~/mail/queue.server";
import { seedMatchLedger } from "./matches.server";
import { verifyUnsubscribeToken } from "./tokens.server";

/**
 * Subscription workflows (issue 7, point 1). A user's subscription is theirs to change at once;
 * a guest's (a comune's office without an account) waits for the double opt-in: the request
 * writes the pending settings and the confirmation e-mail in one transaction, and only the
 * e-mailed link turns them on. Unsubscribing needs only the signed link of a message.
 */

/** Guest requests: 5 per address and 5 per e-mail address in 15 minutes (no mail bombing). */
export const guestRequests = new SlidingWindowLimiter(15 * 60_000, 5);
export const CONFIRM_TTL_MS = 48 * 60 * 60 * 1000;

const checkbox = z
  .union([z.literal("si"), z.literal("on"), z.literal("")])
  .optional()
  .transform((v) => v === "si" || v === "on");

/** The fields of the subscription form (account and public form alike). Unknown fields are dropped. */
export const settingsSchema = z.object({
  frequenza: z.enum(ALERT_FREQUENCIES, { errorMap: () => ({ message: "Scegli con quale frequenza ricevere gli avvisi." }) }),
  punteggioMinimo: z.coerce
    .number({ invalid_type_error: "Indica un numero da 0 a 100." })
    .int("Indica un numero intero da 0 a 100.")
    .min(0, "Il punteggio minimo va da 0 a 100.")
    .max(100, "Il punteggio minimo va da 0 a 100."),
  temi: z.union([z.string(), z.array(z.string())]).optional(),
  promemoria: z.string().max(100).default(""),
  modifiche: checkbox,
});

/** Form data as a record; a repeated field (the themes) becomes a list. */
export function formRecord(form: FormData): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const [key, value] of form) {
    if (typeof value !== "string") continue;
    const current = raw[key];
    raw[key] = current === undefined ? value : Array.isArray(current) ? [...current, value] : [current, value];
  }
  return raw;
}

/** Form fields → settings, or the field errors to show. */
export function parseSettings(raw: Record<string, unknown>): { settings: SubscriptionSettings } | { errors: Record<string, string> } {
  const parsed = settingsSchema.safeParse(raw);
  const errors: Record<string, string> = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? "form")] ??= issue.message;
  }
  const reminders = parseReminderDays(typeof raw.promemoria === "string" ? raw.promemoria : "");
  if (!reminders.ok) errors.promemoria ??= reminders.error;
  if (!parsed.success || !reminders.ok) return { errors };
  const temi = parsed.data.temi === undefined ? [] : Array.isArray(parsed.data.temi) ? parsed.data.temi : [parsed.data.temi];
  return {
    settings: {
      frequency: parsed.data.frequenza,
      minScore: clampScore(parsed.data.punteggioMinimo),
      themes: normaliseThemes(temi),
      reminderDays: reminders.days,
      changeAlerts: parsed.data.modifiche,
    },
  };
}

export class SubscriptionError extends Error {}

/** A user subscribes to a comune (or changes the subscription): on at once, it is their own act. */
export function subscribeUser(db: Db, userId: number, istat: string, settings: SubscriptionSettings, now = new Date()): AlertSubscriptionRow {
  if (!getComune(db, istat)) throw new SubscriptionError("Comune sconosciuto.");
  return writeTransaction(db, (tx) => {
    const row = saveUserSubscription(tx, userId, istat, settings, randomToken(16), now);
    seedMatchLedger(db, [row], now);
    return row;
  });
}

/** A user changes the settings of one of their subscriptions (scoped to the user in the query). */
export function changeUserSubscription(db: Db, userId: number, id: number, settings: SubscriptionSettings, now = new Date()): boolean {
  return writeTransaction(db, (tx) => {
    const row = subscriptionOfUser(tx, userId, id);
    if (!row || !updateUserSubscription(tx, userId, id, settings, now)) return false;
    // New settings (a lower minimum score, other themes) do not turn old matches into news.
    seedMatchLedger(db, [row], now);
    return true;
  });
}

/** Pause, resume or delete one of the user's subscriptions; false when it is not theirs. */
export function manageUserSubscription(db: Db, userId: number, id: number, intent: "disattiva" | "riattiva" | "elimina", now = new Date()): boolean {
  return writeTransaction(db, (tx) => {
    if (intent === "elimina") return deleteUserSubscription(tx, userId, id);
    const row = subscriptionOfUser(tx, userId, id);
    if (!row || !setUserSubscriptionStatus(tx, userId, id, intent === "riattiva" ? "attiva" : "disattivata", now)) return false;
    // What matched while the subscription was paused is not news when it resumes.
    if (intent === "riattiva") seedMatchLedger(db, [row], now);
    return true;
  });
}

export interface GuestRequest {
  email: string;
  istat: string;
  settings: SubscriptionSettings;
}

/**
 * A guest's request. The answer never tells whether the address was known or the limit reached
 * (the page shows one message): it returns what happened for tests and logs only.
 */
export function requestGuest(db: Db, input: GuestRequest, ip: string | null, now = new Date()): { queued: boolean; limited: boolean } {
  const email = normaliseEmail(input.email);
  const keys = [`avvisi:${email}`, addressKey(ip)];
  if (retryAfterAny(guestRequests, keys, now.getTime()) > 0) return { queued: false, limited: true };
  for (const key of keys) guestRequests.record(key, now.getTime());
  const comune = getComune(db, input.istat);
  if (!comune) throw new SubscriptionError("Comune sconosciuto.");
  // Guests get no change alerts: those are about a comune's tracking, which needs an account.
  const settings = { ...input.settings, changeAlerts: false };
  writeTransaction(db, (tx) => {
    const token = randomToken();
    const expiresAt = new Date(now.getTime() + CONFIRM_TTL_MS);
    requestGuestSubscription(tx, { email, istat: comune.istat, settings, tokenHash: hashToken(token), expiresAt, salt: randomToken(16) }, now);
    queueMail(
      tx,
      guestConfirmMail({ comune: comune.name, link: appLink(`/avvisi/conferma/${token}`), expiresAt, frequency: ALERT_FREQUENCY_LABELS[settings.frequency] }),
      { kind: "avvisi-conferma", to: email, sensitive: true, now },
    );
  });
  notifyMailWorker();
  return { queued: true, limited: false };
}

/** The pending guest subscription a confirmation link opens (for the page that shows the button). */
export function pendingConfirmation(db: Db, token: string, now = new Date()): UserSubscription | undefined {
  if (!token || token.length > 200) return undefined;
  return subscriptionByConfirmToken(db, hashToken(token), now);
}

export function confirmGuest(db: Db, token: string, ip: string | null, now = new Date()): AlertSubscriptionRow | undefined {
  if (!token || token.length > 200) return undefined;
  return writeTransaction(db, (tx) => {
    const row = confirmGuestSubscription(tx, hashToken(token), now);
    if (row) seedMatchLedger(db, [row], now);
    if (row) recordSecurityEvent(tx, { actor: "ospite", action: "notifiche-consenso", target: `iscrizione:${row.id} comune:${row.istat} consenso:si`, ip }, now);
    return row;
  });
}

/** One-click unsubscribe: the subscriptions the signed token names are turned off. */
export function unsubscribe(db: Db, token: string, ip: string | null, now = new Date()): UserSubscription[] | undefined {
  const rows = verifyUnsubscribeToken(token, db);
  if (!rows) return undefined;
  writeTransaction(db, (tx) => {
    const changed = disableSubscriptions(tx, rows.map((r) => r.id), now);
    if (changed > 0) {
      recordSecurityEvent(tx, { actor: "disiscrizione", action: "notifiche-consenso", target: `iscrizioni:${rows.map((r) => r.id).join(",")} consenso:no`, ip }, now);
    }
  });
  return rows;
}
