import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { nowIso, type Db } from "~db/client.server";
import { fundingRecords, type FundingRecordRow } from "~db/schema";
import type { FundingRecord } from "~/domain/profile";
import { fromCents } from "~/domain/programme";

/** A comune's funding history (PA digitale 2026 funded applications). */

export const PADIGITALE_SOURCE = "padigitale2026";

export interface FundingHistoryItem extends FundingRecord {
  id: number;
  measureName: string;
  window: string;
  appliedAt: string | null;
  statusDate: string | null;
  cup: string | null;
  source: string;
}

export function toFundingRecord(row: FundingRecordRow): FundingHistoryItem {
  return {
    id: row.id,
    measure: row.measure,
    measureName: row.measureName,
    notice: row.notice,
    window: row.window,
    amount: fromCents(row.amountCents),
    status: row.status,
    appliedAt: row.appliedAt,
    fundedOn: row.fundedOn,
    statusDate: row.statusDate,
    cup: row.cup,
    source: row.source,
  };
}

/** Latest first (funding decree date, then application). */
export function listFunding(db: Db, istat: string): FundingHistoryItem[] {
  return db
    .select()
    .from(fundingRecords)
    .where(eq(fundingRecords.istat, istat))
    .orderBy(desc(fundingRecords.fundedOn), desc(fundingRecords.appliedAt), desc(fundingRecords.id))
    .all()
    .map(toFundingRecord);
}

/** Every record of the given comuni, grouped by comune (for maturity inference). */
export function fundingByComune(tx: Db, istats: readonly string[]): Map<string, FundingRecordRow[]> {
  const result = new Map<string, FundingRecordRow[]>();
  for (let i = 0; i < istats.length; i += 500) {
    const rows = tx
      .select()
      .from(fundingRecords)
      .where(inArray(fundingRecords.istat, istats.slice(i, i + 500)))
      .all();
    for (const row of rows) {
      const list = result.get(row.istat);
      if (list) list.push(row);
      else result.set(row.istat, [row]);
    }
  }
  return result;
}

export type NewFundingRecord = Omit<FundingRecordRow, "id" | "createdAt" | "updatedAt">;

const COMPARED: (keyof NewFundingRecord)[] = [
  "measure",
  "measureName",
  "amountCents",
  "status",
  "appliedAt",
  "fundedOn",
  "statusDate",
  "cup",
  "ipaCode",
  "entityName",
  "decree",
];

/**
 * Upserts one record by its natural key (source, istat, notice, window): a funded application
 * is one comune's application to one notice in one time window (docs/decisions/0033).
 */
export function upsertFundingRecord(tx: Db, record: NewFundingRecord): "created" | "updated" | "unchanged" {
  const current = tx
    .select()
    .from(fundingRecords)
    .where(
      and(
        eq(fundingRecords.source, record.source),
        eq(fundingRecords.istat, record.istat),
        eq(fundingRecords.notice, record.notice),
        eq(fundingRecords.window, record.window),
      ),
    )
    .get();
  if (!current) {
    tx.insert(fundingRecords).values(record).run();
    return "created";
  }
  if (COMPARED.every((k) => current[k] === record[k])) return "unchanged";
  tx.update(fundingRecords).set({ ...record, updatedAt: nowIso() }).where(eq(fundingRecords.id, current.id)).run();
  return "updated";
}

/** Per comune and measure: obtained cents (assigned or paid) and whether any was renounced. */
export function fundingTotals(db: Db): { istat: string; measure: string; obtainedCents: number; renounced: boolean }[] {
  return db
    .select({
      istat: fundingRecords.istat,
      measure: fundingRecords.measure,
      obtainedCents: sql<number>`coalesce(sum(CASE WHEN ${fundingRecords.status} <> 'rinunciato' THEN ${fundingRecords.amountCents} END), 0)`,
      renounced: sql<number>`max(${fundingRecords.status} = 'rinunciato')`,
    })
    .from(fundingRecords)
    .groupBy(fundingRecords.istat, fundingRecords.measure)
    .all()
    .map((r) => ({ ...r, renounced: r.renounced === 1 }));
}
