import { readFileSync } from "node:fs";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "~db/client.server";
import { comuni } from "~db/schema";
import { saveAggregation } from "~/data/aggregations.server";
import { updateComune } from "~/data/comuni.server";
import { setMaturity } from "~/data/maturity.server";
import { loadAllProfiles, loadComuneProfile, loadProfiles } from "~/data/profiles.server";
import { createUser } from "~/data/users.server";
import { runImport } from "~/jobs/import.server";
import { createTestDb } from "../setup/db";
import { clearRematch, pendingRematch } from "../setup/rematch";

const fixtures = join(import.meta.dirname, "..", "fixtures");
const file = (...parts: string[]) => readFileSync(join(fixtures, ...parts));

function loaded(): Db {
  const db = createTestDb({ seedComuni: true });
  runImport(db, { kind: "programmazione", content: file("programmazione", "programmazione-comuni.csv"), input: "p.csv" });
  runImport(db, { kind: "candidature-padigitale", content: file("padigitale2026", "candidature_finanziate_144_estratto.csv"), input: "a.csv" });
  runImport(db, { kind: "candidature-padigitale", content: file("padigitale2026", "candidature_finanziate_varie_misure.csv"), input: "b.csv" });
  runImport(db, { kind: "aggregazioni", content: file("aggregazioni", "aggregazioni.csv"), input: "g.csv" });
  return db;
}

describe("loadComuneProfile / loadAllProfiles (what the matching reads)", () => {
  it("assembles a comune's registry facts, aggregations, programme, maturity and funding history", () => {
    const db = loaded();
    const profile = loadComuneProfile(db, "016024")!;
    expect(profile).toMatchObject({
      istat: "016024",
      name: "Bergamo",
      provinceSigla: "BG",
      regionCode: "03",
      population: 115349,
      sizeCluster: "grande",
      aggregations: [{ id: expect.any(Number), name: "Convenzione segreteria Bergamo (esempio)", type: "convenzione" }],
    });
    expect(profile.programme).toHaveLength(3);
    expect(profile.programme[0]).toEqual({
      id: expect.any(Number),
      title: "Migrazione al cloud dei servizi demografici",
      description: "Trasferimento dei gestionali anagrafe e stato civile su cloud qualificato",
      themes: ["cloud", "anagrafe"],
      amount: 120000,
      startYear: 2026,
      endYear: 2027,
      instrument: "PT-ICT",
      state: "previsto",
    });
    expect(profile.maturity.map((m) => m.key)).toEqual(["spid", "cie", "anpr", "ansc", "send"]);
    expect(profile.maturity[0]).toMatchObject({ state: "completato", setBy: "inferito", date: "2024-07-29" });
    expect(profile.fundingHistory).toEqual([
      { measure: "1.4.4", notice: "1.4.4 Adozione SPID CIE - Comuni - Aprile 2022", amount: 14000, status: "erogato", fundedOn: "2022-08-02", statusDate: "2024-07-29", cup: "I31F22000170999" },
      expect.objectContaining({ measure: "1.4.5", amount: 59966, status: "erogato" }),
      expect.objectContaining({ measure: "1.4.4", amount: 16274.8, status: "assegnato" }),
    ]);
    expect(loadComuneProfile(db, "999999")).toBeUndefined();
  });

  it("loads every active comune in one pass, identical to the single loader", () => {
    const db = loaded();
    const all = loadAllProfiles(db);
    // 1,506 comuni of 2020 + Uggiate con Ronago (added by the funding import) − its 2 predecessors.
    expect(all).toHaveLength(1505);
    expect(all.some((p) => p.istat === "013199")).toBe(false);
    for (const istat of ["016024", "016001", "016002", "013256", "097074"]) {
      expect(all.find((p) => p.istat === istat)).toEqual(loadComuneProfile(db, istat));
    }
    expect(loadProfiles(db, { istats: ["016002", "016001", "013199"] }).map((p) => p.istat)).toEqual(["016001", "016002"]);
    expect(loadProfiles(db, { istats: ["013199"], includeSuppressed: true })[0]?.fundingHistory).toHaveLength(1);
    expect(loadProfiles(db, { istats: [] })).toEqual([]);
  });
});

describe("re-match hook: every profile change marks the comuni it affects", () => {
  const fresh = () => {
    const db = createTestDb({ seedComuni: true });
    clearRematch(db);
    return db;
  };
  const pending = pendingRematch;

  it("population: an ANPR import and a direct registry update", () => {
    const db = fresh();
    const anpr = "MESE,ANNO,REGIONE,PROVINCIA,COD_ISTAT_COMUNE,COMUNE,RESIDENTI\n4,2026,LOMBARDIA,BERGAMO,016001,ADRARA SAN MARTINO,2216\n";
    runImport(db, { kind: "popolazione-anpr", content: Buffer.from(anpr), input: "anpr.csv" });
    expect(pending(db)).toEqual(["016001"]);
    updateComune(db, "016002", { population: 900 });
    expect(pending(db)).toEqual(["016001", "016002"]);
  });

  it("maturity: a person's edit, and clearing a key", () => {
    const db = fresh();
    const user = createUser(db, { email: "rtd@example.org", role: "rtd", comuni: ["016024"] });
    setMaturity(db, "016024", [{ key: "cloud", state: "in-corso", date: "2026-01-10" }], { role: "rtd", userId: user.id });
    expect(pending(db)).toEqual(["016024"]);
    db.update(comuni).set({ rematchPending: false }).where(eq(comuni.istat, "016024")).run();
    setMaturity(db, "016024", [{ key: "cloud", state: null, date: null }], { role: "rtd", userId: user.id });
    expect(pending(db)).toEqual(["016024"]);
  });

  it("clearing a key a person set brings back the state the funding history gives", () => {
    const db = loaded();
    const user = createUser(db, { email: "rtd@example.org", role: "rtd", comuni: ["016024"] });
    setMaturity(db, "016024", [{ key: "send", state: "non-avviato", date: "2026-01-10" }], { role: "rtd", userId: user.id });
    expect(loadComuneProfile(db, "016024")!.maturity.find((m) => m.key === "send")).toMatchObject({ state: "non-avviato", setBy: "rtd" });
    setMaturity(db, "016024", [{ key: "send", state: null, date: null }], { role: "rtd", userId: user.id });
    expect(loadComuneProfile(db, "016024")!.maturity.find((m) => m.key === "send")).toMatchObject({ state: "completato", setBy: "inferito" });
  });

  it("aggregation membership: created and changed by a curator", () => {
    const db = fresh();
    const created = saveAggregation(db, undefined, { name: "Unione X", type: "unione-di-comuni", leadIstat: null, members: ["016001", "016002"] });
    expect(pending(db)).toEqual(["016001", "016002"]);
    clearRematch(db);
    if (!created.ok) throw new Error("setup");
    saveAggregation(db, created.id, { name: "Unione X", type: "convenzione", leadIstat: null, members: ["016001", "016002"] });
    // A type change matters for associated-form eligibility: every member.
    expect(pending(db)).toEqual(["016001", "016002"]);
  });
});
