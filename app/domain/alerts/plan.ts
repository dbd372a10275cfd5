/**
 * What to send (issue 7): pure functions of events + subscriptions + clock. The alerts job reads
 * events and subscriptions from the database, asks these functions what each subscription gets,
 * and writes the answer (messages, digest entries, in-app notifications) in one transaction.
 */
import { romeDateKey, romeDaysBetween, romeToInstant } from "../time";
import type { AlertFrequency, DigestFrequency, SubscriptionSettings } from "./settings";

/** The part of a call an alert shows. */
export interface AlertCall {
  id: number;
  publicId: string;
  title: string;
  issuer: string;
  deadline: string | null;
  url: string | null;
  themes: readonly string[];
}

/** What one entry of an alert says (stored with digest entries, rendered in e-mails and the app). */
export interface AlertItemPayload {
  kind: "nuovo-bando" | "modifica" | "promemoria";
  istat: string;
  comune: string;
  callId: number;
  publicId: string;
  title: string;
  issuer: string;
  deadline: string | null;
  url: string | null;
  claimableAmount: number | null;
  score: number | null;
  firstReason: string | null;
  changes: string[];
  daysLeft: number | null;
}

export type AlertEvent =
  /** A call newly matching a comune (from the match store). */
  | {
      type: "nuovo-abbinamento";
      key: string;
      istat: string;
      call: AlertCall;
      score: number;
      claimableAmount: number | null;
      firstReason: string | null;
    }
  /** A published call changed (or was withdrawn); `trackedBy`: the comuni tracking it. */
  | { type: "modifica"; key: string; call: AlertCall; changes: string[]; trackedBy: readonly string[] };

export interface SubscriptionView {
  id: number;
  userId: number | null;
  istat: string;
  comune: string;
  settings: SubscriptionSettings;
  /** Whether e-mail may be sent (a confirmed guest; a user who consented). Otherwise in-app only. */
  email: boolean;
  /** Whether the subscriber may see the comune's tracking (its RTDs and staff): change alerts. */
  seesTracking: boolean;
}

export type AlertRoute = "immediata" | "riepilogo" | "app";
/** What the ledger records: a planned route, or `storico` (true before the subscription: never announced). */
export type LedgerRoute = AlertRoute | "storico";

export interface PlannedAlert {
  subscriptionId: number;
  /** Unique per subscription: the ledger refuses a second alert with the same key. */
  key: string;
  route: AlertRoute;
  item: AlertItemPayload;
}

export type AlreadySent = (subscriptionId: number, key: string) => boolean;

function routeFor(sub: SubscriptionView, frequency: AlertFrequency): AlertRoute {
  if (!sub.email) return "app";
  return frequency === "immediata" ? "immediata" : "riepilogo";
}

/** Whether a call's themes pass a subscription's theme filter (empty filter: every theme). */
export function themesMatch(filter: readonly string[], themes: readonly string[]): boolean {
  return filter.length === 0 || themes.some((t) => filter.includes(t));
}

function item(
  kind: AlertItemPayload["kind"],
  sub: SubscriptionView,
  call: AlertCall,
  extra: Partial<Pick<AlertItemPayload, "claimableAmount" | "score" | "firstReason" | "changes" | "daysLeft">>,
): AlertItemPayload {
  return {
    kind,
    istat: sub.istat,
    comune: sub.comune,
    callId: call.id,
    publicId: call.publicId,
    title: call.title,
    issuer: call.issuer,
    deadline: call.deadline,
    url: call.url,
    claimableAmount: extra.claimableAmount ?? null,
    score: extra.score ?? null,
    firstReason: extra.firstReason ?? null,
    changes: extra.changes ?? [],
    daysLeft: extra.daysLeft ?? null,
  };
}

/**
 * New matches and changes → alerts. A new match reaches the subscriptions of its comune whose
 * minimum score it reaches and whose themes it touches; a change reaches the subscriptions with
 * change alerts on, of a comune tracking the call, held by someone who may see that tracking.
 */
export function planEventAlerts(events: readonly AlertEvent[], subscriptions: readonly SubscriptionView[], alreadySent: AlreadySent): PlannedAlert[] {
  const byComune = new Map<string, SubscriptionView[]>();
  for (const sub of subscriptions) byComune.set(sub.istat, [...(byComune.get(sub.istat) ?? []), sub]);
  const planned: PlannedAlert[] = [];
  const seen = new Set<string>();
  const push = (sub: SubscriptionView, key: string, alert: AlertItemPayload) => {
    const id = `${sub.id}\u0000${key}`;
    if (seen.has(id) || alreadySent(sub.id, key)) return;
    seen.add(id);
    planned.push({ subscriptionId: sub.id, key, route: routeFor(sub, sub.settings.frequency), item: alert });
  };
  for (const event of events) {
    if (event.type === "nuovo-abbinamento") {
      for (const sub of byComune.get(event.istat) ?? []) {
        if (event.score < sub.settings.minScore || !themesMatch(sub.settings.themes, event.call.themes)) continue;
        push(sub, event.key, item("nuovo-bando", sub, event.call, { claimableAmount: event.claimableAmount, score: event.score, firstReason: event.firstReason }));
      }
    } else {
      if (event.changes.length === 0) continue;
      for (const istat of event.trackedBy) {
        for (const sub of byComune.get(istat) ?? []) {
          if (!sub.settings.changeAlerts || !sub.seesTracking) continue;
          // Score and claimable amount are per comune: the job adds them from the match store.
          push(sub, event.key, item("modifica", sub, event.call, { changes: event.changes }));
        }
      }
    }
  }
  return planned;
}

/**
 * A call with a deadline that a comune follows: tracked by it, or matched to it. `score` null: no
 * match numbers known (a tracked call; the job fills them from the match store once planned).
 */
export interface DeadlineCandidate {
  istat: string;
  call: AlertCall;
  tracked: boolean;
  score: number | null;
  claimableAmount: number | null;
  firstReason: string | null;
}

/**
 * The lead time due now for a deadline: the smallest lead time not shorter than the days left.
 * A job that did not run for a while sends only the most urgent reminder, never a burst.
 */
export function dueLeadTime(reminderDays: readonly number[], now: Date, deadline: Date): number | null {
  if (deadline.getTime() <= now.getTime()) return null;
  return leadFor(reminderDays, romeDaysBetween(now, deadline));
}

function leadFor(reminderDays: readonly number[], daysLeft: number): number | null {
  let lead: number | null = null;
  for (const d of reminderDays) if (d >= daysLeft && (lead === null || d < lead)) lead = d;
  return lead;
}

/** Two candidates for the same comune and call (tracked, matched): one, tracked if either is, with the match's numbers. */
function mergeCandidates(a: DeadlineCandidate, b: DeadlineCandidate): DeadlineCandidate {
  const numbers = a.score !== null ? a : b;
  return {
    istat: a.istat,
    call: a.call,
    tracked: a.tracked || b.tracked,
    score: numbers.score,
    claimableAmount: numbers.claimableAmount,
    firstReason: a.firstReason ?? b.firstReason,
  };
}

export function reminderKey(callId: number, deadline: string, leadDays: number): string {
  return `promemoria:${callId}:${deadline}:${leadDays}`;
}

/**
 * Deadline reminders: for each subscription, each open call its comune tracks (if the subscriber
 * may see the tracking) or that matches it above the minimum score and within the themes, the
 * reminder of the lead time due now. The deadline is part of the key: an extended deadline arms
 * the reminders again. Reminders always leave at once (or in-app), whatever the frequency.
 */
export function planReminders(subscriptions: readonly SubscriptionView[], candidates: readonly DeadlineCandidate[], now: Date, alreadySent: AlreadySent): PlannedAlert[] {
  const planned: PlannedAlert[] = [];
  const seen = new Set<string>();
  // One candidate per comune and call: a call both tracked and matched is one reminder, and it
  // keeps the match's numbers (score, claimable amount) whichever source came first.
  const byComune = new Map<string, Map<number, DeadlineCandidate>>();
  for (const c of candidates) {
    let calls = byComune.get(c.istat);
    if (!calls) byComune.set(c.istat, (calls = new Map()));
    const previous = calls.get(c.call.id);
    calls.set(c.call.id, previous ? mergeCandidates(previous, c) : c);
  }
  // Days left per deadline, once (Rome calendar arithmetic is the costly part).
  const daysLeftOf = new Map<string, number | null>();
  const daysLeft = (deadline: string): number | null => {
    let days = daysLeftOf.get(deadline);
    if (days === undefined) {
      days = Date.parse(deadline) > now.getTime() ? romeDaysBetween(now, new Date(deadline)) : null;
      daysLeftOf.set(deadline, days);
    }
    return days;
  };
  for (const sub of subscriptions) {
    if (sub.settings.reminderDays.length === 0) continue;
    for (const c of byComune.get(sub.istat)?.values() ?? []) {
      if (!c.call.deadline) continue;
      const follows =
        (c.tracked && sub.seesTracking) ||
        (c.score !== null && c.score >= sub.settings.minScore && themesMatch(sub.settings.themes, c.call.themes));
      if (!follows) continue;
      const left = daysLeft(c.call.deadline);
      if (left === null) continue;
      const lead = leadFor(sub.settings.reminderDays, left);
      if (lead === null) continue;
      const key = reminderKey(c.call.id, c.call.deadline, lead);
      const id = `${sub.id}\u0000${key}`;
      if (seen.has(id) || alreadySent(sub.id, key)) continue;
      seen.add(id);
      planned.push({
        subscriptionId: sub.id,
        key,
        route: sub.email ? "immediata" : "app",
        item: item("promemoria", sub, c.call, {
          claimableAmount: c.claimableAmount,
          score: c.score,
          firstReason: c.firstReason,
          daysLeft: left,
        }),
      });
    }
  }
  return planned;
}

// ------------------------------------------------------------------------------------ digests

/** Digests leave at this hour (Rome) of the day after the period. */
export const DIGEST_HOUR = 7;

function addDays(dateKey: string, days: number): { year: number; month: number; day: number } {
  const d = new Date(`${dateKey}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** ISO 8601 week of a calendar date: `2026-W48`. */
export function isoWeekKey(dateKey: string): string {
  const d = new Date(`${dateKey}T00:00:00Z`);
  const weekday = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((d.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, "0")}`;
}

/**
 * The digest period an entry made at `at` belongs to, and when that period's digest may leave:
 * a day (Rome) → 07:00 of the next day; an ISO week → 07:00 of the following Monday.
 */
export function digestPeriod(frequency: DigestFrequency, at: Date): { key: string; sendAfter: Date } {
  const dateKey = romeDateKey(at);
  if (frequency === "giornaliera") {
    return { key: dateKey, sendAfter: romeToInstant({ ...addDays(dateKey, 1), hour: DIGEST_HOUR, minute: 0, second: 0 }) };
  }
  const weekday = new Date(`${dateKey}T00:00:00Z`).getUTCDay() || 7;
  return { key: isoWeekKey(dateKey), sendAfter: romeToInstant({ ...addDays(dateKey, 8 - weekday), hour: DIGEST_HOUR, minute: 0, second: 0 }) };
}

/** The idempotency key of one digest: one per recipient, frequency and period. */
export function digestKey(recipient: string, frequency: DigestFrequency, periodKey: string): string {
  return `riepilogo:${frequency}:${periodKey}:${recipient.toLowerCase()}`;
}

export interface DigestEntry {
  id: number;
  subscriptionId: number;
  recipient: string;
  frequency: DigestFrequency;
  periodKey: string;
  sendAfter: string;
  item: AlertItemPayload;
}

export interface DueDigest {
  key: string;
  recipient: string;
  frequency: DigestFrequency;
  periodKey: string;
  entries: DigestEntry[];
}

/** The digests due at `now`: waiting entries grouped by recipient, frequency and period. */
export function dueDigests(entries: readonly DigestEntry[], now: Date): DueDigest[] {
  const groups = new Map<string, DueDigest>();
  for (const entry of entries) {
    if (Date.parse(entry.sendAfter) > now.getTime()) continue;
    const key = digestKey(entry.recipient, entry.frequency, entry.periodKey);
    const group = groups.get(key) ?? { key, recipient: entry.recipient.toLowerCase(), frequency: entry.frequency, periodKey: entry.periodKey, entries: [] };
    group.entries.push(entry);
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Entries of one message in reading order: by comune, then kind (new, changed, reminder), then deadline. */
export function sortItems<T extends { item: AlertItemPayload }>(list: readonly T[]): T[] {
  const kindOrder = { "nuovo-bando": 0, modifica: 1, promemoria: 2 } as const;
  return [...list].sort((a, b) => {
    if (a.item.comune !== b.item.comune) return a.item.comune.localeCompare(b.item.comune, "it");
    if (a.item.kind !== b.item.kind) return kindOrder[a.item.kind] - kindOrder[b.item.kind];
    const da = a.item.deadline ? Date.parse(a.item.deadline) : Infinity;
    const dbt = b.item.deadline ? Date.parse(b.item.deadline) : Infinity;
    if (da !== dbt) return da < dbt ? -1 : 1;
    return a.item.callId - b.item.callId;
  });
}
