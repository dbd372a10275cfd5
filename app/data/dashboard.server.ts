import type { Db } from "~db/client.server";
import type { TrackedCallView } from "~/components/dashboard/tracking";
import { deadlineCountdown } from "~/domain/countdown";
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
