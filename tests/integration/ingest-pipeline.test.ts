import { readFileSync } from "node:fs";
import { join } from "node:path";
import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { callSources, callVersions, calls, runs } from "~db/schema";
import {
  approvePending,
  changeReviewState,
  curatorActor,
  getCall,
  mergeCalls,
  resolveCall,
  rowContent,
  splitAlias,
  updateCallContent,
  versionsOf,
} from "~/data/calls.server";
import { diffContent } from "~/domain/call-content";
import { runIngest } from "~/ingestion/pipeline.server";
import { createTestDb } from "../setup/db";

const fixture = readFileSync(join(import.meta.dirname, "..", "fixtures", "bando-json", "bandi-esempio.json"));
const curator = curatorActor({ id: 1, email: "redazione@example.org" });
const NOW = new Date("2026-02-10T10:00:00Z");

function bandoJson(fonte: string, bandi: object[]): Buffer {
  return Buffer.from(JSON.stringify({ fonte, bandi }));
}

describe("ingestion pipeline (bando-json)", () => {
  it("loads the good calls, rejects the bad ones with index, field and an Italian reason", async () => {
    const db = createTestDb();
    const summary = await runIngest(db, { source: "bando-json", content: fixture, input: "bandi-esempio.json", now: NOW });
    expect(summary).toMatchObject({ status: "completato", read: 8, created: 3, updated: 0, unchanged: 0, rejected: 5 });
    expect(summary.rejects).toEqual([
      { index: 3, field: "temi", reason: 'tema sconosciuto "blockchain"' },
      { index: 4, field: "beneficiari", reason: 'beneficiario sconosciuto "condominio"' },
      { index: 5, field: "titolo", reason: "campo obbligatorio mancante" },
      { index: 6, field: "scadenza", reason: expect.stringContaining("data non valida «fine marzo»") },
      { index: 7, reason: "l'elemento non è un oggetto" },
    ]);
    const cloud = resolveCall(db, "anci-lombardia:2026-017")!;
    expect(cloud).toMatchObject({
      publicId: "anci-lombardia:2026-017",
      reviewState: "da-revisionare",
      budget: 1_000_000,
      amountMax: 50_000,
      amountBands: [
        { populationMin: 0, populationMax: 5000, amount: 23147 },
        { populationMin: 5001, populationMax: 20000, amount: 32589 },
      ],
      // 15 January at 00:00 in Rome (CET, UTC+1); 31 March 12:00 in Rome (CEST, UTC+2).
      opensAt: "2026-01-14T23:00:00.000Z",
      deadline: "2026-03-31T10:00:00.000Z",
      themes: ["cloud", "sicurezza-informatica"],
      themesSource: "fonte",
    });
    expect(cloud.description).toBe(
      "Il bando sostiene la migrazione al cloud dei servizi comunali.\n\n• Spese ammissibili: servizi SaaS\n• Formazione del personale",
    );
    const pagopa = resolveCall(db, "anci-lombardia:2026-018")!;
    expect(pagopa).toMatchObject({ themes: ["pagamenti", "app-io"], themesSource: "auto", pnrrMeasure: "M1C1-1.4.3", deadline: "2026-06-30T21:59:59.000Z" });
    expect(pagopa.description).toBe("Adesione a pagoPA & App IO per i servizi comunali.");
    const cariplo = resolveCall(db, "anci-lombardia:2026-019")!;
    expect(cariplo).toMatchObject({ beneficiaries: [], budget: 2_500_000, deadline: null, themes: ["energia"] });
    const run = db.select().from(runs).where(eq(runs.id, summary.runId)).get();
    expect(run).toMatchObject({ type: "ingest", kind: "bando-json", status: "completato", created: 3, rejected: 5 });
  });

  it("is idempotent: the same input again is all invariati and writes no version", async () => {
    const db = createTestDb();
    await runIngest(db, { source: "bando-json", content: fixture, input: "a.json", now: NOW });
    const versions = db.select({ n: count() }).from(callVersions).get()!.n;
    const again = await runIngest(db, { source: "bando-json", content: fixture, input: "a.json", now: NOW });
    expect(again).toMatchObject({ status: "completato", created: 0, updated: 0, unchanged: 3, rejected: 5 });
    expect(db.select({ n: count() }).from(callVersions).get()!.n).toBe(versions);
  });

  it("keeps a published call live while a change from the source waits for review, then applies it", async () => {
    const db = createTestDb();
    const v1 = bandoJson("prova", [{ idFonte: "1", titolo: "Contributi per la cybersecurity dei comuni", ente: "Regione Lombardia", beneficiari: ["comune"], scadenza: "2026-05-31", importoMax: 40000 }]);
    await runIngest(db, { source: "bando-json", content: v1, input: "v1.json", now: NOW, publish: true });
    const call = resolveCall(db, "prova:1")!;
    expect(call).toMatchObject({ reviewState: "pubblicato", version: 1, rematchPending: true, themes: ["sicurezza-informatica"] });

    const v2 = bandoJson("prova", [{ idFonte: "1", titolo: "Contributi per la cybersecurity dei comuni", ente: "Regione Lombardia", beneficiari: ["comune"], scadenza: "2026-06-30", importoMax: 45000 }]);
    const second = await runIngest(db, { source: "bando-json", content: v2, input: "v2.json", now: NOW });
    expect(second).toMatchObject({ updated: 1, details: { pending: 1 } });
    const pendingRow = getCall(db, call.id)!;
    expect(pendingRow).toMatchObject({ version: 1, amountMax: 40000, deadline: "2026-05-31T21:59:59.000Z" });
    expect(diffContent(rowContent(pendingRow), pendingRow.pending!).map((d) => [d.field, d.before, d.after])).toEqual([
      ["amountMax", "€ 40.000,00", "€ 45.000,00"],
      ["deadline", "31/05/2026, 23:59", "30/06/2026, 23:59"],
    ]);
    // The same input again: the pending change is already there, nothing new.
    expect(await runIngest(db, { source: "bando-json", content: v2, input: "v2.json", now: NOW })).toMatchObject({ unchanged: 1, updated: 0 });

    approvePending(db, call.id, curator);
    expect(getCall(db, call.id)).toMatchObject({ version: 2, amountMax: 45000, pending: null, rematchPending: true });
    expect(versionsOf(db, call.id).map((v) => v.action)).toEqual(["approvato", "proposta", "creato"]);
  });

  it("keeps curator edits (themes and other fields) over later changes from the source", async () => {
    const db = createTestDb();
    const v1 = bandoJson("prova", [{ idFonte: "9", titolo: "Sportello per la formazione digitale", ente: "Regione Lombardia", beneficiari: ["comune"], importoMax: 1000 }]);
    await runIngest(db, { source: "bando-json", content: v1, input: "v1.json", now: NOW });
    const call = resolveCall(db, "prova:9")!;
    expect(call.themes).toEqual(["competenze-digitali"]);
    updateCallContent(db, call.id, { ...rowContent(call), themes: ["competenze-digitali", "servizi-digitali"], beneficiaries: ["comune", "unione-di-comuni"] }, curator);
    const v2 = bandoJson("prova", [{ idFonte: "9", titolo: "Sportello per la formazione digitale", ente: "Regione Lombardia", beneficiari: ["ente-pubblico"], importoMax: 2000 }]);
    const run = await runIngest(db, { source: "bando-json", content: v2, input: "v2.json", now: NOW });
    expect(run.updated).toBe(1);
    expect(getCall(db, call.id)).toMatchObject({
      themes: ["competenze-digitali", "servizi-digitali"],
      themesSource: "curator",
      beneficiaries: ["comune", "unione-di-comuni"],
      amountMax: 2000,
    });
  });

  it("merges a duplicate from another source keeping both aliases, and a curator can split it", async () => {
    const db = createTestDb();
    await runIngest(db, {
      source: "bando-json",
      content: bandoJson("regione", [{ idFonte: "RLO1", titolo: "Bando per la digitalizzazione dei servizi comunali 2026", ente: "Regione Lombardia", beneficiari: ["comune"], scadenza: "2026-04-30" }]),
      input: "r.json",
      now: NOW,
      publish: true,
    });
    const other = await runIngest(db, {
      source: "bando-json",
      content: bandoJson("anci", [{ idFonte: "A7", titolo: "Digitalizzazione dei servizi comunali 2026 - bando", ente: "Regione Lombardia - DG Enti locali", beneficiari: ["comune"], scadenza: "2026-04-30T18:00", importoMax: 30000 }]),
      input: "a.json",
      now: NOW,
    });
    expect(other).toMatchObject({ created: 0, updated: 1 });
    expect(other.details.merged).toEqual([{ alias: "anci:A7", into: "regione:RLO1", reason: expect.stringContaining("stesso ente") }]);
    const call = resolveCall(db, "anci:A7")!;
    expect(call.publicId).toBe("regione:RLO1");
    // The published call gains the missing amount only after review.
    expect(call.amountMax).toBeNull();
    expect(call.pending?.amountMax).toBe(30000);

    const split = splitAlias(db, call.id, "anci:A7", curator);
    expect(split).toMatchObject({ publicId: "anci:A7", reviewState: "da-revisionare", amountMax: 30000 });
    expect(resolveCall(db, "anci:A7")!.id).toBe(split.id);
    // A rerun of the split source updates its own call, never re-merges it.
    const rerun = await runIngest(db, {
      source: "bando-json",
      content: bandoJson("anci", [{ idFonte: "A7", titolo: "Digitalizzazione dei servizi comunali 2026 - bando", ente: "Regione Lombardia - DG Enti locali", beneficiari: ["comune"], scadenza: "2026-04-30T18:00", importoMax: 30000 }]),
      input: "a.json",
      now: NOW,
    });
    expect(rerun).toMatchObject({ unchanged: 1, created: 0 });

    // Curator merge, then every alias resolves to the survivor; split brings the call back.
    mergeCalls(db, call.id, split.id, curator);
    expect(resolveCall(db, "anci:A7")!.id).toBe(call.id);
    expect(db.select().from(callSources).where(eq(callSources.callId, call.id)).all()).toHaveLength(2);
    const back = splitAlias(db, call.id, "anci:A7", curator);
    expect(back.id).toBe(split.id);
    expect(resolveCall(db, "anci:A7")!.id).toBe(split.id);
  });

  it("publishes, archives and discards with a version row per change", async () => {
    const db = createTestDb();
    await runIngest(db, { source: "bando-json", content: fixture, input: "a.json", now: NOW });
    const call = resolveCall(db, "anci-lombardia:2026-018")!;
    changeReviewState(db, call.id, "publish", curator);
    changeReviewState(db, call.id, "archive", curator);
    changeReviewState(db, call.id, "discard", curator);
    expect(() => changeReviewState(db, call.id, "archive", curator)).toThrow(/non possibile/);
    expect(versionsOf(db, call.id).map((v) => [v.action, v.actorType])).toEqual([
      ["scartato", "redazione"],
      ["archiviato", "redazione"],
      ["pubblicato", "redazione"],
      ["creato", "fonte"],
    ]);
    expect(db.select({ n: count() }).from(calls).get()!.n).toBe(3);
  });

  it("refuses a file it cannot read: a failed run and nothing else", async () => {
    const db = createTestDb();
    const summary = await runIngest(db, { source: "bando-json", content: Buffer.from("{ non json"), input: "rotto.json", now: NOW });
    expect(summary.status).toBe("fallito");
    expect(summary.error).toMatch(/^rotto\.json: JSON non valido/);
    expect(db.select({ n: count() }).from(calls).get()!.n).toBe(0);
  });

  it("refuses the whole file above the reject threshold", async () => {
    const db = createTestDb();
    const bandi = Array.from({ length: 40 }, (_, i) => ({ idFonte: String(i), titolo: `Bando ${i}`, ente: "Ente", beneficiari: i < 25 ? ["nessuno"] : ["comune"] }));
    const summary = await runIngest(db, { source: "bando-json", content: bandoJson("x", bandi), input: "x.json", now: NOW });
    expect(summary).toMatchObject({ status: "fallito", rejected: 25 });
    expect(summary.error).toMatch(/25 elementi scartati su 40/);
    expect(db.select({ n: count() }).from(calls).get()!.n).toBe(0);
  });
});
