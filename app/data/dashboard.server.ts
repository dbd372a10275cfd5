import type { Db } from "~db/client.server";
import type { TrackedCallView } from "~/components/dashboard/tracking";
import type { CallRow, ComuneRow } from "~db/schema";
import { explainOpportunities } from "~/api/opportunita.server";
import { callStatus } from "~/domain/call";
import { deadlineCountdown } from "~/domain/countdown";
import { type ComponentView, whatIsMissing } from "~/domain/dashboard";
import type { Call } from "~/domain/call";
import { COMPONENT_KEYS, COMPONENT_LABELS, type EligibilitySubject, type Opportunity } from "~/domain/matching";
import { type NearMiss, nearMisses } from "~/domain/near-misses";
import { domainCall } from "./call-page.server";
import { getCatalogue } from "./calls-search.server";
import { storedMatchesOfComune, type StoredMatch } from "./matches.server";
import { loadComuneProfile } from "./profiles.server";
import { trackedCallsOf, trackingEventsOfComune } from "./tracking.server";

/**
 * Read models of the per-comune dashboard (issue 6): what the page shows, in few queries.
 */

/** A comune's tracked calls with countdown and history (two queries). */
export function trackedCallViews(db: Db, istat: string, now: Date): TrackedCallView[] {
  const events = new Map<number, TrackedCallView["history"]>();
  for (const e of trackingEventsOfComune(db, istat)) {
    const list = events.get(e.callId) ?? [];
    list.push({ at: e.at, fromStage: e.fromStage, toStage: e.toStage, notes: e.notes });
    events.set(e.callId, list);
  }
  return trackedCallsOf(db, istat).map((t) => ({
    callId: t.callId,
    publicId: t.publicId,
    title: t.title,
    stage: t.stage,
    notes: t.notes,
    updatedAt: t.updatedAt,
    countdown: deadlineCountdown({ deadline: t.deadline }, now),
    history: events.get(t.callId) ?? [],
  }));
}

/** One open call the comune is matched with, from the store and the in-memory catalogue (no explanation). */
export interface DashboardMatch {
  callId: number;
  publicId: string;
  title: string;
  issuer: string;
  themes: string[];
  opensAt: string | null;
  deadline: string | null;
  score: number;
  associated: boolean;
  claimable: number | null;
  /** The stored row it came from (for the explanation; not sent to the page). */
  stored: StoredMatch;
}

export interface DashboardOpportunity extends Omit<DashboardMatch, "stored"> {
  components: ComponentView[];
  /** "Perché te lo proponiamo": the engine's sentences, most important first. */
  reasons: string[];
  /** "Cosa manca". */
  missing: string[];
}

/**
 * The comune's open matches from the match store, best first (the API's order: score, direct
 * before associated form, nearer deadline, id). The calls' facts come from the catalogue kept in
 * memory, the numbers from one key seek per open call: no explanation is built here.
 */
export function dashboardMatches(db: Db, istat: string, now: Date): DashboardMatch[] {
  const catalogue = getCatalogue(db);
  const open = openCallsOf(catalogue, now);
  const matches = storedMatchesOfComune(db, istat, [...open.keys()]);
  return matches
    .map((m) => {
      const call = open.get(m.callId)!;
      return {
        callId: call.id,
        publicId: call.publicId,
        title: call.title,
        issuer: call.issuer,
        themes: call.themes as string[],
        opensAt: call.opensAt,
        deadline: call.deadline,
        score: m.score,
        associated: m.associated,
        claimable: m.claimable,
        stored: m,
      };
    })
    .sort(
      (a, b) =>
        b.score - a.score ||
        Number(a.associated) - Number(b.associated) ||
        (a.deadline === b.deadline ? 0 : a.deadline === null ? 1 : b.deadline === null ? -1 : a.deadline < b.deadline ? -1 : 1) ||
        (a.publicId < b.publicId ? -1 : a.publicId > b.publicId ? 1 : 0),
    );
}

/** The open published calls by row id, at this minute (cached per catalogue and minute). */
const openCache = new WeakMap<object, { minute: number; open: Map<number, CallRow>; calls?: Call[] }>();
function openCallsOf(catalogue: ReturnType<typeof getCatalogue>, now: Date): Map<number, CallRow> {
  const minute = Math.floor(now.getTime() / 60_000);
  const cached = openCache.get(catalogue);
  if (cached && cached.minute === minute) return cached.open;
  const open = new Map<number, CallRow>();
  for (const { call } of catalogue.entries) if (callStatus(call, now) === "aperto") open.set(call.id, call);
  openCache.set(catalogue, { minute, open });
  return open;
}

function toView(o: Opportunity, { stored: _stored, ...match }: DashboardMatch): DashboardOpportunity {
  const components = COMPONENT_KEYS.map((key) => ({ key, label: COMPONENT_LABELS[key], punti: o.score.components[key].punti, max: o.score.components[key].max }));
  const associatedReason = o.eligibility.associatedForm ? (o.eligibility.checks.find((c) => c.rule === "beneficiari")?.message ?? null) : null;
  return {
    ...match,
    components,
    reasons: o.reasons.filter((r) => r !== associatedReason),
    missing: whatIsMissing({ associated: o.eligibility.associatedForm, associatedReason, components, cofinancingPct: o.call.cofinancingPct }),
  };
}

/**
 * "Perché te lo proponiamo" and "Cosa manca" for some of the comune's matches (the page shown,
 * or all of them for an export): the engine's explanation rebuilt with the stored run's inputs.
 * A match the engine no longer confirms (a re-match is pending) is left out.
 */
export function explainMatches(db: Db, istat: string, list: readonly DashboardMatch[], now: Date): DashboardOpportunity[] {
  if (list.length === 0) return [];
  const profile = loadComuneProfile(db, istat);
  if (!profile) return [];
  const catalogue = getCatalogue(db);
  const open = openCallsOf(catalogue, now);
  const rows = list.map((m) => open.get(m.callId)).filter((r): r is CallRow => !!r);
  const stored = new Map(list.map((m) => [m.callId, m.stored]));
  const byId = new Map(list.map((m) => [m.callId, m]));
  const explained = new Map(
    explainOpportunities(db, profile, rows, stored, { all: false, now }).map((o) => {
      const match = byId.get(rows.find((r) => r.publicId === o.call.id)!.id)!;
      return [match.callId, toView(o, match)] as const;
    }),
  );
  return list.flatMap((m) => explained.get(m.callId) ?? []);
}

/** The open calls as the engine reads them (cached with the open calls, per catalogue and minute). */
function openDomainCalls(catalogue: ReturnType<typeof getCatalogue>, now: Date): Call[] {
  const open = openCallsOf(catalogue, now);
  const cached = openCache.get(catalogue)!;
  cached.calls ??= [...open.values()].map(domainCall);
  return cached.calls;
}

/**
 * "Quasi adatti": up to five open calls the comune fails on one population or size-cluster rule
 * only (app/domain/near-misses.ts). No query beyond the comune's aggregations the page reads anyway.
 */
export function nearMissesOf(db: Db, comune: ComuneRow, aggregations: EligibilitySubject["aggregations"], now: Date): NearMiss[] {
  const subject: EligibilitySubject = {
    istat: comune.istat,
    name: comune.name,
    provinceSigla: comune.provinceSigla,
    regionCode: comune.regionCode,
    population: comune.population,
    sizeCluster: comune.sizeCluster,
    aggregations,
  };
  return nearMisses(openDomainCalls(getCatalogue(db), now), subject, now);
}
