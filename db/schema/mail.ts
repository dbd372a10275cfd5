import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const OUTBOX_STATUSES = ["in-attesa", "in-invio", "inviato", "fallito", "soppresso"] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/**
 * The outbox (SECURITY.md 22): a message is written in the same transaction as what causes it,
 * and a worker sends it. `in-attesa` → `in-invio` (claimed until `lockedUntil`) → `inviato`;
 * a temporary failure (4xx, network) goes back to `in-attesa` with a later `nextAttemptAt`;
 * after the last attempt, or on a permanent 5xx, it ends `fallito` (dead letter);
 * a message to a suppressed address ends `soppresso` without being sent.
 * The Message-ID is fixed when the row is written, so a resend carries the same one.
 */
export const outbox = sqliteTable(
  "outbox",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    messageId: text("message_id").notNull().unique(),
    /** What the message is (`invito`, `reimposta-password`, …): for statistics and retention. */
    kind: text("kind").notNull(),
    recipient: text("recipient").notNull(),
    subject: text("subject").notNull(),
    text: text("text").notNull(),
    html: text("html"),
    /** Extra headers (e.g. List-Unsubscribe), as JSON. */
    headers: text("headers", { mode: "json" }).$type<Record<string, string>>().notNull().default({}),
    /** Optional idempotency key (e.g. one digest per recipient and period). */
    dedupeKey: text("dedupe_key").unique(),
    /** Bodies holding a secret link are blanked once sent. */
    sensitive: integer("sensitive", { mode: "boolean" }).notNull().default(false),
    status: text("status", { enum: OUTBOX_STATUSES }).notNull().default("in-attesa"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: text("next_attempt_at").notNull(),
    lockedUntil: text("locked_until"),
    lastError: text("last_error"),
    createdAt: text("created_at").notNull(),
    sentAt: text("sent_at"),
    finishedAt: text("finished_at"),
  },
  (t) => [
    index("outbox_due_idx").on(t.status, t.nextAttemptAt),
    index("outbox_recipient_idx").on(t.recipient),
    index("outbox_finished_idx").on(t.finishedAt),
  ],
);

/** Addresses that answered with a permanent failure: nothing more is sent to them. */
export const mailSuppressions = sqliteTable("mail_suppressions", {
  email: text("email").primaryKey(),
  reason: text("reason").notNull(),
  createdAt: text("created_at").notNull(),
});

export type OutboxRow = typeof outbox.$inferSelect;
