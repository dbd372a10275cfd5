import { and, asc, count, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Db } from "~db/client.server";
import { aggregationMembers, aggregations, comuni, type ComuneRow } from "~db/schema";
import type { SizeCluster } from "~/domain/clusters";
import { foldText } from "~/domain/text";

export interface ComuneListFilters {
  q?: string;
  provincia?: string;
  fascia?: SizeCluster;
  includeSuppressed?: boolean;
  page: number;
  perPage: number;
}

export interface ComuneListItem {
  istat: string;
  name: string;
  provinceSigla: string;
  population: number;
  sizeCluster: SizeCluster;
  suppressed: boolean;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function listWhere(filters: Omit<ComuneListFilters, "page" | "perPage">): SQL | undefined {
  const conditions: SQL[] = [];
  if (!filters.includeSuppressed) conditions.push(eq(comuni.suppressed, false));
  if (filters.provincia) conditions.push(eq(comuni.provinceSigla, filters.provincia.toUpperCase()));
  if (filters.fascia) conditions.push(eq(comuni.sizeCluster, filters.fascia));
  const q = filters.q ? foldText(filters.q) : "";
  if (q) conditions.push(sql`${comuni.nameFolded} LIKE ${`%${escapeLike(q)}%`} ESCAPE '\\'`);
  return conditions.length > 0 ? and(...conditions) : undefined;
}

/**
 * Lists comuni by name. A name search ranks names that start with the text first
 * ("Bergamo" before "Almè … Bergamasco").
 */
export function listComuni(db: Db, filters: ComuneListFilters): { items: ComuneListItem[]; total: number } {
  const where = listWhere(filters);
  const q = filters.q ? foldText(filters.q) : "";
  const totalRow = db.select({ n: count() }).from(comuni).where(where).get();
  const order = [asc(comuni.nameFolded), asc(comuni.istat)];
  if (q) {
    order.unshift(
      sql`CASE WHEN ${comuni.nameFolded} = ${q} THEN 0 WHEN ${comuni.nameFolded} LIKE ${`${escapeLike(q)}%`} ESCAPE '\\' THEN 1 ELSE 2 END`,
    );
  }
  const items = db
    .select({
      istat: comuni.istat,
      name: comuni.name,
      provinceSigla: comuni.provinceSigla,
      population: comuni.population,
      sizeCluster: comuni.sizeCluster,
      suppressed: comuni.suppressed,
    })
    .from(comuni)
    .where(where)
    .orderBy(...order)
    .limit(filters.perPage)
    .offset((filters.page - 1) * filters.perPage)
    .all();
  return { items, total: totalRow?.n ?? 0 };
}

export function getComune(db: Db, istat: string): ComuneRow | undefined {
  return db.select().from(comuni).where(eq(comuni.istat, istat)).get();
}

export function getComuniByIstat(db: Db, codes: string[]): ComuneRow[] {
  if (codes.length === 0) return [];
  return db.select().from(comuni).where(inArray(comuni.istat, codes)).all();
}

export function allComuni(db: Db): ComuneRow[] {
  return db.select().from(comuni).all();
}

export function countComuni(db: Db): number {
  return db.select({ n: count() }).from(comuni).where(eq(comuni.suppressed, false)).get()?.n ?? 0;
}

export function countByCluster(db: Db): Record<SizeCluster, number> {
  const rows = db
    .select({ cluster: comuni.sizeCluster, n: count() })
    .from(comuni)
    .where(eq(comuni.suppressed, false))
    .groupBy(comuni.sizeCluster)
    .all();
  const result: Record<SizeCluster, number> = { piccolo: 0, medio: 0, grande: 0 };
  for (const row of rows) result[row.cluster] = row.n;
  return result;
}

export function provincesInUse(db: Db): { sigla: string; n: number }[] {
  return db
    .select({ sigla: comuni.provinceSigla, n: count() })
    .from(comuni)
    .where(eq(comuni.suppressed, false))
    .groupBy(comuni.provinceSigla)
    .orderBy(asc(comuni.provinceSigla))
    .all();
}

export interface ComuneAggregation {
  id: number;
  name: string;
  type: string;
  leadIstat: string | null;
}

export function aggregationsOf(db: Db, istat: string): ComuneAggregation[] {
  return db
    .select({ id: aggregations.id, name: aggregations.name, type: aggregations.type, leadIstat: aggregations.leadIstat })
    .from(aggregationMembers)
    .innerJoin(aggregations, eq(aggregations.id, aggregationMembers.aggregationId))
    .where(eq(aggregationMembers.istat, istat))
    .orderBy(asc(aggregations.name))
    .all();
}

/** Names of comuni that succeeded this one (when suppressed) — for "confluito in …". */
export function successorName(db: Db, row: ComuneRow): { istat: string; name: string } | undefined {
  if (!row.successorIstat) return undefined;
  const next = db
    .select({ istat: comuni.istat, name: comuni.name })
    .from(comuni)
    .where(eq(comuni.istat, row.successorIstat))
    .get();
  return next;
}


export type ComunePatch = Partial<Omit<ComuneRow, "istat" | "createdAt">>;

export function insertComune(tx: Db, row: Omit<ComuneRow, "createdAt" | "updatedAt" | "rematchPending">): void {
  tx.insert(comuni).values({ ...row, rematchPending: true }).run();
}

/** Updates a comune; a change of population (hence maybe of cluster) marks it for re-matching. */
export function updateComune(tx: Db, istat: string, patch: ComunePatch): void {
  const populationChanged = patch.population !== undefined;
  tx.update(comuni)
    .set({
      ...patch,
      ...(patch.name !== undefined ? { nameFolded: foldText(patch.name) } : {}),
      ...(populationChanged ? { rematchPending: true } : {}),
      updatedAt: new Date().toISOString(),
    })
    .where(eq(comuni.istat, istat))
    .run();
}
