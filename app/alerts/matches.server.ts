import { eq, sql } from "drizzle-orm";
import type { Db } from "~db/client.server";
import { matchRuns, type CallRow, type ComuneRow } from "~db/schema";
import { apiError } from "~/api/http.server";
import { opportunitiesJson } from "~/api/opportunita.server";
import { activeSubscriptions, getCursor, ledgerKeys, recordLedger, setCursor } from "~/data/alerts.server";
import { publishedCallRows } from "~/data/calls.server";
import { getComune } from "~/data/comuni.server";
import { storedMatchesOfComune } from "~/data/matches.server";
import type { AlertCall, AlertEvent, DeadlineCandidate } from "~/domain/alerts/plan";
import { isIstatCode } from "~/domain/territory";
import { mailConfig } from "~/mail/config.server";
import type { FeedEntry, FeedInput } from "./feeds.server";

/**
 * The match store as a source of alerts (docs/decisions/0083-alerts-and-match-store.md).
 * The store keeps the current eligible pairs, rewritten by the matching runs, with no "first
 * matched" time: a new match is a stored pair of an open call, at or above a subscription's
 * minimum score, that the subscription's ledger has never seen. What already matched when a
 * subscription started (or changed, or was resumed) goes into its ledger as `storico` and is
 * never announced.
 */

export const MATCH_RUNS_CURSOR = "match_runs";

function lastCompletedRun(db: Db): number {
  return db.select({ id: sql<number>`coalesce(max(${matchRuns.id}), 0)` }).from(matchRuns).where(eq(matchRuns.status, "completato")).get()?.id ?? 0;
}

function alertCall(row: CallRow): AlertCall {
  return { id: row.id, publicId: row.publicId, title: row.title, issuer: row.issuer, deadline: row.deadline, url: row.url, themes: row.themes };
}

/** The open published calls now (status `aperto`), by row id. */
function openCalls(db: Db, now: Date): Map<number, CallRow> {
  return new Map(publishedCallRows(db, { openAt: now }).map((row) => [row.id, row]));
}

/** The open calls by public id, read once per instant (a pass explains many comuni at one `now`). */
const openByPublicId = new WeakMap<Db["$client"], { at: number; map: Map<string, CallRow> }>();
function openCallsByPublicId(db: Db, now: Date): Map<string, CallRow> {
  const cached = openByPublicId.get(db.$client);
  if (cached && cached.at === now.getTime()) return cached.map;
  const map = new Map([...openCalls(db, now).values()].map((row) => [row.publicId, row]));
  openByPublicId.set(db.$client, { at: now.getTime(), map });
  return map;
}

/**
 * Records the comune's current matches in the subscriptions' ledgers as already known. Called
 * inside the transaction that creates, changes or resumes a subscription, with the connection
 * itself (the match store's statements need it): only what matches afterwards is announced.
 */
export function seedMatchLedger(db: Db, subscriptions: readonly { id: number; istat: string }[], now: Date): void {
  const open = [...openCalls(db, now).keys()];
  if (open.length === 0) return;
  const byComune = new Map<string, number[]>();
  for (const s of subscriptions) byComune.set(s.istat, [...(byComune.get(s.istat) ?? []), s.id]);
  for (const [istat, ids] of byComune) {
    const stored = storedMatchesOfComune(db, istat, open);
    for (const id of ids) for (const m of stored) recordLedger(db, { subscriptionId: id, key: `nuovo:${m.callId}`, route: "storico" }, now);
  }
}

/**
 * New matches, read once per completed matching run (a cursor over `match_runs`). The first time
 * ever, every active subscription's ledger is seeded instead: no alerts about what matched before.
 */
export function matchEvents(db: Db, now: Date): AlertEvent[] {
  const last = lastCompletedRun(db);
  const cursor = getCursor(db, MATCH_RUNS_CURSOR);
  if (cursor !== undefined && last <= cursor) return [];
  setCursor(db, MATCH_RUNS_CURSOR, last, now);
  const subscriptions = activeSubscriptions(db);
  if (cursor === undefined) {
    seedMatchLedger(db, subscriptions, now);
    return [];
  }
  const open = openCalls(db, now);
  if (open.size === 0 || subscriptions.length === 0) return [];
  const openIds = [...open.keys()];
  const seen = ledgerKeys(
    db,
    subscriptions.map((s) => s.id),
    "nuovo:",
  );
  const byComune = new Map<string, typeof subscriptions>();
  for (const s of subscriptions) byComune.set(s.istat, [...(byComune.get(s.istat) ?? []), s]);
  const events: AlertEvent[] = [];
  for (const [istat, subs] of byComune) {
    for (const m of storedMatchesOfComune(db, istat, openIds)) {
      if (!subs.some((s) => m.score >= s.settings.minScore && !seen.has(`${s.id}\u0000nuovo:${m.callId}`))) continue;
      events.push({ type: "nuovo-abbinamento", key: `nuovo:${m.callId}`, istat, call: alertCall(open.get(m.callId)!), score: m.score, claimableAmount: m.claimable, firstReason: null });
    }
  }
  return events;
}

/** Matched open calls with a deadline, for the reminders. */
export function matchedDeadlines(db: Db, istats: readonly string[], now: Date): DeadlineCandidate[] {
  const open = openCalls(db, now);
  const withDeadline = [...open.values()].filter((row) => row.deadline).map((row) => row.id);
  if (withDeadline.length === 0) return [];
  return istats.flatMap((istat) =>
    storedMatchesOfComune(db, istat, withDeadline).map((m) => ({
      istat,
      call: alertCall(open.get(m.callId)!),
      tracked: false,
      score: m.score,
      claimableAmount: m.claimable,
      firstReason: null,
    })),
  );
}

/** The comune's matched open calls as the opportunities API explains them, with their rows. */
function explained(db: Db, comune: ComuneRow, now: Date) {
  const json = opportunitiesJson(db, comune, { all: false, now });
  const byPublicId = openCallsByPublicId(db, now);
  return json.items.flatMap((item) => {
    const row = byPublicId.get(item.bando.id);
    return row ? [{ row, item }] : [];
  });
}

/** The first reason (`motivazioni[0]`) the engine gives for the calls, for one comune. */
export function explainMatches(db: Db, istat: string, callIds: readonly number[], now: Date): Map<number, string> {
  const comune = getComune(db, istat);
  const result = new Map<number, string>();
  if (!comune) return result;
  const wanted = new Set(callIds);
  for (const { row, item } of explained(db, comune, now)) {
    if (wanted.has(row.id) && item.motivazioni[0]) result.set(row.id, item.motivazioni[0]);
  }
  return result;
}

/** The entries of the comune's feeds: its matched open calls, with the engine's numbers and first reason. */
export function feedEntries(db: Db, comune: ComuneRow, now: Date): FeedEntry[] {
  return explained(db, comune, now).map(({ row, item }) => ({
    call: {
      publicId: row.publicId,
      title: row.title,
      issuer: row.issuer,
      deadline: row.deadline,
      url: row.url,
      version: row.version,
      updatedAt: row.liveUpdatedAt,
      themes: row.themes,
    },
    score: item.punteggio,
    claimableAmount: item.importoRichiedibile,
    firstReason: item.motivazioni[0] ?? null,
    publishedAt: row.publishedAt ?? row.createdAt,
  }));
}

/** What the alerts job takes from the match store (scripts/serve.ts passes it to the schedule). */
export const MATCH_ALERT_SOURCES = {
  eventSources: [matchEvents],
  deadlineSources: [matchedDeadlines],
  explain: explainMatches,
} as const;

/** What both feed routes render for `/comuni/{istat}/…`, or the API's 400/404 answer. */
export function comuneFeedInput(db: Db, istat: string, now: Date): FeedInput | Response {
  if (!isIstatCode(istat)) return apiError(400, "parametro-non-valido", `Codice ISTAT "${istat.slice(0, 20)}" non valido: servono 6 cifre.`);
  const comune = getComune(db, istat);
  if (!comune) return apiError(404, "non-trovato", `Nessun comune con codice ISTAT ${istat}.`);
  const { appUrl, domain } = mailConfig();
  return { comune: { istat: comune.istat, name: comune.name }, entries: feedEntries(db, comune, now), appUrl, domain, now };
}
