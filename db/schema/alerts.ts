import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./auth";
import { calls } from "./calls";
import { comuni } from "./comuni";
import { ALERT_FREQUENCIES, SUBSCRIPTION_STATUSES, type SubscriptionSettings } from "~/domain/alerts/settings";
import type { AlertItemPayload } from "~/domain/alerts/plan";

export { ALERT_FREQUENCIES, SUBSCRIPTION_STATUSES, type AlertFrequency, type SubscriptionSettings, type SubscriptionStatus } from "~/domain/alerts/settings";
export type { AlertItemPayload } from "~/domain/alerts/plan";

/**
 * Alerts (issue 7; docs/decisions/0080-alerts.md): subscriptions per person and comune, the
 * ledger of every alert decided, digest entries waiting for their period, in-app notifications,
 * the cursor over the events already read, and one row per run of the alerts job.
 */

/**
 * One subscription of a person to a comune's alerts. Either a user's (`userId`, the address is the
 * account's) or a guest's: a comune's office without an account (`email`), active only after the
 * double opt-in. Off until the person turns it on (SECURITY.md 25): rows exist only by their act.
 */
export const alertSubscriptions = sqliteTable(
  "alert_subscriptions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id").references(() => users.id, { onDelete: "cascade" }),
    /** Guests only (normalised); null for users, whose address is the account's. */
    email: text("email"),
    istat: text("istat")
      .notNull()
      .references(() => comuni.istat),
    frequency: text("frequency", { enum: ALERT_FREQUENCIES }).notNull(),
    /** New matches below this score (0–100) are not sent. */
    minScore: integer("min_score").notNull(),
    /** Theme keys; empty means every theme. */
    themes: text("themes", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    /** Days before a deadline when a reminder is sent (default 30, 14, 3). */
    reminderDays: text("reminder_days", { mode: "json" }).$type<number[]>().notNull().default(sql`'[30,14,3]'`),
    /** Field-level alerts when a call the comune tracks changes (users who can see the tracking). */
    changeAlerts: integer("change_alerts", { mode: "boolean" }).notNull().default(true),
    status: text("status", { enum: SUBSCRIPTION_STATUSES }).notNull(),
    /** Random value the unsubscribe links are signed with: a new subscription invalidates old links. */
    salt: text("salt").notNull(),
    /** Double opt-in of guests: SHA-256 of the e-mailed token, its expiry and the settings it confirms. */
    confirmTokenHash: text("confirm_token_hash").unique(),
    confirmExpiresAt: text("confirm_expires_at"),
    pendingSettings: text("pending_settings", { mode: "json" }).$type<SubscriptionSettings>(),
    confirmedAt: text("confirmed_at"),
    unsubscribedAt: text("unsubscribed_at"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("alert_subscriptions_user_idx").on(t.userId, t.istat),
    uniqueIndex("alert_subscriptions_email_idx").on(t.email, t.istat),
    index("alert_subscriptions_istat_idx").on(t.istat, t.status),
  ],
);

/**
 * The ledger: every alert decided for a subscription, once (unique key per subscription), whether
 * it left at once, waits in a digest or was only shown in the app. Written in the same
 * transaction as the message or the digest entry, so a rerun of the job never decides it twice.
 */
export const alertLedger = sqliteTable(
  "alert_ledger",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    subscriptionId: integer("subscription_id")
      .notNull()
      .references(() => alertSubscriptions.id, { onDelete: "cascade" }),
    /** `nuovo:<callId>`, `modifica:<versionId>`, `promemoria:<callId>:<deadline>:<days>`. */
    key: text("key").notNull(),
    /**
     * `immediata` (e-mail now), `riepilogo` (digest entry), `app` (in-app only: no e-mail consent),
     * `storico` (already true when the subscription started or changed: recorded, never announced).
     */
    route: text("route", { enum: ["immediata", "riepilogo", "app", "storico"] }).notNull(),
    outboxId: integer("outbox_id"),
    at: text("at").notNull(),
  },
  (t) => [uniqueIndex("alert_ledger_key_idx").on(t.subscriptionId, t.key), index("alert_ledger_at_idx").on(t.at)],
);

/** Digest entries waiting for the end of their period (one digest per recipient and period). */
export const alertDigestItems = sqliteTable(
  "alert_digest_items",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    subscriptionId: integer("subscription_id")
      .notNull()
      .references(() => alertSubscriptions.id, { onDelete: "cascade" }),
    frequency: text("frequency", { enum: ["giornaliera", "settimanale"] }).notNull(),
    /** `2026-11-23` (daily) or `2026-W48` (weekly), in Rome time. */
    periodKey: text("period_key").notNull(),
    /** When the period's digest may go (07:00 Rome the day after / the Monday after). */
    sendAfter: text("send_after").notNull(),
    callId: integer("call_id").references(() => calls.id, { onDelete: "cascade" }),
    payload: text("payload", { mode: "json" }).$type<AlertItemPayload>().notNull(),
    createdAt: text("created_at").notNull(),
    /** The digest message that carried it; null while waiting. */
    outboxId: integer("outbox_id"),
    sentAt: text("sent_at"),
  },
  (t) => [index("alert_digest_items_due_idx").on(t.sentAt, t.sendAfter), index("alert_digest_items_subscription_idx").on(t.subscriptionId)],
);

/** The in-app notification centre of logged-in users (unread count in the header). */
export const notifications = sqliteTable(
  "notifications",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["nuovo-bando", "modifica", "promemoria"] }).notNull(),
    /** Idempotency per user (same shape as the ledger keys, prefixed with the comune). */
    key: text("key").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    /** A same-site path (never an absolute URL). */
    link: text("link").notNull(),
    createdAt: text("created_at").notNull(),
    readAt: text("read_at"),
  },
  (t) => [uniqueIndex("notifications_user_key_idx").on(t.userId, t.key), index("notifications_unread_idx").on(t.userId, t.readAt, t.id)],
);

/** Position of the alerts job in each event stream it reads (e.g. the last call version id seen). */
export const alertCursors = sqliteTable("alert_cursors", {
  name: text("name").primaryKey(),
  position: integer("position").notNull(),
  updatedAt: text("updated_at").notNull(),
});

/** One row per pass of the alerts job (SECURITY.md 16 spirit: every run recorded with its counts). */
export const alertRuns = sqliteTable(
  "alert_runs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    startedAt: text("started_at").notNull(),
    finishedAt: text("finished_at"),
    status: text("status", { enum: ["completato", "fallito"] }).notNull(),
    counts: text("counts", { mode: "json" }).$type<Record<string, number>>().notNull().default(sql`'{}'`),
    error: text("error"),
  },
  (t) => [index("alert_runs_started_idx").on(t.startedAt)],
);

export type AlertSubscriptionRow = typeof alertSubscriptions.$inferSelect;
export type NotificationRow = typeof notifications.$inferSelect;
export type AlertDigestItemRow = typeof alertDigestItems.$inferSelect;
export type AlertRunRow = typeof alertRuns.$inferSelect;
