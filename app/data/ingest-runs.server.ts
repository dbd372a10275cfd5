import { and, count, desc, eq, type SQL } from "drizzle-orm";
import type { Db } from "~db/client.server";
import { runs, type RunRow } from "~db/schema";

/** Ingestion runs for the curators: per source, newest first, paginated. */
export function listIngestRuns(db: Db, filters: { kind?: string; status?: RunRow["status"]; page: number; perPage: number }): { items: RunRow[]; total: number } {
  const conditions: SQL[] = [eq(runs.type, "ingest")];
  if (filters.kind) conditions.push(eq(runs.kind, filters.kind));
  if (filters.status) conditions.push(eq(runs.status, filters.status));
  const where = and(...conditions);
  const total = db.select({ n: count() }).from(runs).where(where).get()?.n ?? 0;
  const items = db
    .select()
    .from(runs)
    .where(where)
    .orderBy(desc(runs.id))
    .limit(filters.perPage)
    .offset((filters.page - 1) * filters.perPage)
    .all();
  return { items, total };
}

export function getIngestRun(db: Db, id: number): RunRow | undefined {
  return db.select().from(runs).where(and(eq(runs.id, id), eq(runs.type, "ingest"))).get();
}

/** The latest run of each source. */
export function latestRunPerSource(db: Db): RunRow[] {
  const rows = db.select().from(runs).where(eq(runs.type, "ingest")).orderBy(desc(runs.id)).limit(500).all();
  const seen = new Set<string>();
  return rows.filter((r) => (seen.has(r.kind) ? false : (seen.add(r.kind), true)));
}
