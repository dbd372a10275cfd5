import { and, asc, eq, isNotNull, isNull, lt, lte, or } from "drizzle-orm";
import { writeTransaction, type Db } from "~db/client.server";
import { ingestSources, type IngestSourceRow } from "~db/schema";
import type { SourceSettings } from "~/domain/schedule";

/** Configured sources fetched on a schedule, and the lease that keeps their runs one at a time. */

export function listIngestSources(db: Db): IngestSourceRow[] {
  return db.select().from(ingestSources).orderBy(asc(ingestSources.name), asc(ingestSources.id)).all();
}

export function getIngestSource(db: Db, id: number): IngestSourceRow | undefined {
  return db.select().from(ingestSources).where(eq(ingestSources.id, id)).get();
}

export type IngestSourceInput = SourceSettings;

export function createIngestSource(db: Db, input: IngestSourceInput & { nextRunAt: string | null }, actor: string): IngestSourceRow {
  return writeTransaction(db, (tx) =>
    tx.insert(ingestSources).values({ ...input, updatedBy: actor }).returning().get(),
  );
}

export function updateIngestSource(db: Db, id: number, input: IngestSourceInput & { nextRunAt: string | null }, actor: string, now = new Date()): IngestSourceRow | undefined {
  return writeTransaction(db, (tx) =>
    tx.update(ingestSources).set({ ...input, updatedBy: actor, updatedAt: now.toISOString() }).where(eq(ingestSources.id, id)).returning().get(),
  );
}

/** "Run now": the scheduler picks the source up at its next tick (no work inside a request). */
export function requestRunNow(db: Db, id: number, actor: string, now = new Date()): void {
  writeTransaction(db, (tx) =>
    tx.update(ingestSources).set({ nextRunAt: now.toISOString(), updatedBy: actor, updatedAt: now.toISOString() }).where(eq(ingestSources.id, id)).run(),
  );
}

/** Enabled sources whose slot has come and that nobody holds. */
export function dueSources(db: Db, now: Date): IngestSourceRow[] {
  const at = now.toISOString();
  return db
    .select()
    .from(ingestSources)
    .where(
      and(
        eq(ingestSources.enabled, true),
        isNotNull(ingestSources.nextRunAt),
        lte(ingestSources.nextRunAt, at),
        or(isNull(ingestSources.leaseUntil), lt(ingestSources.leaseUntil, at)),
      ),
    )
    .orderBy(asc(ingestSources.nextRunAt))
    .all();
}

/** Enabled sources that have no slot yet (just created, or enabled again). */
export function unscheduledSources(db: Db): IngestSourceRow[] {
  return db.select().from(ingestSources).where(and(eq(ingestSources.enabled, true), isNull(ingestSources.nextRunAt))).all();
}

export function setNextRun(db: Db, id: number, nextRunAt: string | null): void {
  writeTransaction(db, (tx) => tx.update(ingestSources).set({ nextRunAt }).where(eq(ingestSources.id, id)).run());
}

/**
 * Takes the source's lease (one immediate transaction, so two processes cannot both win):
 * true when this owner now holds it until `now + durationMs`.
 */
export function acquireLease(db: Db, id: number, owner: string, now: Date, durationMs: number): boolean {
  const at = now.toISOString();
  return writeTransaction(db, (tx) =>
    tx
      .update(ingestSources)
      .set({ leaseOwner: owner, leaseUntil: new Date(now.getTime() + durationMs).toISOString() })
      .where(and(eq(ingestSources.id, id), or(isNull(ingestSources.leaseUntil), lt(ingestSources.leaseUntil, at))))
      .run(),
  ).changes === 1;
}

/** Records the outcome, schedules the next slot and releases the lease (only if still ours). */
export function finishSourceRun(
  db: Db,
  id: number,
  owner: string,
  result: { at: string; runId: number | null; status: "completato" | "fallito"; error: string | null; nextRunAt: string | null },
): void {
  writeTransaction(db, (tx) =>
    tx
      .update(ingestSources)
      .set({
        lastRunAt: result.at,
        lastRunId: result.runId,
        lastStatus: result.status,
        lastError: result.error,
        nextRunAt: result.nextRunAt,
        leaseOwner: null,
        leaseUntil: null,
      })
      .where(and(eq(ingestSources.id, id), eq(ingestSources.leaseOwner, owner)))
      .run(),
  );
}
