import { and, asc, count, desc, eq, gt, inArray, isNotNull, isNull, lte, notInArray, or, sql } from "drizzle-orm";
import type { Statement } from "better-sqlite3";
import type { Db } from "~db/client.server";
import {
  alertCursors,
  alertDigestItems,
  alertLedger,
  alertRuns,
  alertSubscriptions,
  callTracking,
  calls,
  callVersions,
  comuni,
  notifications,
  outbox,
  userComuni,
  users,
  type AlertSubscriptionRow,
  type CallVersionRow,
} from "~db/schema";
import { canManageComune } from "~/auth/permissions";
import type { AlertItemPayload, DeadlineCandidate, DigestEntry, LedgerRoute, SubscriptionView } from "~/domain/alerts/plan";
import type { DigestFrequency, SubscriptionSettings, SubscriptionStatus } from "~/domain/alerts/settings";
import { normaliseEmail } from "./users.server";

/**
 * Alerts: subscriptions (scoped to their owner in every query), the ledger of alerts decided,
 * digest entries, in-app notifications, the job's cursors and runs, and the event sources the
 * job reads (call versions, tracking). Writes take the caller's transaction (`tx`).
 */

const CHUNK = 500;

function settingsColumns(s: SubscriptionSettings) {
  return { frequency: s.frequency, minScore: s.minScore, themes: [...s.themes], reminderDays: [...s.reminderDays], changeAlerts: s.changeAlerts };
}

export function settingsOf(row: Pick<AlertSubscriptionRow, "frequency" | "minScore" | "themes" | "reminderDays" | "changeAlerts">): SubscriptionSettings {
  return { frequency: row.frequency, minScore: row.minScore, themes: row.themes, reminderDays: row.reminderDays, changeAlerts: row.changeAlerts };
}

// ------------------------------------------------------------------------ a user's subscriptions

export interface UserSubscription extends AlertSubscriptionRow {
  comune: string;
}

const withComune = { subscription: alertSubscriptions, comune: comuni.name } as const;

export function subscriptionsOfUser(db: Db, userId: number): UserSubscription[] {
  return db
    .select(withComune)
    .from(alertSubscriptions)
    .innerJoin(comuni, eq(comuni.istat, alertSubscriptions.istat))
    .where(eq(alertSubscriptions.userId, userId))
    .orderBy(asc(comuni.name))
    .all()
    .map((r) => ({ ...r.subscription, comune: r.comune }));
}

export function subscriptionOfUser(db: Db, userId: number, id: number): UserSubscription | undefined {
  const r = db
    .select(withComune)
    .from(alertSubscriptions)
    .innerJoin(comuni, eq(comuni.istat, alertSubscriptions.istat))
    .where(and(eq(alertSubscriptions.id, id), eq(alertSubscriptions.userId, userId)))
    .get();
  return r ? { ...r.subscription, comune: r.comune } : undefined;
}

/** Creates or updates the user's subscription to a comune, and turns it on. */
export function saveUserSubscription(tx: Db, userId: number, istat: string, settings: SubscriptionSettings, salt: string, now: Date): AlertSubscriptionRow {
  const at = now.toISOString();
  return tx
    .insert(alertSubscriptions)
    .values({ userId, email: null, istat, ...settingsColumns(settings), status: "attiva", salt, confirmedAt: at, createdAt: at, updatedAt: at })
    .onConflictDoUpdate({
      target: [alertSubscriptions.userId, alertSubscriptions.istat],
      set: { ...settingsColumns(settings), status: "attiva", unsubscribedAt: null, updatedAt: at },
    })
    .returning()
    .get();
}

export function updateUserSubscription(tx: Db, userId: number, id: number, settings: SubscriptionSettings, now: Date): boolean {
  return (
    tx
      .update(alertSubscriptions)
      .set({ ...settingsColumns(settings), updatedAt: now.toISOString() })
      .where(and(eq(alertSubscriptions.id, id), eq(alertSubscriptions.userId, userId)))
      .run().changes > 0
  );
}

export function setUserSubscriptionStatus(tx: Db, userId: number, id: number, status: "attiva" | "disattivata", now: Date): boolean {
  const at = now.toISOString();
  return (
    tx
      .update(alertSubscriptions)
      .set({ status, unsubscribedAt: status === "disattivata" ? at : null, updatedAt: at })
      .where(and(eq(alertSubscriptions.id, id), eq(alertSubscriptions.userId, userId)))
      .run().changes > 0
  );
}

export function deleteUserSubscription(tx: Db, userId: number, id: number): boolean {
  return tx.delete(alertSubscriptions).where(and(eq(alertSubscriptions.id, id), eq(alertSubscriptions.userId, userId))).run().changes > 0;
}

// ------------------------------------------------------------------------ guests (double opt-in)

export function guestSubscription(db: Db, email: string, istat: string): AlertSubscriptionRow | undefined {
  return db
    .select()
    .from(alertSubscriptions)
    .where(and(isNull(alertSubscriptions.userId), eq(alertSubscriptions.email, normaliseEmail(email)), eq(alertSubscriptions.istat, istat)))
    .get();
}

/**
 * A guest asks to subscribe (or to change an existing subscription): the settings wait in
 * `pendingSettings` until the e-mailed link is used. An active subscription keeps working
 * with its current settings meanwhile.
 */
export function requestGuestSubscription(
  tx: Db,
  input: { email: string; istat: string; settings: SubscriptionSettings; tokenHash: string; expiresAt: Date; salt: string },
  now: Date,
): AlertSubscriptionRow {
  const at = now.toISOString();
  const pending = { confirmTokenHash: input.tokenHash, confirmExpiresAt: input.expiresAt.toISOString(), pendingSettings: input.settings, updatedAt: at };
  const existing = guestSubscription(tx, input.email, input.istat);
  if (existing) {
    return tx.update(alertSubscriptions).set(pending).where(eq(alertSubscriptions.id, existing.id)).returning().get();
  }
  return tx
    .insert(alertSubscriptions)
    .values({
      userId: null,
      email: normaliseEmail(input.email),
      istat: input.istat,
      ...settingsColumns(input.settings),
      status: "da-confermare",
      salt: input.salt,
      createdAt: at,
      ...pending,
    })
    .returning()
    .get();
}

/** The guest subscription a confirmation token (its hash) opens, if still valid. */
export function subscriptionByConfirmToken(db: Db, tokenHash: string, now: Date): UserSubscription | undefined {
  const r = db
    .select(withComune)
    .from(alertSubscriptions)
    .innerJoin(comuni, eq(comuni.istat, alertSubscriptions.istat))
    .where(and(eq(alertSubscriptions.confirmTokenHash, tokenHash), gt(alertSubscriptions.confirmExpiresAt, now.toISOString())))
    .get();
  return r ? { ...r.subscription, comune: r.comune } : undefined;
}

/** Uses a confirmation token: one UPDATE that succeeds once; the pending settings take effect. */
export function confirmGuestSubscription(tx: Db, tokenHash: string, now: Date): AlertSubscriptionRow | undefined {
  const row = subscriptionByConfirmToken(tx, tokenHash, now);
  if (!row || !row.pendingSettings) return undefined;
  const at = now.toISOString();
  return tx
    .update(alertSubscriptions)
    .set({
      ...settingsColumns(row.pendingSettings),
      status: "attiva",
      confirmTokenHash: null,
      confirmExpiresAt: null,
      pendingSettings: null,
      confirmedAt: at,
      unsubscribedAt: null,
      updatedAt: at,
    })
    .where(and(eq(alertSubscriptions.id, row.id), eq(alertSubscriptions.confirmTokenHash, tokenHash)))
    .returning()
    .get();
}

/** Retention: guest requests never confirmed are deleted once their link has expired. */
export function purgeUnconfirmedGuests(tx: Db, now: Date): number {
  return tx
    .delete(alertSubscriptions)
    .where(and(eq(alertSubscriptions.status, "da-confermare"), lte(alertSubscriptions.confirmExpiresAt, now.toISOString())))
    .run().changes;
}

/**
 * Retention: a guest's unsubscribed subscription (it holds the e-mail address) is deleted once it
 * has been off since `before`, with its ledger and digest entries (foreign keys cascade). A
 * guest who asked to subscribe again and whose link is still valid keeps the row until then.
 */
export function purgeUnsubscribedGuests(tx: Db, before: Date, now: Date): number {
  return tx
    .delete(alertSubscriptions)
    .where(
      and(
        isNull(alertSubscriptions.userId),
        eq(alertSubscriptions.status, "disattivata"),
        lte(alertSubscriptions.unsubscribedAt, before.toISOString()),
        or(isNull(alertSubscriptions.confirmExpiresAt), lte(alertSubscriptions.confirmExpiresAt, now.toISOString())),
      ),
    )
    .run().changes;
}

// ------------------------------------------------------------------------ unsubscribe

export function subscriptionsByIds(db: Db, ids: readonly number[]): UserSubscription[] {
  if (ids.length === 0) return [];
  return db
    .select(withComune)
    .from(alertSubscriptions)
    .innerJoin(comuni, eq(comuni.istat, alertSubscriptions.istat))
    .where(inArray(alertSubscriptions.id, [...ids]))
    .orderBy(asc(alertSubscriptions.id))
    .all()
    .map((r) => ({ ...r.subscription, comune: r.comune }));
}

/** Turns the given subscriptions off (the unsubscribe link already proved the right to). */
export function disableSubscriptions(tx: Db, ids: readonly number[], now: Date): number {
  if (ids.length === 0) return 0;
  const at = now.toISOString();
  return tx
    .update(alertSubscriptions)
    .set({ status: "disattivata", unsubscribedAt: at, updatedAt: at, confirmTokenHash: null, confirmExpiresAt: null, pendingSettings: null })
    .where(and(inArray(alertSubscriptions.id, [...ids]), notInArray(alertSubscriptions.status, ["disattivata"])))
    .run().changes;
}

// ------------------------------------------------------------------------ what the job reads

export interface ActiveSubscription extends SubscriptionView {
  /** Where e-mail goes (the account's address for users). */
  recipient: string;
  salt: string;
  name: string | null;
}

/**
 * Active subscriptions (optionally of some comuni) as the planner sees them: a user's counts
 * only while the account is enabled and has a password; e-mail only with the account's consent.
 */
export function activeSubscriptions(db: Db, istats?: readonly string[]): ActiveSubscription[] {
  const where = and(
    eq(alertSubscriptions.status, "attiva"),
    or(isNull(alertSubscriptions.userId), and(isNull(users.disabledAt), isNotNull(users.passwordHash))),
    istats ? inArray(alertSubscriptions.istat, [...istats]) : undefined,
  );
  if (istats && istats.length === 0) return [];
  const rows = db
    .select({ s: alertSubscriptions, comune: comuni.name, user: { email: users.email, name: users.name, role: users.role, consent: users.notificationsConsent } })
    .from(alertSubscriptions)
    .innerJoin(comuni, eq(comuni.istat, alertSubscriptions.istat))
    .leftJoin(users, eq(users.id, alertSubscriptions.userId))
    .where(where)
    .orderBy(asc(alertSubscriptions.id))
    .all();
  const userIds = [...new Set(rows.map((r) => r.s.userId).filter((id): id is number => id !== null))];
  const comuniByUser = new Map<number, string[]>();
  for (let i = 0; i < userIds.length; i += CHUNK) {
    const chunk = userIds.slice(i, i + CHUNK);
    for (const r of db.select().from(userComuni).where(inArray(userComuni.userId, chunk)).all()) {
      comuniByUser.set(r.userId, [...(comuniByUser.get(r.userId) ?? []), r.istat]);
    }
  }
  return rows.map(({ s, comune, user }) => {
    const isUser = s.userId !== null && user !== null;
    return {
      id: s.id,
      userId: s.userId,
      istat: s.istat,
      comune,
      settings: settingsOf(s),
      email: isUser ? user.consent : true,
      seesTracking: isUser ? canManageComune({ role: user.role, comuni: comuniByUser.get(s.userId!) ?? [] }, s.istat) : false,
      recipient: isUser ? user.email : (s.email ?? ""),
      salt: s.salt,
      name: isUser ? user.name : null,
    };
  });
}

/** Call versions after `afterId` (oldest first), with what the job needs to describe them. */
export function callVersionsAfter(db: Db, afterId: number, limit: number): CallVersionRow[] {
  return db.select().from(callVersions).where(gt(callVersions.id, afterId)).orderBy(asc(callVersions.id)).limit(limit).all();
}

export function lastCallVersionId(db: Db): number {
  return db.select({ id: sql<number>`coalesce(max(${callVersions.id}), 0)` }).from(callVersions).get()?.id ?? 0;
}

/** Actions whose snapshot is a proposal, not the live content. */
const PROPOSAL_ACTIONS = ["proposta", "proposta-sostituita", "respinto"] as const;

/** The live content and review state of a call just before a version. */
export function previousLiveVersion(db: Db, callId: number, beforeId: number): Pick<CallVersionRow, "snapshot" | "reviewState"> | undefined {
  return db
    .select({ snapshot: callVersions.snapshot, reviewState: callVersions.reviewState })
    .from(callVersions)
    .where(and(eq(callVersions.callId, callId), sql`${callVersions.id} < ${beforeId}`, notInArray(callVersions.action, [...PROPOSAL_ACTIONS])))
    .orderBy(desc(callVersions.id))
    .limit(1)
    .get();
}

export function callSummaries(db: Db, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: calls.id, publicId: calls.publicId, title: calls.title, issuer: calls.issuer, deadline: calls.deadline, url: calls.url, themes: calls.themes })
    .from(calls)
    .where(inArray(calls.id, [...ids]))
    .all();
}

export function trackersOfCalls(db: Db, callIds: readonly number[]): Map<number, string[]> {
  const result = new Map<number, string[]>();
  if (callIds.length === 0) return result;
  for (const r of db.select({ callId: callTracking.callId, istat: callTracking.istat }).from(callTracking).where(inArray(callTracking.callId, [...callIds])).all()) {
    result.set(r.callId, [...(result.get(r.callId) ?? []), r.istat]);
  }
  return result;
}

/** Open published calls with a deadline that the given comuni track (still working on them). */
export function trackedDeadlines(db: Db, istats: readonly string[], now: Date): DeadlineCandidate[] {
  if (istats.length === 0) return [];
  return db
    .select({ istat: callTracking.istat, call: { id: calls.id, publicId: calls.publicId, title: calls.title, issuer: calls.issuer, deadline: calls.deadline, url: calls.url, themes: calls.themes } })
    .from(callTracking)
    .innerJoin(calls, eq(calls.id, callTracking.callId))
    .where(
      and(
        inArray(callTracking.istat, [...istats]),
        inArray(callTracking.stage, ["interessato", "in-preparazione"]),
        eq(calls.reviewState, "pubblicato"),
        isNull(calls.mergedIntoId),
        gt(calls.deadline, now.toISOString()),
      ),
    )
    .all()
    .map((r) => ({ istat: r.istat, call: r.call, tracked: true, score: null, claimableAmount: null, firstReason: null }));
}

// ------------------------------------------------------------------------ ledger, digests, notifications

const ledgerInserts = new WeakMap<Db["$client"], Statement<[number, string, string, number | null, string]>>();

/**
 * Records an alert decision; false when the same key was already decided for the subscription.
 * A cached prepared statement on the connection (passes and seeds write hundreds of thousands of
 * rows): call it with the connection itself — inside a transaction's callback it is in that
 * transaction (better-sqlite3 has one synchronous connection).
 */
export function recordLedger(db: Db, entry: { subscriptionId: number; key: string; route: LedgerRoute; outboxId?: number | null }, now: Date): boolean {
  const client = db.$client;
  let insert = ledgerInserts.get(client);
  if (!insert) {
    insert = client.prepare<[number, string, string, number | null, string]>("INSERT INTO alert_ledger (subscription_id, key, route, outbox_id, at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
    ledgerInserts.set(client, insert);
  }
  return insert.run(entry.subscriptionId, entry.key, entry.route, entry.outboxId ?? null, now.toISOString()).changes > 0;
}

/** The keys already decided for some subscriptions (for the planner's `alreadySent`). */
export function ledgerKeys(db: Db, subscriptionIds: readonly number[], keyPrefix?: string): Set<string> {
  const result = new Set<string>();
  for (let i = 0; i < subscriptionIds.length; i += CHUNK) {
    const chunk = subscriptionIds.slice(i, i + CHUNK);
    const rows = db
      .select({ s: alertLedger.subscriptionId, key: alertLedger.key })
      .from(alertLedger)
      .where(and(inArray(alertLedger.subscriptionId, chunk), keyPrefix ? sql`${alertLedger.key} LIKE ${`${keyPrefix}%`}` : undefined))
      .all();
    for (const r of rows) result.add(`${r.s}\u0000${r.key}`);
  }
  return result;
}

/**
 * Retention of the ledger: change and reminder decisions older than `before` can go (a change is
 * read once through the cursor; a reminder's deadline is long past). New-match decisions stay
 * while their subscription does, so a call is never announced twice.
 */
export function purgeLedger(tx: Db, before: Date): number {
  return tx
    .delete(alertLedger)
    .where(and(lte(alertLedger.at, before.toISOString()), or(sql`${alertLedger.key} LIKE 'modifica:%'`, sql`${alertLedger.key} LIKE 'promemoria:%'`)))
    .run().changes;
}

export function setLedgerOutbox(tx: Db, subscriptionId: number, keys: readonly string[], outboxId: number): void {
  if (keys.length === 0) return;
  tx.update(alertLedger)
    .set({ outboxId })
    .where(and(eq(alertLedger.subscriptionId, subscriptionId), inArray(alertLedger.key, [...keys])))
    .run();
}

export function addDigestItem(
  tx: Db,
  entry: { subscriptionId: number; frequency: DigestFrequency; periodKey: string; sendAfter: Date; item: AlertItemPayload },
  now: Date,
): void {
  tx.insert(alertDigestItems)
    .values({
      subscriptionId: entry.subscriptionId,
      frequency: entry.frequency,
      periodKey: entry.periodKey,
      sendAfter: entry.sendAfter.toISOString(),
      callId: entry.item.callId,
      payload: entry.item,
      createdAt: now.toISOString(),
    })
    .run();
}

/**
 * Digest entries not sent yet whose period has ended, of active subscriptions (an unsubscribed
 * person gets no late digest), with the recipient and whether e-mail is allowed now (a user who
 * withdrew consent: the job drops those entries).
 */
export function dueDigestEntries(db: Db, now: Date): (DigestEntry & { salt: string; name: string | null; userId: number | null; emailAllowed: boolean })[] {
  return db
    .select({ d: alertDigestItems, s: alertSubscriptions, user: { email: users.email, name: users.name, consent: users.notificationsConsent, disabledAt: users.disabledAt } })
    .from(alertDigestItems)
    .innerJoin(alertSubscriptions, eq(alertSubscriptions.id, alertDigestItems.subscriptionId))
    .leftJoin(users, eq(users.id, alertSubscriptions.userId))
    .where(and(isNull(alertDigestItems.sentAt), lte(alertDigestItems.sendAfter, now.toISOString()), eq(alertSubscriptions.status, "attiva")))
    .orderBy(asc(alertDigestItems.id))
    .all()
    .map((r) => ({
      id: r.d.id,
      subscriptionId: r.s.id,
      userId: r.s.userId,
      recipient: r.s.userId === null ? (r.s.email ?? "") : (r.user?.email ?? ""),
      emailAllowed: r.s.userId === null || (r.user !== null && r.user.consent && r.user.disabledAt === null),
      frequency: r.d.frequency,
      periodKey: r.d.periodKey,
      sendAfter: r.d.sendAfter,
      item: r.d.payload,
      salt: r.s.salt,
      name: r.user?.name ?? null,
    }));
}

/** The digest already queued under a dedupe key (a pass that finds it marks its entries). */
export function findOutboxByDedupeKey(db: Db, key: string): { id: number } | undefined {
  return db.select({ id: outbox.id }).from(outbox).where(eq(outbox.dedupeKey, key)).get();
}

export function markDigestItemsSent(tx: Db, ids: readonly number[], outboxId: number | null, now: Date): void {
  for (let i = 0; i < ids.length; i += CHUNK) {
    tx.update(alertDigestItems)
      .set({ outboxId, sentAt: now.toISOString() })
      .where(and(inArray(alertDigestItems.id, ids.slice(i, i + CHUNK)), isNull(alertDigestItems.sentAt)))
      .run();
  }
}

/** Digest entries of subscriptions no longer active are dropped (nothing late after unsubscribing). */
export function dropOrphanDigestItems(tx: Db): number {
  return tx
    .delete(alertDigestItems)
    .where(
      and(
        isNull(alertDigestItems.sentAt),
        inArray(alertDigestItems.subscriptionId, tx.select({ id: alertSubscriptions.id }).from(alertSubscriptions).where(eq(alertSubscriptions.status, "disattivata"))),
      ),
    )
    .run().changes;
}

export interface NewNotification {
  userId: number;
  kind: "nuovo-bando" | "modifica" | "promemoria";
  key: string;
  title: string;
  body: string;
  link: string;
}

const notificationInserts = new WeakMap<Db["$client"], Statement<[number, string, string, string, string, string, string]>>();

/** Adds an in-app notification once per user and key (a cached prepared statement: see recordLedger). */
export function addNotification(db: Db, n: NewNotification, now: Date): boolean {
  const client = db.$client;
  let insert = notificationInserts.get(client);
  if (!insert) {
    insert = client.prepare<[number, string, string, string, string, string, string]>(
      "INSERT INTO notifications (user_id, kind, key, title, body, link, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
    );
    notificationInserts.set(client, insert);
  }
  return insert.run(n.userId, n.kind, n.key, n.title, n.body, n.link, now.toISOString()).changes > 0;
}

export function unreadNotificationCount(db: Db, userId: number): number {
  return db.select({ n: count() }).from(notifications).where(and(eq(notifications.userId, userId), isNull(notifications.readAt))).get()?.n ?? 0;
}

export function listNotifications(db: Db, userId: number, filters: { unreadOnly: boolean; page: number; perPage: number }) {
  const where = and(eq(notifications.userId, userId), filters.unreadOnly ? isNull(notifications.readAt) : undefined);
  const total = db.select({ n: count() }).from(notifications).where(where).get()?.n ?? 0;
  const items = db
    .select()
    .from(notifications)
    .where(where)
    .orderBy(desc(notifications.id))
    .limit(filters.perPage)
    .offset((filters.page - 1) * filters.perPage)
    .all();
  return { items, total };
}

/** Marks the user's notifications read: the given ones, or all. Scoped to the user in the query. */
export function markNotificationsRead(tx: Db, userId: number, ids: readonly number[] | "tutte", now: Date): number {
  const scope = ids === "tutte" ? undefined : inArray(notifications.id, [...ids]);
  if (ids !== "tutte" && ids.length === 0) return 0;
  return tx
    .update(notifications)
    .set({ readAt: now.toISOString() })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt), scope))
    .run().changes;
}

/** Retention: notifications read more than `before` ago are deleted. */
export function purgeReadNotifications(tx: Db, before: Date): number {
  return tx.delete(notifications).where(and(isNotNull(notifications.readAt), lte(notifications.readAt, before.toISOString()))).run().changes;
}

// ------------------------------------------------------------------------ cursors and runs

export function getCursor(db: Db, name: string): number | undefined {
  return db.select({ position: alertCursors.position }).from(alertCursors).where(eq(alertCursors.name, name)).get()?.position;
}

export function setCursor(tx: Db, name: string, position: number, now: Date): void {
  tx.insert(alertCursors)
    .values({ name, position, updatedAt: now.toISOString() })
    .onConflictDoUpdate({ target: alertCursors.name, set: { position, updatedAt: now.toISOString() } })
    .run();
}

export function recordAlertRun(tx: Db, run: { startedAt: Date; finishedAt: Date; status: "completato" | "fallito"; counts: Record<string, number>; error?: string | null }): number {
  return tx
    .insert(alertRuns)
    .values({ startedAt: run.startedAt.toISOString(), finishedAt: run.finishedAt.toISOString(), status: run.status, counts: run.counts, error: run.error ?? null })
    .returning({ id: alertRuns.id })
    .get().id;
}

export function listAlertRuns(db: Db, limit = 20) {
  return db.select().from(alertRuns).orderBy(desc(alertRuns.id)).limit(limit).all();
}

export function subscriptionCounts(db: Db): Record<SubscriptionStatus, number> {
  const result: Record<SubscriptionStatus, number> = { "da-confermare": 0, attiva: 0, disattivata: 0 };
  for (const r of db.select({ status: alertSubscriptions.status, n: count() }).from(alertSubscriptions).groupBy(alertSubscriptions.status).all()) {
    result[r.status] = r.n;
  }
  return result;
}
