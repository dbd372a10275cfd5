import { readFileSync } from "node:fs";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { fundingRecords, peerComparisons, programmeItems } from "~db/schema";
import { getComune } from "~/data/comuni.server";
import { listFunding } from "~/data/funding.server";
import { listMaturity, setMaturity } from "~/data/maturity.server";
import { listProgramme } from "~/data/programme.server";
import { peerComparisonsOf } from "~/data/peers.server";
import { getAggregation, listAggregations } from "~/data/aggregations.server";
import { createUser } from "~/data/users.server";
import { runImport } from "~/jobs/import.server";
import { createTestDb } from "../setup/db";
import { clearRematch, pendingRematch } from "../setup/rematch";

const fixtures = join(import.meta.dirname, "..", "fixtures");
const file = (...parts: string[]) => readFileSync(join(fixtures, ...parts));

const pending = pendingRematch;

describe("import programmazione", () => {
  it("creates the items, marks their comuni for re-matching, and changes nothing the second time", () => {
    const db = createTestDb({ seedComuni: true });
    clearRematch(db);
    const first = runImport(db, { kind: "programmazione", content: file("programmazione", "programmazione-comuni.csv"), input: "p.csv" });
    expect(first).toMatchObject({ status: "completato", read: 5, created: 5, updated: 0, unchanged: 0, rejected: 0 });
    expect(pending(db)).toEqual(["016001", "016024"]);
    const bergamo = listProgramme(db, "016024");
    expect(bergamo.map((i) => i.title)).toContain("Riqualificazione energetica della scuola primaria «Rodari»");
    expect(bergamo.find((i) => i.instrument === "POP")).toMatchObject({ amount: 1250000, themes: ["energia", "scuole"], state: "previsto" });

    clearRematch(db);
    const again = runImport(db, { kind: "programmazione", content: file("programmazione", "programmazione-comuni.csv"), input: "p.csv" });
    expect(again).toMatchObject({ status: "completato", created: 0, updated: 0, unchanged: 5 });
    expect(pending(db)).toEqual([]);
  });

  it("rejects each bad row with its line and loads the good ones", () => {
    const db = createTestDb({ seedComuni: true });
    const summary = runImport(db, { kind: "programmazione", content: file("programmazione", "programmazione-errori.csv"), input: "e.csv" });
    expect(summary).toMatchObject({ status: "completato", read: 8, created: 2, rejected: 6 });
    expect(summary.rejects.map((r) => [r.line, r.field])).toEqual([
      [3, "istat"],
      [4, "temi"],
      [5, "strumento"],
      [6, "importo"],
      [7, "annoFine"],
      [8, "titolo"],
    ]);
    expect(summary.rejects[0]?.reason).toBe("comune sconosciuto: nessun comune con codice ISTAT 999999");
    expect(summary.rejects[5]?.reason).toContain("riga 2");
    expect(listProgramme(db, "016001").map((i) => i.title)).toEqual(["Codice senza zero iniziale"]);
  });

  it("updates an item by its natural key and keeps the state the RTD set", () => {
    const db = createTestDb({ seedComuni: true });
    runImport(db, { kind: "programmazione", content: file("programmazione", "programmazione-comuni.csv"), input: "p.csv" });
    const item = listProgramme(db, "016001").find((i) => i.title.startsWith("Adesione a SEND"))!;
    db.update(programmeItems).set({ state: "in-corso" }).where(eq(programmeItems.id, item.id)).run();
    clearRematch(db);
    const text = "istat,titolo,temi,importo,annoInizio,annoFine,strumento\n016001,ADESIONE a SEND per le notifiche delle  sanzioni,notifiche|procedimenti,30000,2026,2027,DUP\n";
    const summary = runImport(db, { kind: "programmazione", content: Buffer.from(text), input: "u.csv" });
    expect(summary).toMatchObject({ created: 0, updated: 1 });
    expect(listProgramme(db, "016001").find((i) => i.id === item.id)).toMatchObject({
      title: "ADESIONE a SEND per le notifiche delle sanzioni",
      themes: ["notifiche", "procedimenti"],
      amount: 30000,
      endYear: 2027,
      state: "in-corso",
    });
    expect(pending(db)).toEqual(["016001"]);
  });
});

describe("import candidature-padigitale (fixtures in the real format)", () => {
  function imported() {
    const db = createTestDb({ seedComuni: true });
    clearRematch(db);
    const a = runImport(db, { kind: "candidature-padigitale", content: file("padigitale2026", "candidature_finanziate_144_estratto.csv"), input: "144.csv" });
    const b = runImport(db, { kind: "candidature-padigitale", content: file("padigitale2026", "candidature_finanziate_varie_misure.csv"), input: "varie.csv" });
    return { db, a, b };
  }

  it("places every comuni row on its ISTAT code, by name when the code is N/D, adding a known merger's successor", () => {
    const { db, a, b } = imported();
    expect(a).toMatchObject({ status: "completato", read: 7, created: 5, rejected: 0 });
    expect(a.details).toMatchObject({
      comuniRows: 5,
      placed: 5,
      placedByName: 0,
      placedByMerger: 1,
      skippedByType: { Scuole: 1, "Altri Enti": 1 },
      skippedOtherTypes: 2,
      addedComuni: [{ istat: "013256", name: "Uggiate con Ronago", predecessors: ["013228", "013199"] }],
    });
    // The successor exists now, its predecessors are ceased and point to it.
    expect(getComune(db, "013256")).toMatchObject({ populationSource: "somma-comuni-fusi", suppressed: false });
    expect(getComune(db, "013199")).toMatchObject({ suppressed: true, successorIstat: "013256" });
    expect(listFunding(db, "013256")).toHaveLength(1);

    expect(b).toMatchObject({ status: "completato", read: 10, created: 8, rejected: 0 });
    expect(b.details).toMatchObject({ comuniRows: 9, placed: 8, placedByName: 1, placedByMerger: 0, skippedByType: { ASL: 1 }, skippedOtherRegions: 1 });
    // Ronago's 2022 application stays on Ronago (013199), now ceased.
    expect(listFunding(db, "013199")).toEqual([expect.objectContaining({ measure: "1.4.5", status: "rinunciato", amount: 23147 })]);
  });

  it("parses amounts, dates and statuses", () => {
    const { db } = imported();
    const bergamo = listFunding(db, "016024");
    expect(bergamo.map((f) => [f.measure, f.status, f.amount, f.fundedOn])).toEqual([
      ["1.4.4", "assegnato", 16274.8, "2025-01-24"],
      ["1.4.5", "erogato", 59966, "2023-01-03"],
      ["1.4.4", "erogato", 14000, "2022-08-02"],
    ]);
    expect(bergamo[2]).toMatchObject({ appliedAt: "2022-05-03T07:14:19.000Z", statusDate: "2024-07-29", cup: "I31F22000170999", window: "1" });
  });

  it("infers maturity from the funding, marked as inferred, and marks the comuni for re-matching", () => {
    const { db } = imported();
    const states = (istat: string) => Object.fromEntries(listMaturity(db, istat).map((e) => [e.key, [e.state, e.setBy, e.date]]));
    expect(states("016024")).toEqual({
      spid: ["completato", "inferito", "2024-07-29"],
      cie: ["completato", "inferito", "2024-07-29"],
      anpr: ["in-corso", "inferito", "2025-01-24"],
      ansc: ["in-corso", "inferito", "2025-01-24"],
      send: ["completato", "inferito", "2024-04-05"],
    });
    expect(states("016002")).toEqual({
      pagopa: ["completato", "inferito", "2023-12-01"],
      "app-io": ["in-corso", "inferito", "2022-07-15"],
      pdnd: ["completato", "inferito", "2025-06-15"],
      cloud: ["in-corso", "inferito", "2022-09-30"],
      "sito-web": ["in-corso", "inferito", "2022-08-19"],
    });
    // Adrara San Rocco renounced 1.4.4: nothing inferred for SPID.
    expect(listMaturity(db, "016001").map((e) => e.key)).toEqual(["spid", "cie", "send"]);
    // The comuni whose funding or maturity changed; the new successor comes in pending too.
    expect(pending(db)).toEqual(["013199", "013256", "016001", "016002", "016024"]);
  });

  it("never overwrites a state set by the RTD or the redazione; re-running changes nothing", () => {
    const { db } = imported();
    const rtd = createUser(db, { email: "rtd@bergamo.example", role: "rtd", comuni: ["016024"] });
    const admin = createUser(db, { email: "admin@anci.example", role: "admin" });
    setMaturity(db, "016024", [{ key: "send", state: "in-corso", date: "2025-01-01" }], { role: "rtd", userId: rtd.id });
    setMaturity(db, "016024", [{ key: "anpr", state: "completato", date: "2022-01-01" }], { role: "admin", userId: admin.id });
    clearRematch(db);
    const again = runImport(db, { kind: "candidature-padigitale", content: file("padigitale2026", "candidature_finanziate_varie_misure.csv"), input: "varie.csv" });
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 8 });
    // A later file with a changed status updates the record and the inferred states only.
    const changed = file("padigitale2026", "candidature_finanziate_144_estratto.csv")
      .toString("utf8")
      .replace("Decreto n.138 - 1 / 2024 - PNRR,A,2025-01-24", "Decreto n.138 - 1 / 2024 - PNRR,E,2026-03-01");
    const later = runImport(db, { kind: "candidature-padigitale", content: Buffer.from(changed), input: "144.csv" });
    expect(later).toMatchObject({ created: 0, updated: 1, unchanged: 4 });
    const entries = Object.fromEntries(listMaturity(db, "016024").map((e) => [e.key, e]));
    expect(entries.send).toMatchObject({ state: "in-corso", setBy: "rtd", date: "2025-01-01" });
    expect(entries.anpr).toMatchObject({ state: "completato", setBy: "redazione", date: "2022-01-01" });
    expect(entries.ansc).toMatchObject({ state: "completato", setBy: "inferito", date: "2026-03-01" });
    expect(pending(db)).toEqual(["016024"]);
  });

  it("rejects bad rows with their line and loads the rest", () => {
    const db = createTestDb({ seedComuni: true });
    const summary = runImport(db, { kind: "candidature-padigitale", content: file("padigitale2026", "candidature_finanziate_errori.csv"), input: "e.csv" });
    expect(summary.status).toBe("completato");
    expect(summary.rejects.map((r) => [r.line, r.field])).toEqual([
      [2, "stato_candidatura"],
      [3, "importo_finanziamento"],
      [4, "data_finanziamento"],
      [5, "cod_comune"],
      [7, "avviso"],
    ]);
    expect(summary.rejects[3]?.reason).toContain("Paese Inventato");
    expect(summary.rejects[4]?.reason).toContain("riga 6");
    expect(db.select().from(fundingRecords).all()).toHaveLength(1);
  });

  it("precomputes the peer comparison after each funding import", () => {
    const { db } = imported();
    const row = peerComparisonsOf(db, "016001").find((r) => r.measure === "1.4.5" && r.scope === "provincia");
    expect(row).toMatchObject({ ownCents: 2_314_700, peersFunded: 0 });
    const other = peerComparisonsOf(db, "016002").find((r) => r.measure === "1.4.5" && r.scope === "provincia");
    // Adrara San Martino is the only small comune of Bergamo province with 1.4.5 funds in the fixtures.
    expect(other).toMatchObject({ ownCents: null, peersFunded: 1, medianCents: 2_314_700 });
    expect(other?.peers).toBeGreaterThan(100);
    const measures = new Set(db.select({ m: peerComparisons.measure }).from(peerComparisons).all().map((r) => r.m));
    expect([...measures].sort()).toEqual(["1.2", "1.3.1", "1.4.1", "1.4.3", "1.4.4", "1.4.5"]);
  });

  it("recomputes the peer comparison when a population import moves a comune to another cluster", () => {
    const { db } = imported();
    const before = peerComparisonsOf(db, "016002").find((r) => r.measure === "1.4.5" && r.scope === "provincia")!;
    // Adrara San Martino (2,161 residents in 2011) grows past 5,000: it leaves the small comuni.
    const anpr = "MESE,ANNO,REGIONE,PROVINCIA,COD_ISTAT_COMUNE,COMUNE,RESIDENTI\n4,2026,LOMBARDIA,BERGAMO,016001,ADRARA SAN MARTINO,5200\n";
    runImport(db, { kind: "popolazione-anpr", content: Buffer.from(anpr), input: "anpr.csv" });
    const after = peerComparisonsOf(db, "016002").find((r) => r.measure === "1.4.5" && r.scope === "provincia")!;
    expect(after).toMatchObject({ peers: before.peers - 1, peersFunded: 0, medianCents: null });
  });
});

describe("import aggregazioni", () => {
  it("creates aggregations with members and lead, idempotently, marking the members for re-matching", () => {
    const db = createTestDb({ seedComuni: true });
    clearRematch(db);
    const first = runImport(db, { kind: "aggregazioni", content: file("aggregazioni", "aggregazioni.csv"), input: "a.csv" });
    expect(first).toMatchObject({ status: "completato", created: 3, rejected: 0 });
    expect(pending(db)).toEqual(["016001", "016002", "016003", "016004", "016005", "016024"]);
    const list = listAggregations(db, { page: 1, perPage: 10, q: "valle imagna" });
    expect(list.total).toBe(1);
    expect(getAggregation(db, list.items[0]!.id)).toMatchObject({
      type: "unione-di-comuni",
      leadIstat: "016001",
      leadName: "Adrara San Martino",
      members: [expect.objectContaining({ istat: "016001" }), expect.objectContaining({ istat: "016002" }), expect.objectContaining({ istat: "016003" })],
    });
    clearRematch(db);
    expect(runImport(db, { kind: "aggregazioni", content: file("aggregazioni", "aggregazioni.csv"), input: "a.csv" })).toMatchObject({
      created: 0,
      updated: 0,
      unchanged: 3,
    });
    expect(pending(db)).toEqual([]);
  });

  it("updates membership by name, marking added and removed members only", () => {
    const db = createTestDb({ seedComuni: true });
    runImport(db, { kind: "aggregazioni", content: file("aggregazioni", "aggregazioni.csv"), input: "a.csv" });
    clearRematch(db);
    const text = "nome;tipo;capofila;comuni\nUNIONE dei comuni della Valle  Imagna (esempio);unione-di-comuni;016001;016001|016002|016006\n";
    expect(runImport(db, { kind: "aggregazioni", content: Buffer.from(text), input: "u.csv" })).toMatchObject({ updated: 1 });
    // The name changed (case and spacing): a header change re-matches every member, old and new.
    expect(pending(db)).toEqual(["016001", "016002", "016003", "016006"]);
    const text2 = "nome;tipo;capofila;comuni\nUNIONE dei comuni della Valle Imagna (esempio);unione-di-comuni;016001;016001|016002|016007\n";
    clearRematch(db);
    runImport(db, { kind: "aggregazioni", content: Buffer.from(text2), input: "u.csv" });
    expect(pending(db)).toEqual(["016006", "016007"]);
  });

  it("rejects rows with unknown comuni, types or leads, naming the line", () => {
    const db = createTestDb({ seedComuni: true });
    const summary = runImport(db, { kind: "aggregazioni", content: file("aggregazioni", "aggregazioni-errori.csv"), input: "e.csv" });
    expect(summary.rejects.map((r) => [r.line, r.field])).toEqual([
      [2, "comuni"],
      [3, "tipo"],
      [4, "capofila"],
      [5, "nome"],
      [6, "comuni"],
    ]);
    expect(summary.rejects[0]?.reason).toBe("comuni sconosciuti: 999999");
  });
});
