import { and, desc, eq, inArray } from "drizzle-orm";
import { nowIso, writeTransaction, type Db } from "~db/client.server";
import { runs, type RunReject, type RunRow } from "~db/schema";

export interface RunCounts {
  read: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  rejects: RunReject[];
  details?: Record<string, unknown>;
}

export function startRun(
  db: Db,
  input: { type: "import" | "ingest"; kind: string; input: string; actor?: string | null },
): number {
  return writeTransaction(db, (tx) => {
    const row = tx
      .insert(runs)
      .values({
        type: input.type,
        kind: input.kind,
        input: input.input,
        status: "in-corso",
        actor: input.actor ?? null,
        details: { pid: process.pid },
      })
      .returning({ id: runs.id })
      .get();
    return row.id;
  });
}

/** Marks a run completed. Call inside the same transaction as the run's writes. */
export function completeRun(tx: Db, id: number, counts: RunCounts): void {
  tx.update(runs)
    .set({
      status: "completato",
      finishedAt: nowIso(),
      read: counts.read,
      created: counts.created,
      updated: counts.updated,
      unchanged: counts.unchanged,
      rejected: counts.rejected,
      rejects: counts.rejects,
      details: counts.details ?? {},
    })
    .where(eq(runs.id, id))
    .run();
}

export function failRun(db: Db, id: number, error: string, counts?: Partial<RunCounts>): void {
  writeTransaction(db, (tx) =>
    tx
      .update(runs)
      .set({
        status: "fallito",
        finishedAt: nowIso(),
        error,
        read: counts?.read ?? 0,
        rejected: counts?.rejected ?? 0,
        rejects: counts?.rejects ?? [],
      })
      .where(eq(runs.id, id))
      .run(),
  );
}

function processAlive(pid: unknown): boolean {
  if (typeof pid !== "number" || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs left `in-corso` by a process that died (killed mid-import) are marked failed at start-up;
 * runs of a process that is still alive (a CLI import running now) are left alone.
 */
export function markInterruptedRuns(db: Db): number {
  const open = db.select({ id: runs.id, details: runs.details }).from(runs).where(eq(runs.status, "in-corso")).all();
  const dead = open.filter((r) => !processAlive(r.details.pid)).map((r) => r.id);
  if (dead.length === 0) return 0;
  return writeTransaction(db, (tx) =>
    tx
      .update(runs)
      .set({ status: "fallito", finishedAt: nowIso(), error: "esecuzione interrotta (processo terminato)" })
      .where(inArray(runs.id, dead))
      .run(),
  ).changes;
}

export function getRun(db: Db, id: number): RunRow | undefined {
  return db.select().from(runs).where(eq(runs.id, id)).get();
}

export function listRuns(db: Db, filter: { type?: "import" | "ingest"; kind?: string; limit?: number } = {}): RunRow[] {
  const conditions = [];
  if (filter.type) conditions.push(eq(runs.type, filter.type));
  if (filter.kind) conditions.push(eq(runs.kind, filter.kind));
  return db
    .select()
    .from(runs)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(runs.id))
    .limit(filter.limit ?? 50)
    .all();
}
