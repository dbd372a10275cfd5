import { count } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { calls } from "~db/schema";
import { ensureSeeded } from "~db/seed/index.server";
import { ensureDemoCalls } from "~db/seed/demo.server";
import { publishedCallsWithSources } from "~/data/calls.server";
import { callStatus } from "~/domain/call";
import { createTestDb } from "../setup/db";

describe("demo data on first start", () => {
  it("loads at least 60 published calls in the canonical format, once", () => {
    const db = createTestDb({ seedComuni: true });
    const now = new Date("2027-06-10T08:00:00Z");
    expect(ensureDemoCalls(db, now)).toBeGreaterThanOrEqual(60);
    expect(ensureSeeded(db)).toMatchObject({ demoCalls: 0 });
    const published = publishedCallsWithSources(db);
    expect(published.length).toBe(db.select({ n: count() }).from(calls).get()!.n);
    expect(published.every((p) => p.sources[0]?.fonte === "demo")).toBe(true);
  });

  it("stays realistic whatever day it is loaded: open, upcoming, closed and a sportello", () => {
    for (const day of ["2026-01-15T10:00:00Z", "2031-09-01T10:00:00Z"]) {
      const db = createTestDb();
      const now = new Date(day);
      ensureDemoCalls(db, now);
      const rows = publishedCallsWithSources(db).map((p) => p.call);
      const statuses = rows.map((c) => callStatus(c, now));
      expect(statuses.filter((s) => s === "aperto").length).toBeGreaterThanOrEqual(25);
      expect(statuses.filter((s) => s === "in-arrivo").length).toBeGreaterThanOrEqual(8);
      expect(statuses.filter((s) => s === "chiuso").length).toBeGreaterThanOrEqual(8);
      expect(rows.filter((c) => c.deadline === null).length).toBeGreaterThanOrEqual(3);
    }
  });

  it("carries the PA digitale 2026 measures with the real band amounts, small-comuni, provincial and unioni-only calls", () => {
    const db = createTestDb();
    ensureDemoCalls(db, new Date("2026-05-01T10:00:00Z"));
    const rows = publishedCallsWithSources(db).map((p) => p.call);
    const notifiche = rows.find((c) => c.pnrrMeasure === "M1C1-1.4.5")!;
    expect(notifiche.amountBands.map((b) => b.amount)).toEqual([23147, 32589, 59966, 69000, 97247]);
    const spid = rows.find((c) => c.pnrrMeasure === "M1C1-1.4.4")!;
    expect(spid.amountBands).toEqual([{ populationMin: 0, populationMax: null, amount: 14000 }]);
    const sito = rows.find((c) => c.pnrrMeasure === "M1C1-1.4.1" && c.amountBands.length)!;
    expect(sito.amountBands[0]).toEqual({ populationMin: 0, populationMax: 5000, amount: 28902 + 4 * 12755 });
    expect(rows.filter((c) => c.populationMax !== null && c.populationMax <= 5000 && c.issuer === "Regione Lombardia").length).toBeGreaterThanOrEqual(3);
    expect(rows.filter((c) => c.territory.provinces.length > 0).length).toBeGreaterThanOrEqual(8);
    expect(rows.filter((c) => c.associatedOnly && c.beneficiaries.every((b) => b === "unione-di-comuni" || b === "comunita-montana")).length).toBeGreaterThanOrEqual(3);
    expect(new Set(rows.map((c) => c.issuer)).size).toBeGreaterThanOrEqual(15);
    expect(new Set(rows.flatMap((c) => c.themes)).size).toBe(23);
  });
});
