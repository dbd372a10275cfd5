import { randomUUID } from "node:crypto";
import { and, asc, count, desc, eq, inArray, lt, lte, or, sql } from "drizzle-orm";
import { writeTransaction, type Db } from "~db/client.server";
import { mailSuppressions, outbox, type OutboxRow, type OutboxStatus } from "~db/schema";
import { normaliseEmail } from "./users.server";

export interface NewMail {
  /** What the message is: `invito`, `reimposta-password`, … (alerts add their own kinds). */
  kind: string;
  to: string;
  subject: string;
  text: string;
  html?: string | null;
  headers?: Record<string, string>;
  /** Idempotency: a second message with the same key is not written. */
  dedupeKey?: string | null;
  /** The body holds a secret link: it is blanked once the message is sent. */
  sensitive?: boolean;
}

/** A Message-ID fixed when the message is written: every resend carries the same one. */
export function newMessageId(domain: string): string {
  return `<${randomUUID()}@${domain}>`;
}

export function isSuppressed(db: Db, email: string): boolean {
  return db.select({ email: mailSuppressions.email }).from(mailSuppressions).where(eq(mailSuppressions.email, normaliseEmail(email))).get() !== undefined;
}

/**
 * Writes a message to the outbox inside the caller's transaction (SECURITY.md 22): the message
 * exists if and only if what caused it committed. A message to a suppressed address is recorded
 * as `soppresso` and never sent. Returns undefined when `dedupeKey` was already used.
 */
export function enqueueMail(tx: Db, mail: NewMail, options: { domain: string; now?: Date }): OutboxRow | undefined {
  const now = (options.now ?? new Date()).toISOString();
  const to = normaliseEmail(mail.to);
  const suppressed = isSuppressed(tx, to);
  return tx
    .insert(outbox)
    .values({
      messageId: newMessageId(options.domain),
      kind: mail.kind,
      recipient: to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html ?? null,
      headers: mail.headers ?? {},
      dedupeKey: mail.dedupeKey ?? null,
      sensitive: mail.sensitive ?? false,
      status: suppressed ? "soppresso" : "in-attesa",
      nextAttemptAt: now,
      createdAt: now,
      finishedAt: suppressed ? now : null,
      lastError: suppressed ? "indirizzo soppresso" : null,
    })
    .onConflictDoNothing({ target: outbox.dedupeKey })
    .returning()
    .get();
}

/**
 * Claims the messages due now in one immediate transaction: waiting ones whose time has come, and
 * ones a crashed worker left `in-invio` past their lock. Each claim counts as an attempt.
 */
export function claimDueMail(db: Db, options: { now: Date; lockMs: number; limit: number }): OutboxRow[] {
  const now = options.now.toISOString();
  return writeTransaction(db, (tx) => {
    const due = tx
      .select({ id: outbox.id })
      .from(outbox)
      .where(
        or(
          and(eq(outbox.status, "in-attesa"), lte(outbox.nextAttemptAt, now)),
          and(eq(outbox.status, "in-invio"), lte(outbox.lockedUntil, now)),
        ),
      )
      .orderBy(asc(outbox.nextAttemptAt), asc(outbox.id))
      .limit(options.limit)
      .all()
      .map((r) => r.id);
    if (due.length === 0) return [];
    const lockedUntil = new Date(options.now.getTime() + options.lockMs).toISOString();
    const claimed: OutboxRow[] = [];
    for (const id of due) {
      const row = tx
        .update(outbox)
        .set({ status: "in-invio", lockedUntil, attempts: sql`${outbox.attempts} + 1` })
        .where(eq(outbox.id, id))
        .returning()
        .get();
      if (row) claimed.push(row);
    }
    return claimed;
  });
}

export function markMailSent(db: Db, row: Pick<OutboxRow, "id" | "sensitive">, now: Date): void {
  writeTransaction(db, (tx) =>
    tx
      .update(outbox)
      .set({
        status: "inviato",
        sentAt: now.toISOString(),
        finishedAt: now.toISOString(),
        lockedUntil: null,
        lastError: null,
        ...(row.sensitive ? { text: "", html: null } : {}),
      })
      .where(and(eq(outbox.id, row.id), eq(outbox.status, "in-invio")))
      .run(),
  );
}

export function markMailRetry(db: Db, id: number, error: string, nextAttemptAt: Date): void {
  writeTransaction(db, (tx) =>
    tx
      .update(outbox)
      .set({ status: "in-attesa", lockedUntil: null, lastError: error.slice(0, 500), nextAttemptAt: nextAttemptAt.toISOString() })
      .where(eq(outbox.id, id))
      .run(),
  );
}

/**
 * Dead letter: the last attempt failed, or the server refused the message for good. With
 * `suppress`, the address is added to the suppression list in the same transaction, and every
 * other message still waiting for it is marked `soppresso`.
 */
export function markMailFailed(db: Db, row: Pick<OutboxRow, "id" | "recipient">, error: string, now: Date, suppress: boolean): void {
  writeTransaction(db, (tx) => {
    tx.update(outbox)
      .set({ status: "fallito", lockedUntil: null, lastError: error.slice(0, 500), finishedAt: now.toISOString() })
      .where(eq(outbox.id, row.id))
      .run();
    if (suppress) {
      tx.insert(mailSuppressions)
        .values({ email: row.recipient, reason: error.slice(0, 200), createdAt: now.toISOString() })
        .onConflictDoNothing()
        .run();
      tx.update(outbox)
        .set({ status: "soppresso", lastError: "indirizzo soppresso", finishedAt: now.toISOString() })
        .where(and(eq(outbox.recipient, row.recipient), eq(outbox.status, "in-attesa")))
        .run();
    }
  });
}

export function getOutboxMessage(db: Db, id: number): OutboxRow | undefined {
  return db.select().from(outbox).where(eq(outbox.id, id)).get();
}

export interface OutboxFilters {
  status?: OutboxStatus;
  page: number;
  perPage: number;
}

export function listOutbox(db: Db, filters: OutboxFilters) {
  const where = filters.status ? eq(outbox.status, filters.status) : undefined;
  const total = db.select({ n: count() }).from(outbox).where(where).get()?.n ?? 0;
  const items = db
    .select({
      id: outbox.id,
      kind: outbox.kind,
      recipient: outbox.recipient,
      subject: outbox.subject,
      status: outbox.status,
      attempts: outbox.attempts,
      lastError: outbox.lastError,
      createdAt: outbox.createdAt,
      sentAt: outbox.sentAt,
      nextAttemptAt: outbox.nextAttemptAt,
    })
    .from(outbox)
    .where(where)
    .orderBy(desc(outbox.id))
    .limit(filters.perPage)
    .offset((filters.page - 1) * filters.perPage)
    .all();
  return { items, total };
}

export function countOutboxByStatus(db: Db): Record<OutboxStatus, number> {
  const result: Record<OutboxStatus, number> = { "in-attesa": 0, "in-invio": 0, inviato: 0, fallito: 0, soppresso: 0 };
  for (const row of db.select({ status: outbox.status, n: count() }).from(outbox).groupBy(outbox.status).all()) {
    result[row.status] = row.n;
  }
  return result;
}

/** Puts dead letters back in the queue (after the cause, e.g. a wrong SMTP password, is fixed). */
export function requeueFailed(tx: Db, ids: number[], now: Date): number {
  if (ids.length === 0) return 0;
  return tx
    .update(outbox)
    .set({ status: "in-attesa", attempts: 0, nextAttemptAt: now.toISOString(), finishedAt: null })
    .where(and(inArray(outbox.id, ids), eq(outbox.status, "fallito")))
    .run().changes;
}

/** What was sent to an address (metadata only), for "I miei dati". */
export function mailToRecipient(db: Db, email: string) {
  return db
    .select({ kind: outbox.kind, subject: outbox.subject, status: outbox.status, createdAt: outbox.createdAt, sentAt: outbox.sentAt })
    .from(outbox)
    .where(eq(outbox.recipient, normaliseEmail(email)))
    .orderBy(asc(outbox.id))
    .all();
}

/** Retention: finished messages older than `before` are deleted. */
export function purgeOutbox(tx: Db, before: Date): number {
  return tx
    .delete(outbox)
    .where(and(inArray(outbox.status, ["inviato", "fallito", "soppresso"]), lt(outbox.finishedAt, before.toISOString())))
    .run().changes;
}
