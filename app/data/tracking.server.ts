import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { writeTransaction, type Db } from "~db/client.server";
import { calls, callTracking, callTrackingEvents, type CallTrackingRow } from "~db/schema";
import { TRACKING_NOTE_MAX, type TrackingStage } from "~/domain/tracking";

/**
 * The tracking pipeline of calls per comune. Every function is scoped to one comune in the query
 * (an RTD sees and changes only their comuni: the guard checks access, the query enforces scope).
 */

export interface TrackedCall {
  callId: number;
  publicId: string;
  title: string;
  deadline: string | null;
  stage: TrackingStage;
  notes: string | null;
  updatedAt: string;
}

export function trackedCallsOf(db: Db, istat: string): TrackedCall[] {
  return db
    .select({
      callId: callTracking.callId,
      publicId: calls.publicId,
      title: calls.title,
      deadline: calls.deadline,
      stage: callTracking.stage,
      notes: callTracking.notes,
      updatedAt: callTracking.updatedAt,
    })
    .from(callTracking)
    .innerJoin(calls, eq(calls.id, callTracking.callId))
    .where(eq(callTracking.istat, istat))
    .orderBy(asc(calls.deadline), asc(calls.id))
    .all();
}

export function trackingOf(db: Db, istat: string, callId: number): CallTrackingRow | undefined {
  return db
    .select()
    .from(callTracking)
    .where(and(eq(callTracking.istat, istat), eq(callTracking.callId, callId)))
    .get();
}

/** The comuni that track a call (for change alerts), with their stage. */
export function trackersOfCall(db: Db, callId: number): { istat: string; stage: TrackingStage }[] {
  return db
    .select({ istat: callTracking.istat, stage: callTracking.stage })
    .from(callTracking)
    .where(eq(callTracking.callId, callId))
    .orderBy(asc(callTracking.istat))
    .all();
}

export function trackingHistory(db: Db, istat: string, callId: number) {
  return db
    .select({
      at: callTrackingEvents.at,
      fromStage: callTrackingEvents.fromStage,
      toStage: callTrackingEvents.toStage,
      notes: callTrackingEvents.notes,
    })
    .from(callTrackingEvents)
    .innerJoin(callTracking, eq(callTracking.id, callTrackingEvents.trackingId))
    .where(and(eq(callTracking.istat, istat), eq(callTracking.callId, callId)))
    .orderBy(desc(callTrackingEvents.at), desc(callTrackingEvents.id))
    .all();
}

export interface TrackingChange {
  istat: string;
  callId: number;
  stage: TrackingStage;
  notes?: string | null;
  userId: number | null;
}

/**
 * Sets the stage (and optionally the notes) of a call for a comune, creating the row on first
 * use; records the change in the history. Returns whether anything changed.
 */
export function setTracking(db: Db, change: TrackingChange, now = new Date()): boolean {
  const notes = change.notes === undefined ? undefined : (change.notes?.trim().slice(0, TRACKING_NOTE_MAX) || null);
  return writeTransaction(db, (tx) => {
    const at = now.toISOString();
    const current = trackingOf(tx, change.istat, change.callId);
    if (current && current.stage === change.stage && (notes === undefined || notes === current.notes)) return false;
    let id: number;
    if (!current) {
      id = tx
        .insert(callTracking)
        .values({
          istat: change.istat,
          callId: change.callId,
          stage: change.stage,
          notes: notes ?? null,
          createdAt: at,
          updatedAt: at,
          updatedByUserId: change.userId,
        })
        .returning({ id: callTracking.id })
        .get().id;
    } else {
      id = current.id;
      tx.update(callTracking)
        .set({ stage: change.stage, ...(notes !== undefined ? { notes } : {}), updatedAt: at, updatedByUserId: change.userId })
        .where(and(eq(callTracking.id, current.id), eq(callTracking.istat, change.istat)))
        .run();
    }
    tx.insert(callTrackingEvents)
      .values({
        trackingId: id,
        at,
        fromStage: current?.stage ?? null,
        toStage: change.stage,
        notes: notes !== undefined && notes !== current?.notes ? notes : null,
        userId: change.userId,
      })
      .run();
    return true;
  });
}

/** Stops tracking a call for a comune (history goes with it). */
export function removeTracking(db: Db, istat: string, callId: number): boolean {
  return (
    writeTransaction(db, (tx) =>
      tx.delete(callTracking).where(and(eq(callTracking.istat, istat), eq(callTracking.callId, callId))).run(),
    ).changes > 0
  );
}

/** Tracking rows of several comuni at once (dashboards of an RTD who serves several comuni). */
export function trackingCounts(db: Db, istats: string[]): Record<string, number> {
  if (istats.length === 0) return {};
  const rows = db.select({ istat: callTracking.istat }).from(callTracking).where(inArray(callTracking.istat, istats)).all();
  const counts: Record<string, number> = {};
  for (const r of rows) counts[r.istat] = (counts[r.istat] ?? 0) + 1;
  return counts;
}


/** Every history event of a comune's tracked calls, newest first (one query for the whole pipeline). */
export function trackingEventsOfComune(db: Db, istat: string) {
  return db
    .select({
      callId: callTracking.callId,
      at: callTrackingEvents.at,
      fromStage: callTrackingEvents.fromStage,
      toStage: callTrackingEvents.toStage,
      notes: callTrackingEvents.notes,
    })
    .from(callTrackingEvents)
    .innerJoin(callTracking, eq(callTracking.id, callTrackingEvents.trackingId))
    .where(eq(callTracking.istat, istat))
    .orderBy(desc(callTrackingEvents.at), desc(callTrackingEvents.id))
    .all();
}
