import { readFileSync } from "node:fs";
import { and, count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "~db/client.server";
import { fundingRecords, maturityEntries } from "~db/schema";
import { parseCandidaturePadigitale, type FundingApplicationRow } from "~/imports/candidature-padigitale";
import { runImport } from "~/jobs/import.server";
import { createTestDb } from "../setup/db";
import { sharedFile } from "../setup/shared-data";

/**
 * The real PA digitale 2026 funded applications of Lombardy (../shared/data, never committed):
 * every comuni row lands on its ISTAT code. Counts measured on the files of 2025-01 / 2026-08.
 */
const FILES = {
  "131": { read: 2054, comuni: 2034, byName: 0, byMerger: 1, skipped: { "Altri Enti": 19, ASL: 1 } },
  "141": { read: 2152, comuni: 1216, byName: 0, byMerger: 0, skipped: { Scuole: 936 } },
  "144": { read: 2229, comuni: 2064, byName: 0, byMerger: 2, skipped: { "Altri Enti": 164, ASL: 1 } },
  "145": { read: 1440, comuni: 1440, byName: 2, byMerger: 2, skipped: {} },
} as const;

const paths = Object.fromEntries(
  Object.keys(FILES).map((m) => [m, sharedFile("padigitale2026", `candidature_finanziate_${m}_lombardia.csv`)]),
) as Record<keyof typeof FILES, string | undefined>;
const allPresent = Object.values(paths).every(Boolean);

/** Rows whose `cod_comune` is N/D, and where they must land. */
const BY_NAME: Record<string, string> = {
  "Uggiate con Ronago|CO": "013256",
  "Bardello con Malgesso e Bregano|VA": "012144",
  "Ronago|CO": "013199",
  "Albaredo Arnaboldi|PV": "018002",
};

function recordExists(db: Db, istat: string, row: FundingApplicationRow): boolean {
  return (
    (db
      .select({ n: count() })
      .from(fundingRecords)
      .where(and(eq(fundingRecords.istat, istat), eq(fundingRecords.notice, row.notice), eq(fundingRecords.window, row.window)))
      .get()?.n ?? 0) === 1
  );
}

describe.skipIf(!allPresent)("the real PA digitale 2026 Lombardy files (../shared/data, not committed)", () => {
  it.each(Object.keys(FILES) as (keyof typeof FILES)[])("candidature_finanziate_%s_lombardia.csv: every comuni row placed on its ISTAT code", (measure) => {
    const expected = FILES[measure];
    const content = readFileSync(paths[measure]!);
    const db = createTestDb({ seedComuni: true });
    const summary = runImport(db, { kind: "candidature-padigitale", content, input: `${measure}.csv` });
    expect(summary).toMatchObject({ status: "completato", read: expected.read, rejected: 0, created: expected.comuni });
    expect(summary.details).toMatchObject({
      comuniRows: expected.comuni,
      placed: expected.comuni,
      skippedByType: expected.skipped,
      skippedOtherRegions: 0,
    });
    // On a fresh registry (2020 list) every N/D row is placed by name or through a known merger.
    expect(summary.details).toMatchObject({ placedByName: expected.byName, placedByMerger: expected.byMerger });

    for (const { value } of parseCandidaturePadigitale(content).records) {
      if (value.entityType !== "comune") continue;
      const istat = value.istat ?? BY_NAME[`${value.comuneName}|${value.provinceSigla}`];
      expect(istat, `${value.comuneName} (${value.provinceSigla})`).toBeDefined();
      expect(recordExists(db, istat!, value), `${value.comuneName}: ${value.notice}`).toBe(true);
    }
  });

  it("all four files together: idempotent, statuses mapped, maturity inferred", () => {
    const db = createTestDb({ seedComuni: true });
    const contents = (Object.keys(FILES) as (keyof typeof FILES)[]).map((m) => readFileSync(paths[m]!));
    for (const content of contents) runImport(db, { kind: "candidature-padigitale", content, input: "f.csv" });
    const again = contents.map((content) => runImport(db, { kind: "candidature-padigitale", content, input: "f.csv" }));
    expect(again.map((s) => [s.created, s.updated])).toEqual([
      [0, 0],
      [0, 0],
      [0, 0],
      [0, 0],
    ]);
    const total = db.select({ n: count() }).from(fundingRecords).get()?.n;
    expect(total).toBe(2034 + 1216 + 2064 + 1440);
    const byStatus = Object.fromEntries(
      db
        .select({ status: fundingRecords.status, n: count() })
        .from(fundingRecords)
        .groupBy(fundingRecords.status)
        .all()
        .map((r) => [r.status, r.n]),
    );
    expect(byStatus).toEqual({ assegnato: 2480, erogato: 3757, rinunciato: 517 });
    // 1.4.5 paid → SEND completed for 1,216 comuni.
    const send = db
      .select({ n: count() })
      .from(maturityEntries)
      .where(and(eq(maturityEntries.key, "send"), eq(maturityEntries.state, "completato"), eq(maturityEntries.setBy, "inferito")))
      .get()?.n;
    expect(send).toBe(1216);
  });
});
