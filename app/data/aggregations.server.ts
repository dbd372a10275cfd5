import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { nowIso, writeTransaction, type Db } from "~db/client.server";
import { aggregationMembers, aggregations, comuni } from "~db/schema";
import type { AggregationSort } from "~/domain/aggregation-form";
import type { AggregationType } from "~/domain/taxonomy";
import { foldText } from "~/domain/text";
import { markForRematch } from "./rematch.server";

/**
 * Unioni di comuni, comunità montane and other associations. Curators edit them; members and
 * type feed the matching (associated-form eligibility), so every change marks the comuni it
 * affects for re-matching. Natural key for imports: the folded name (docs/decisions/0034).
 */

export interface AggregationInput {
  name: string;
  type: AggregationType;
  leadIstat: string | null;
  members: string[];
}

export interface AggregationSummary {
  id: number;
  name: string;
  type: AggregationType;
  leadIstat: string | null;
  leadName: string | null;
  members: number;
}

export interface AggregationDetail extends Omit<AggregationSummary, "members"> {
  members: { istat: string; name: string; provinceSigla: string; population: number; suppressed: boolean }[];
  updatedAt: string;
}


export interface AggregationListFilters {
  q?: string;
  type?: AggregationType;
  sort?: AggregationSort;
  page: number;
  perPage: number;
}

const memberCount = sql<number>`(SELECT count(*) FROM ${aggregationMembers} WHERE ${aggregationMembers.aggregationId} = ${aggregations.id})`;
const leadName = sql<string | null>`(SELECT ${comuni.name} FROM ${comuni} WHERE ${comuni.istat} = ${aggregations.leadIstat})`;
const summaryColumns = {
  id: aggregations.id,
  name: aggregations.name,
  type: aggregations.type,
  leadIstat: aggregations.leadIstat,
  leadName,
  members: memberCount,
};

/**
 * Lists aggregations. They are few (hundreds in a region), so the accent-insensitive search,
 * sort and page are done in memory over one query.
 */
export function listAggregations(db: Db, filters: AggregationListFilters): { items: AggregationSummary[]; total: number } {
  const q = filters.q ? foldText(filters.q) : "";
  const all = db
    .select(summaryColumns)
    .from(aggregations)
    .where(filters.type ? eq(aggregations.type, filters.type) : undefined)
    .all()
    .filter((a) => !q || foldText(a.name).includes(q) || (a.leadName !== null && foldText(a.leadName).includes(q)));
  const byName = (a: AggregationSummary, b: AggregationSummary) => foldText(a.name).localeCompare(foldText(b.name), "it");
  all.sort(
    filters.sort === "tipo"
      ? (a, b) => a.type.localeCompare(b.type) || byName(a, b)
      : filters.sort === "comuni"
        ? (a, b) => b.members - a.members || byName(a, b)
        : byName,
  );
  const start = (filters.page - 1) * filters.perPage;
  return { items: all.slice(start, start + filters.perPage), total: all.length };
}

/** Every aggregation with its member codes (for the CSV export, in the import format). */
export function exportAggregations(db: Db): { name: string; type: AggregationType; leadIstat: string | null; members: string[] }[] {
  const rows = db.select().from(aggregations).orderBy(asc(aggregations.name)).all();
  const members = new Map<number, string[]>();
  for (const m of db.select().from(aggregationMembers).orderBy(asc(aggregationMembers.istat)).all()) {
    const list = members.get(m.aggregationId) ?? [];
    list.push(m.istat);
    members.set(m.aggregationId, list);
  }
  return rows.map((r) => ({ name: r.name, type: r.type, leadIstat: r.leadIstat, members: members.get(r.id) ?? [] }));
}

export function getAggregation(db: Db, id: number): AggregationDetail | undefined {
  const row = db
    .select({ ...summaryColumns, updatedAt: aggregations.updatedAt })
    .from(aggregations)
    .where(eq(aggregations.id, id))
    .get();
  if (!row) return undefined;
  const { members: _count, ...header } = row;
  const members = db
    .select({
      istat: comuni.istat,
      name: comuni.name,
      provinceSigla: comuni.provinceSigla,
      population: comuni.population,
      suppressed: comuni.suppressed,
    })
    .from(aggregationMembers)
    .innerJoin(comuni, eq(comuni.istat, aggregationMembers.istat))
    .where(eq(aggregationMembers.aggregationId, id))
    .orderBy(asc(comuni.nameFolded))
    .all();
  return { ...header, members };
}

/** Aggregations of a comune with their member counts (comune page and API). */
export function aggregationsOfComune(db: Db, istat: string): AggregationSummary[] {
  return db
    .select(summaryColumns)
    .from(aggregationMembers)
    .innerJoin(aggregations, eq(aggregations.id, aggregationMembers.aggregationId))
    .where(eq(aggregationMembers.istat, istat))
    .orderBy(asc(aggregations.name))
    .all();
}

/** The aggregation with this name (case, accents and spacing ignored), if any. */
export function findAggregationByName(tx: Db, name: string): { id: number } | undefined {
  const key = foldText(name);
  return tx
    .select({ id: aggregations.id, name: aggregations.name })
    .from(aggregations)
    .all()
    .find((a) => foldText(a.name) === key);
}

function memberCodes(tx: Db, id: number): string[] {
  return tx
    .select({ istat: aggregationMembers.istat })
    .from(aggregationMembers)
    .where(eq(aggregationMembers.aggregationId, id))
    .all()
    .map((r) => r.istat);
}

export type AggregationWriteResult =
  | { ok: true; id: number; outcome: "created" | "updated" | "unchanged" }
  | { ok: false; reason: "nome-duplicato" | "non-trovato" };

/**
 * Writes an aggregation (create when `id` is undefined) and its member list. Marks for
 * re-matching the members added or removed, and every member when name, type or lead change.
 * Call inside a write transaction.
 */
export function saveAggregationTx(tx: Db, id: number | undefined, input: AggregationInput): AggregationWriteResult {
  const clash = findAggregationByName(tx, input.name);
  if (clash && clash.id !== id) return { ok: false, reason: "nome-duplicato" };
  const members = [...new Set(input.members)].sort();
  if (id === undefined) {
    const row = tx
      .insert(aggregations)
      .values({ name: input.name, type: input.type, leadIstat: input.leadIstat })
      .returning({ id: aggregations.id })
      .get();
    if (members.length > 0) tx.insert(aggregationMembers).values(members.map((istat) => ({ aggregationId: row.id, istat }))).run();
    markForRematch(tx, members);
    return { ok: true, id: row.id, outcome: "created" };
  }
  const current = tx.select().from(aggregations).where(eq(aggregations.id, id)).get();
  if (!current) return { ok: false, reason: "non-trovato" };
  const before = memberCodes(tx, id);
  const added = members.filter((m) => !before.includes(m));
  const removed = before.filter((m) => !members.includes(m));
  const headerChanged = current.name !== input.name || current.type !== input.type || current.leadIstat !== input.leadIstat;
  if (!headerChanged && added.length === 0 && removed.length === 0) return { ok: true, id, outcome: "unchanged" };
  if (headerChanged) {
    tx.update(aggregations)
      .set({ name: input.name, type: input.type, leadIstat: input.leadIstat, updatedAt: nowIso() })
      .where(eq(aggregations.id, id))
      .run();
  } else {
    tx.update(aggregations).set({ updatedAt: nowIso() }).where(eq(aggregations.id, id)).run();
  }
  if (removed.length > 0) {
    tx.delete(aggregationMembers)
      .where(and(eq(aggregationMembers.aggregationId, id), inArray(aggregationMembers.istat, removed)))
      .run();
  }
  if (added.length > 0) tx.insert(aggregationMembers).values(added.map((istat) => ({ aggregationId: id, istat }))).run();
  markForRematch(tx, headerChanged ? [...members, ...removed] : [...added, ...removed]);
  return { ok: true, id, outcome: "updated" };
}

export function saveAggregation(db: Db, id: number | undefined, input: AggregationInput): AggregationWriteResult {
  return writeTransaction(db, (tx) => saveAggregationTx(tx, id, input));
}

/** Deletes an aggregation (members cascade) and marks its former members for re-matching. */
export function deleteAggregation(db: Db, id: number): boolean {
  return writeTransaction(db, (tx) => {
    const members = memberCodes(tx, id);
    const result = tx.delete(aggregations).where(eq(aggregations.id, id)).run();
    if (result.changes > 0) markForRematch(tx, members);
    return result.changes > 0;
  });
}

/** Which of these codes the registry does not know (form validation). */
export function unknownComuni(db: Db, codes: readonly string[]): string[] {
  if (codes.length === 0) return [];
  const known = new Set(
    db
      .select({ istat: comuni.istat })
      .from(comuni)
      .where(inArray(comuni.istat, [...codes]))
      .all()
      .map((r) => r.istat),
  );
  return codes.filter((c) => !known.has(c));
}
