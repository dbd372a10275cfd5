import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { writeTransaction, type Db } from "~db/client.server";
import { calls, dismissals } from "~db/schema";
import type { DismissalInput, DismissalReason, SparseVector } from "~/domain/matching";
import { markForRematch } from "./rematch.server";

/** Above this many comuni a subset is read as "everything, then filtered". */
const SUBSET_LIMIT = 900;

/**
 * RTDs' "non pertinente" on a call for their comune, with a reason (issue 5, feedback component).
 * Every change re-matches that comune (the flag is set in the same transaction); the matching
 * worker then lowers the calls similar to the dismissed one for that comune only.
 */

export interface DismissalListItem {
  callId: number;
  publicId: string;
  title: string;
  issuer: string;
  reason: DismissalReason;
  note: string | null;
  dismissedAt: string;
}

/** Dismisses (or re-dismisses, with a new reason) a call for a comune. */
export function dismissCall(
  db: Db,
  input: { istat: string; callId: number; reason: DismissalReason; note: string | null; userId: number | null },
  now = new Date(),
): void {
  writeTransaction(db, (tx) => {
    const values = { reason: input.reason, note: input.note, dismissedAt: now.toISOString(), userId: input.userId };
    tx.insert(dismissals)
      .values({ istat: input.istat, callId: input.callId, ...values })
      .onConflictDoUpdate({ target: [dismissals.istat, dismissals.callId], set: values })
      .run();
    markForRematch(tx, [input.istat]);
  });
}

/** Withdraws a dismissal; returns whether there was one. */
export function undoDismissal(db: Db, istat: string, callId: number): boolean {
  return writeTransaction(db, (tx) => {
    const removed = tx.delete(dismissals).where(and(eq(dismissals.istat, istat), eq(dismissals.callId, callId))).run().changes;
    if (removed > 0) markForRematch(tx, [istat]);
    return removed > 0;
  });
}

/** A comune's dismissals, newest first (filtered by comune in the query). */
export function listDismissals(db: Db, istat: string): DismissalListItem[] {
  return db
    .select({
      callId: dismissals.callId,
      publicId: calls.publicId,
      title: calls.title,
      issuer: calls.issuer,
      reason: dismissals.reason,
      note: dismissals.note,
      dismissedAt: dismissals.dismissedAt,
    })
    .from(dismissals)
    .innerJoin(calls, eq(calls.id, dismissals.callId))
    .where(eq(dismissals.istat, istat))
    .orderBy(desc(dismissals.dismissedAt), asc(dismissals.callId))
    .all();
}

/**
 * Dismissals as the engine needs them, by ISTAT code (all comuni, or `istats`): each with the
 * dismissed call's features and, when known, its precomputed vector (`vectors` by call row id).
 */
export function dismissalInputs(db: Db, options: { istats?: readonly string[]; vectors?: ReadonlyMap<number, SparseVector> } = {}): Map<string, DismissalInput[]> {
  if (options.istats && options.istats.length === 0) return new Map();
  const subset = options.istats && options.istats.length <= SUBSET_LIMIT ? [...options.istats] : undefined;
  const wanted = options.istats ? new Set(options.istats) : undefined;
  const rows = db
    .select({
      istat: dismissals.istat,
      callRowId: dismissals.callId,
      reason: dismissals.reason,
      note: dismissals.note,
      dismissedAt: dismissals.dismissedAt,
      publicId: calls.publicId,
      title: calls.title,
      description: calls.description,
      themes: calls.themes,
      pnrrMeasure: calls.pnrrMeasure,
    })
    .from(dismissals)
    .innerJoin(calls, eq(calls.id, dismissals.callId))
    .where(subset ? inArray(dismissals.istat, subset) : undefined)
    .orderBy(asc(dismissals.istat), asc(dismissals.dismissedAt), asc(dismissals.callId))
    .all()
    .filter((r) => !wanted || wanted.has(r.istat));
  const result = new Map<string, DismissalInput[]>();
  for (const r of rows) {
    const vector = options.vectors?.get(r.callRowId);
    const input: DismissalInput = {
      callId: r.publicId,
      reason: r.reason,
      note: r.note,
      dismissedAt: r.dismissedAt,
      call: { id: r.publicId, title: r.title, description: r.description, themes: r.themes, pnrrMeasure: r.pnrrMeasure },
      ...(vector ? { vector } : {}),
    };
    const list = result.get(r.istat);
    if (list) list.push(input);
    else result.set(r.istat, [input]);
  }
  return result;
}

/** The row ids of the calls dismissed by these comuni (to load their vectors). */
export function dismissedCallIds(db: Db, istats?: readonly string[]): number[] {
  const subset = istats && istats.length <= SUBSET_LIMIT ? [...istats] : undefined;
  const wanted = istats ? new Set(istats) : undefined;
  const rows = db
    .select({ id: dismissals.callId, istat: dismissals.istat })
    .from(dismissals)
    .where(subset ? inArray(dismissals.istat, subset) : undefined)
    .all();
  return [...new Set(rows.filter((r) => !wanted || wanted.has(r.istat)).map((r) => r.id))];
}
