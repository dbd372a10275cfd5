import type { Db } from "~db/client.server";
import type { TrackedCallView } from "~/components/dashboard/tracking";
import { callStatus } from "~/domain/call";
import { deadlineCountdown } from "~/domain/countdown";
import { type ComponentView, whatIsMissing } from "~/domain/dashboard";
import { COMPONENT_KEYS, COMPONENT_LABELS, type Opportunity, rankOpportunities } from "~/domain/matching";
import { domainCall } from "./call-page.server";
import { getCatalogue } from "./calls-search.server";
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

export interface DashboardOpportunity {
  callId: number;
  publicId: string;
  title: string;
  issuer: string;
  themes: string[];
  opensAt: string | null;
  deadline: string | null;
  score: number;
  components: ComponentView[];
  associated: boolean;
  claimable: number | null;
  /** "Perché te lo proponiamo": the engine's sentences, most important first. */
  reasons: string[];
  /** "Cosa manca". */
  missing: string[];
}

function toView(o: Opportunity, callId: number): DashboardOpportunity {
  const components = COMPONENT_KEYS.map((key) => ({ key, label: COMPONENT_LABELS[key], punti: o.score.components[key].punti, max: o.score.components[key].max }));
  const associatedReason = o.eligibility.associatedForm ? (o.eligibility.checks.find((c) => c.rule === "beneficiari")?.message ?? null) : null;
  return {
    callId,
    publicId: o.call.id,
    title: o.call.title,
    issuer: o.call.issuer,
    themes: [...o.call.themes],
    opensAt: o.call.opensAt,
    deadline: o.call.deadline,
    score: o.score.total,
    components,
    associated: o.eligibility.associatedForm,
    claimable: o.claimableAmount,
    reasons: o.reasons.filter((r) => r !== associatedReason),
    missing: whatIsMissing({ associated: o.eligibility.associatedForm, associatedReason, components, cofinancingPct: o.call.cofinancingPct }),
  };
}

/**
 * The comune's ranked open opportunities (eligible, also in associated form).
 * TEMPORARY: computed with the pure engine over the published catalogue until the match store
 * (branch match-store) lands; then read from the persisted matches.
 */
export function dashboardOpportunities(db: Db, istat: string, now: Date): DashboardOpportunity[] {
  const profile = loadComuneProfile(db, istat);
  if (!profile) return [];
  const entries = getCatalogue(db).entries;
  const rowIds = new Map(entries.map((e) => [e.call.publicId, e.call.id]));
  const calls = entries.map((e) => domainCall(e.call)).filter((c) => callStatus(c, now) === "aperto");
  return rankOpportunities(calls, profile, {}, now).map((o) => toView(o, rowIds.get(o.call.id)!));
}
