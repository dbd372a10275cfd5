import { writeTransaction, type Db } from "~db/client.server";
import type { CallVersionRow } from "~db/schema";
import { unsubscribeToken } from "~/alerts/tokens.server";
import {
  activeSubscriptions,
  addDigestItem,
  addNotification,
  callSummaries,
  callVersionsAfter,
  dropOrphanDigestItems,
  dueDigestEntries,
  findOutboxByDedupeKey,
  getCursor,
  lastCallVersionId,
  ledgerKeys,
  markDigestItemsSent,
  previousLiveVersion,
  purgeLedger,
  purgeReadNotifications,
  purgeUnconfirmedGuests,
  purgeUnsubscribedGuests,
  recordAlertRun,
  recordLedger,
  setCursor,
  setLedgerOutbox,
  trackedDeadlines,
  trackersOfCalls,
  type ActiveSubscription,
} from "~/data/alerts.server";
import { storedMatchesOfComune } from "~/data/matches.server";
import { describeChanges, describeWithdrawal } from "~/domain/alerts/changes";
import {
  digestPeriod,
  dueDigests,
  planEventAlerts,
  planReminders,
  sortItems,
  type AlertCall,
  type AlertEvent,
  type AlertItemPayload,
  type DeadlineCandidate,
  type PlannedAlert,
} from "~/domain/alerts/plan";
import { formatDate } from "~/domain/format";
import { alertHeaders, alertMail, alertSubject, type AlertMailKind } from "~/mail/alerts.server";
import { mailConfig } from "~/mail/config.server";
import { notifyMailWorker, queueMail } from "~/mail/queue.server";

/**
 * The alerts job (issue 7): one pass reads the events not seen yet (call versions after the
 * cursor; new matches once the match store exists), the deadlines due, and the digests whose
 * period has ended; asks the pure planner (app/domain/alerts/plan.ts) what each subscription
 * gets; and writes everything — ledger rows, outbox messages, digest entries, in-app
 * notifications, the advanced cursor and the run row — in ONE immediate transaction. A pass
 * killed half-way leaves nothing; the next pass redoes it. The ledger's unique key per
 * subscription and the digest's dedupe key per recipient and period make any number of passes
 * send each alert once (docs/decisions/0081-alerts-job-idempotency.md).
 */

export const VERSIONS_CURSOR = "call_versions";
/** Versions read per pass (a backlog is worked off over several passes). */
const VERSIONS_PER_PASS = 1000;
export const DEFAULT_INTERVAL_MS = 5 * 60_000;
/** Read notifications are kept this long. */
export const NOTIFICATION_RETENTION_DAYS = 180;
/** Change and reminder decisions are kept this long (past any deadline they were about). */
export const LEDGER_RETENTION_DAYS = 400;
/** A guest's unsubscribed subscription (with the e-mail address) is kept this long, then deleted. */
export const UNSUBSCRIBED_GUEST_RETENTION_DAYS = 30;

/** Live-content changes of a published call that a tracking comune should hear about. */
const CHANGE_ACTIONS = new Set(["aggiornato", "approvato", "modificato", "unito"]);
const WITHDRAW_ACTIONS = new Set(["archiviato", "scartato", "assorbito"]);

export interface AlertsReport {
  events: number;
  alerts: number;
  immediate: number;
  digestEntries: number;
  inApp: number;
  reminders: number;
  digests: number;
  messages: number;
}

export interface AlertsOptions {
  now?: Date;
  /** Extra event sources (the match store plugs its new matches in here). */
  eventSources?: readonly ((db: Db, now: Date) => AlertEvent[])[];
  /** Extra deadline candidates (matched open calls, from the match store). */
  deadlineSources?: readonly ((db: Db, istats: readonly string[], now: Date) => DeadlineCandidate[])[];
  /** The first reason a call fits a comune, for the planned alerts that lack one (from the matching engine). */
  explain?: (db: Db, istat: string, callIds: readonly number[], now: Date) => ReadonlyMap<number, string>;
}

function alertCall(version: CallVersionRow, publicId: string): AlertCall {
  const s = version.snapshot;
  return { id: version.callId, publicId, title: s.title, issuer: s.issuer, deadline: s.deadline, url: s.url, themes: s.themes };
}

/** Call versions after the cursor → change events ("modifica") of published calls. */
export function changeEvents(db: Db, versions: readonly CallVersionRow[]): AlertEvent[] {
  const relevant: { version: CallVersionRow; changes: string[] }[] = [];
  for (const version of versions) {
    if (CHANGE_ACTIONS.has(version.action) && version.reviewState === "pubblicato" && version.changedFields.length > 0) {
      const before = previousLiveVersion(db, version.callId, version.id);
      if (!before) continue;
      const changes = describeChanges(before.snapshot, version.snapshot, version.changedFields);
      if (changes.length) relevant.push({ version, changes });
    } else if (WITHDRAW_ACTIONS.has(version.action)) {
      const before = previousLiveVersion(db, version.callId, version.id);
      const sentence = describeWithdrawal(version.action);
      if (before?.reviewState === "pubblicato" && sentence) relevant.push({ version, changes: [sentence] });
    }
  }
  if (relevant.length === 0) return [];
  const ids = [...new Set(relevant.map((r) => r.version.callId))];
  const publicIds = new Map(callSummaries(db, ids).map((c) => [c.id, c.publicId]));
  const trackers = trackersOfCalls(db, ids);
  return relevant.map(({ version, changes }) => ({
    type: "modifica" as const,
    key: `modifica:${version.id}`,
    call: alertCall(version, publicIds.get(version.callId) ?? String(version.callId)),
    changes,
    trackedBy: trackers.get(version.callId) ?? [],
  }));
}

/** Asks the engine once per comune for the first reason of the new matches planned. */
function fillReasons(db: Db, alerts: readonly PlannedAlert[], explain: NonNullable<AlertsOptions["explain"]>, now: Date): void {
  const byComune = new Map<string, PlannedAlert[]>();
  for (const a of alerts) {
    // New matches only: a reminder is about the deadline, a change about what changed; explaining
    // a comune's calls costs milliseconds each, inside the pass's write transaction (0083).
    if (a.item.firstReason !== null || a.item.kind !== "nuovo-bando") continue;
    const list = byComune.get(a.item.istat);
    if (list) list.push(a);
    else byComune.set(a.item.istat, [a]);
  }
  for (const [istat, list] of byComune) {
    const reasons = explain(
      db,
      istat,
      [...new Set(list.map((a) => a.item.callId))],
      now,
    );
    for (const a of list) a.item.firstReason = reasons.get(a.item.callId) ?? null;
  }
}

/**
 * Score and claimable amount from the match store (the stored (comune, call) pair) for the planned
 * alerts that lack them: changes of tracked calls and reminders of calls only tracked. One read per
 * comune (a prepared statement: one primary-key seek per call). A pair not stored stays without
 * numbers, and the e-mail says «non indicato».
 */
function fillStoredNumbers(db: Db, alerts: readonly PlannedAlert[]): void {
  const byComune = new Map<string, PlannedAlert[]>();
  for (const a of alerts) {
    if (a.item.score !== null) continue;
    const list = byComune.get(a.item.istat);
    if (list) list.push(a);
    else byComune.set(a.item.istat, [a]);
  }
  for (const [istat, list] of byComune) {
    const stored = new Map(storedMatchesOfComune(db, istat, [...new Set(list.map((a) => a.item.callId))]).map((m) => [m.callId, m]));
    for (const a of list) {
      const pair = stored.get(a.item.callId);
      if (!pair) continue;
      a.item.score = pair.score;
      a.item.claimableAmount = pair.claimable;
    }
  }
}

function notificationText(item: AlertItemPayload): { title: string; body: string } {
  const title = alertSubject({ kind: item.kind === "promemoria" ? "promemoria" : "immediata", items: [item] });
  let body: string;
  if (item.kind === "modifica") body = item.changes.join("; ");
  else if (item.kind === "promemoria") body = item.deadline ? `Scadenza: ${formatDate(item.deadline)}.${item.firstReason ? ` ${item.firstReason}` : ""}` : "";
  else body = item.firstReason ?? "";
  return { title, body: body.slice(0, 1000) };
}

interface Outgoing {
  kind: AlertMailKind;
  recipient: string;
  name: string | null;
  subscriptions: Map<number, ActiveSubscription>;
  alerts: PlannedAlert[];
}

function links(appUrl: string, subs: readonly { id: number; salt: string; userId: number | null; istat: string }[], db: Db) {
  const unsubscribeUrl = `${appUrl}/avvisi/disiscrizione/${unsubscribeToken(subs, db)}`;
  const manageUrl = subs.some((s) => s.userId !== null) ? `${appUrl}/account/avvisi` : `${appUrl}/avvisi/iscrizione?comune=${encodeURIComponent(subs[0]!.istat)}`;
  return { unsubscribeUrl, manageUrl };
}

/** One pass of the alerts job, in one immediate transaction. */
export function runAlerts(db: Db, options: AlertsOptions = {}): AlertsReport {
  const now = options.now ?? new Date();
  const config = mailConfig();
  const report: AlertsReport = { events: 0, alerts: 0, immediate: 0, digestEntries: 0, inApp: 0, reminders: 0, digests: 0, messages: 0 };
  const started = new Date();
  writeTransaction(db, (tx) => {
    // 0. Retention of the alerts' own personal data: expired guest requests, guests unsubscribed
    // for a month, old read notifications, old change and reminder decisions.
    purgeUnconfirmedGuests(tx, now);
    purgeUnsubscribedGuests(tx, new Date(now.getTime() - UNSUBSCRIBED_GUEST_RETENTION_DAYS * 86_400_000), now);
    purgeReadNotifications(tx, new Date(now.getTime() - NOTIFICATION_RETENTION_DAYS * 86_400_000));
    purgeLedger(tx, new Date(now.getTime() - LEDGER_RETENTION_DAYS * 86_400_000));

    // 1. Events not seen yet. On the very first pass the cursor starts at the end: no alerts about history.
    let cursor = getCursor(tx, VERSIONS_CURSOR);
    if (cursor === undefined) cursor = lastCallVersionId(tx);
    const versions = callVersionsAfter(tx, cursor, VERSIONS_PER_PASS);
    // The sources get the connection itself (same transaction: better-sqlite3 is one synchronous
    // connection); the match store's prepared statements need it rather than drizzle's `tx`.
    const events = [...changeEvents(tx, versions), ...(options.eventSources ?? []).flatMap((source) => source(db, now))];
    report.events = events.length;

    // 2. Who gets what.
    const subscriptions = activeSubscriptions(tx);
    const byId = new Map(subscriptions.map((s) => [s.id, s]));
    const ids = subscriptions.map((s) => s.id);
    const sent = ledgerKeys(tx, ids);
    const alreadySent = (id: number, key: string) => sent.has(`${id}\u0000${key}`);
    const planned = planEventAlerts(events, subscriptions, alreadySent);
    const istats = [...new Set(subscriptions.map((s) => s.istat))];
    const candidates = [
      ...trackedDeadlines(tx, istats, now),
      ...(options.deadlineSources ?? []).flatMap((source) => source(db, istats, now)),
    ];
    const reminders = planReminders(subscriptions, candidates, now, alreadySent);
    report.reminders = reminders.length;
    fillStoredNumbers(db, [...planned, ...reminders]);
    if (options.explain) fillReasons(db, [...planned, ...reminders], options.explain, now);

    // 3. Ledger, notifications, digest entries; immediate messages grouped per recipient.
    const outgoing = new Map<string, Outgoing>();
    for (const alert of [...planned, ...reminders]) {
      const sub = byId.get(alert.subscriptionId)!;
      if (!recordLedger(db, { subscriptionId: sub.id, key: alert.key, route: alert.route }, now)) continue;
      report.alerts++;
      if (sub.userId !== null) {
        const text = notificationText(alert.item);
        if (addNotification(db, { userId: sub.userId, kind: alert.item.kind, key: `${sub.istat}:${alert.key}`, ...text, link: `/comuni/${sub.istat}` }, now)) report.inApp++;
      }
      if (alert.route === "riepilogo" && sub.settings.frequency !== "immediata") {
        const period = digestPeriod(sub.settings.frequency, now);
        addDigestItem(tx, { subscriptionId: sub.id, frequency: sub.settings.frequency, periodKey: period.key, sendAfter: period.sendAfter, item: alert.item }, now);
        report.digestEntries++;
      } else if (alert.route === "immediata") {
        const kind: AlertMailKind = alert.item.kind === "promemoria" ? "promemoria" : "immediata";
        const groupKey = `${kind}\u0000${sub.recipient.toLowerCase()}`;
        const group: Outgoing = outgoing.get(groupKey) ?? { kind, recipient: sub.recipient, name: sub.name, subscriptions: new Map(), alerts: [] };
        group.subscriptions.set(sub.id, sub);
        group.alerts.push(alert);
        outgoing.set(groupKey, group);
        report.immediate++;
      }
    }
    for (const group of outgoing.values()) {
      const subs = [...group.subscriptions.values()];
      const urls = links(config.appUrl, subs, tx);
      const mail = alertMail({ kind: group.kind, name: group.name, items: sortItems(group.alerts).map((a) => a.item), appUrl: config.appUrl, ...urls });
      const unsubscribeUrl = urls.unsubscribeUrl;
      const row = queueMail(tx, mail, { kind: `avviso-${group.kind}`, to: group.recipient, headers: alertHeaders({ unsubscribeUrl, domain: config.domain, kind: group.kind }), now });
      if (row) {
        report.messages++;
        for (const sub of subs) setLedgerOutbox(tx, sub.id, group.alerts.filter((a) => a.subscriptionId === sub.id).map((a) => a.key), row.id);
      }
    }

    // 4. Digests whose period has ended: one per recipient, frequency and period (dedupe key).
    dropOrphanDigestItems(tx);
    const entries = dueDigestEntries(tx, now);
    const blocked = entries.filter((e) => !e.emailAllowed);
    if (blocked.length) markDigestItemsSent(tx, blocked.map((e) => e.id), null, now);
    const entryInfo = new Map(entries.map((e) => [e.id, e]));
    for (const digest of dueDigests(entries.filter((e) => e.emailAllowed), now)) {
      const subs = [...new Map(digest.entries.map((e) => [e.subscriptionId, { id: e.subscriptionId, salt: entryInfo.get(e.id)!.salt, userId: entryInfo.get(e.id)!.userId, istat: e.item.istat }])).values()];
      const urls = links(config.appUrl, subs, tx);
      const mail = alertMail({
        kind: "riepilogo",
        name: entryInfo.get(digest.entries[0]!.id)!.name,
        items: sortItems(digest.entries).map((e) => e.item),
        appUrl: config.appUrl,
        digest: { frequency: digest.frequency, periodKey: digest.periodKey },
        ...urls,
      });
      const unsubscribeUrl = urls.unsubscribeUrl;
      const row =
        queueMail(tx, mail, { kind: "avviso-riepilogo", to: digest.recipient, dedupeKey: digest.key, headers: alertHeaders({ unsubscribeUrl, domain: config.domain, kind: "riepilogo" }), now }) ??
        findOutboxByDedupeKey(tx, digest.key);
      markDigestItemsSent(tx, digest.entries.map((e) => e.id), row?.id ?? null, now);
      report.digests++;
      report.messages++;
    }

    // 5. The cursor moves with what was done, and the run is recorded, in the same transaction.
    const last = versions.at(-1)?.id ?? cursor;
    setCursor(tx, VERSIONS_CURSOR, last, now);
    recordAlertRun(tx, { startedAt: started, finishedAt: new Date(), status: "completato", counts: { ...report } });
  });
  if (report.messages > 0) notifyMailWorker();
  return report;
}

/** Records a failed pass (its own transaction: the failed one rolled back). */
function recordFailure(db: Db, started: Date, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  writeTransaction(db, (tx) => recordAlertRun(tx, { startedAt: started, finishedAt: new Date(), status: "fallito", counts: {}, error: message.slice(0, 500) }));
}

/**
 * The schedule started by scripts/serve.ts: a pass at start, then every `intervalMs` (5 minutes).
 * Passes never overlap (they are synchronous). Any number of passes sends each alert once.
 */
export function startAlertsSchedule(
  db: Db,
  options: { intervalMs?: number; clock?: () => Date; onError?: (e: unknown) => void; onRun?: (r: AlertsReport) => void } & Omit<AlertsOptions, "now"> = {},
): { stop(): void; runNow(): AlertsReport | undefined } {
  const clock = options.clock ?? (() => new Date());
  const run = () => {
    const started = new Date();
    try {
      const report = runAlerts(db, { now: clock(), eventSources: options.eventSources, deadlineSources: options.deadlineSources, explain: options.explain });
      options.onRun?.(report);
      return report;
    } catch (error) {
      try {
        recordFailure(db, started, error);
      } catch {
        // The database itself is failing: the error below says so.
      }
      (options.onError ?? ((e) => console.error("avvisi: passaggio non riuscito", e)))(error);
      return undefined;
    }
  };
  run();
  const timer = setInterval(run, options.intervalMs ?? DEFAULT_INTERVAL_MS);
  timer.unref();
  return { stop: () => clearInterval(timer), runNow: run };
}
