import { readFileSync } from "node:fs";
import { join } from "node:path";
import { and, count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { comuni, runs } from "~db/schema";
import { getComune } from "~/data/comuni.server";
import { runImport } from "~/jobs/import.server";
import { createTestDb } from "../setup/db";
import { sharedFile } from "../setup/shared-data";

const fixtures = join(import.meta.dirname, "..", "fixtures");
const istatFile = readFileSync(join(fixtures, "istat", "elenco-comuni-italiani-estratto.csv"));
const anprFile = readFileSync(join(fixtures, "anpr", "popolazione_residente_2026_export.csv"));

describe("import comuni-istat", () => {
  it("renames, adds the merged comuni and suppresses their predecessors, never deleting", () => {
    const db = createTestDb({ seedComuni: true });
    const summary = runImport(db, { kind: "comuni-istat", content: istatFile, input: "elenco.csv" });
    expect(summary.status).toBe("completato");
    expect(summary).toMatchObject({ read: 21, created: 2, rejected: 0 });
    expect(summary.details.skippedOtherRegions).toBe(1);

    // Bardello con Malgesso e Bregano: new, from three comuni (population = their sum until ANPR).
    const bardello = getComune(db, "012144");
    expect(bardello).toMatchObject({ name: "Bardello con Malgesso e Bregano", provinceSigla: "VA", suppressed: false });
    expect(bardello?.population).toBe(1550 + 839 + 1298);
    expect(bardello?.populationSource).toBe("somma-comuni-fusi");
    for (const old of ["012009", "012018", "012095"]) {
      expect(getComune(db, old)).toMatchObject({ suppressed: true, successorIstat: "012144", suppressedOn: "2023-01-01" });
    }
    // Campospinoso renamed; Albaredo Arnaboldi absorbed.
    expect(getComune(db, "018026")).toMatchObject({ name: "Campospinoso Albaredo", nameFolded: "campospinoso albaredo" });
    expect(getComune(db, "018002")).toMatchObject({ suppressed: true, successorIstat: "018026", suppressedOn: "2023-11-18" });
    // Uggiate con Ronago.
    expect(getComune(db, "013256")).toMatchObject({ name: "Uggiate con Ronago", population: 4451 + 1754 });
    for (const old of ["013228", "013199"]) expect(getComune(db, old)).toMatchObject({ suppressed: true, successorIstat: "013256" });

    // Nothing deleted; the partial file does not suppress the comuni it leaves out.
    expect(db.select({ n: count() }).from(comuni).get()?.n).toBe(1508);
    expect(db.select({ n: count() }).from(comuni).where(eq(comuni.suppressed, true)).get()?.n).toBe(6);
    expect(getComune(db, "016002")?.suppressed).toBe(false);
    expect(summary.details.warnings).toEqual([expect.stringContaining("parziale")]);
  });

  it("changes nothing when the same file runs again", () => {
    const db = createTestDb({ seedComuni: true });
    runImport(db, { kind: "comuni-istat", content: istatFile, input: "elenco.csv" });
    const again = runImport(db, { kind: "comuni-istat", content: istatFile, input: "elenco.csv" });
    expect(again).toMatchObject({ status: "completato", created: 0, updated: 0, unchanged: 20 });
  });

  it("suppresses comuni missing from a complete list, guessing the successor by name", () => {
    const db = createTestDb({ seedComuni: true });
    const header =
      "Codice Regione;Codice Comune formato alfanumerico;Denominazione in italiano;Sigla automobilistica\r\n";
    const active = db.select().from(comuni).where(eq(comuni.regionCode, "03")).all();
    // A complete list without Lirio, where Montalto Pavese took the name "Montalto Lirio" (invented for the test).
    const rows = active
      .filter((c) => c.istat !== "018082")
      .map((c) => `03;${c.istat};${c.istat === "018094" ? "Montalto Lirio" : c.name};${c.provinceSigla}`);
    const summary = runImport(db, { kind: "comuni-istat", content: Buffer.from(header + rows.join("\r\n"), "latin1"), input: "completo.csv" });
    expect(summary.status).toBe("completato");
    expect(getComune(db, "018082")).toMatchObject({ suppressed: true, successorIstat: "018094" });
  });

  it("refuses a file it cannot read, writing nothing but a failed run", () => {
    const db = createTestDb({ seedComuni: true });
    const summary = runImport(db, { kind: "comuni-istat", content: Buffer.from("nome;valore\nx;1\n"), input: "sbagliato.csv" });
    expect(summary.status).toBe("fallito");
    expect(summary.error).toMatch(/sbagliato\.csv:1: intestazione non riconosciuta/);
    expect(db.select({ n: count() }).from(comuni).get()?.n).toBe(1506);
    expect(db.select().from(runs).where(eq(runs.kind, "comuni-istat")).get()).toMatchObject({ status: "fallito" });
  });

  it("refuses a whole file when too many rows are bad", () => {
    const db = createTestDb({ seedComuni: true });
    const header = "Codice Regione;Codice Comune formato alfanumerico;Denominazione in italiano;Sigla automobilistica\n";
    const bad = Array.from({ length: 30 }, (_, i) => `03;${i};Nome;BG`).join("\n");
    const summary = runImport(db, { kind: "comuni-istat", content: Buffer.from(header + "03;016024;Bergamo Alta;BG\n" + bad), input: "x.csv" });
    expect(summary.status).toBe("fallito");
    expect(summary.error).toMatch(/30 righe scartate su 31/);
    expect(getComune(db, "016024")?.name).toBe("Bergamo");
  });
});

describe("import popolazione-anpr", () => {
  it("updates population and cluster from the latest month, adds unknown Lombard comuni, skips other regions", () => {
    const db = createTestDb({ seedComuni: true });
    const summary = runImport(db, { kind: "popolazione-anpr", content: anprFile, input: "anpr.csv" });
    expect(summary).toMatchObject({ status: "completato", read: 11, created: 1, updated: 4, unchanged: 0, rejected: 1 });
    expect(summary.rejects).toEqual([{ line: 12, field: "RESIDENTI", reason: expect.any(String) }]);
    expect(summary.details.skippedOtherRegions).toBe(1);
    expect(summary.details.clusterChanges).toEqual([
      { istat: "016006", name: "Almenno San Bartolomeo", from: "medio", to: "piccolo", population: 4987 },
    ]);
    expect(getComune(db, "016006")).toMatchObject({
      population: 4987,
      populationYear: 2026,
      populationMonth: 2,
      populationSource: "anpr",
      sizeCluster: "piccolo",
      rematchPending: true,
    });
    expect(getComune(db, "013256")).toMatchObject({ name: "Uggiate con Ronago", provinceSigla: "CO", nameSource: "anpr" });
  });

  it("changes nothing the second time", () => {
    const db = createTestDb({ seedComuni: true });
    runImport(db, { kind: "popolazione-anpr", content: anprFile, input: "anpr.csv" });
    const again = runImport(db, { kind: "popolazione-anpr", content: anprFile, input: "anpr.csv" });
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 5 });
  });
});

const realAnpr = sharedFile("anpr", "popolazione_residente_2026_lombardia.csv") ?? "";

describe.skipIf(!realAnpr)("the real ANPR 2026 Lombardy file (../shared/data, not committed)", () => {
  it("gives the figures of decision 0003 on the first-start registry: 1,500 updated, 2 created, 31 cluster changes", () => {
    const db = createTestDb({ seedComuni: true });
    const summary = runImport(db, { kind: "popolazione-anpr", content: readFileSync(realAnpr), input: "anpr-lombardia.csv" });
    expect(summary).toMatchObject({ status: "completato", read: 3003, created: 2, updated: 1500, unchanged: 0, rejected: 0 });
    expect(summary.details.comuniInFile).toBe(1502);
    expect((summary.details.clusterChanges as unknown[]).length).toBe(31);
    // The two comuni born from the 2023–2024 mergers, which the 2020 registry lacks.
    expect(getComune(db, "012144")).toMatchObject({ name: "Bardello con Malgesso e Bregano", provinceSigla: "VA", populationSource: "anpr" });
    expect(getComune(db, "013256")).toMatchObject({ name: "Uggiate con Ronago", provinceSigla: "CO", populationSource: "anpr" });
  });

  it("updates every Lombard comune of the file and moves the ones that cross a cluster boundary", () => {
    const db = createTestDb({ seedComuni: true });
    runImport(db, { kind: "comuni-istat", content: istatFile, input: "elenco.csv" });
    const summary = runImport(db, { kind: "popolazione-anpr", content: readFileSync(realAnpr), input: "anpr-lombardia.csv" });
    expect(summary.status).toBe("completato");
    expect(summary.rejected).toBe(0);
    expect(summary.details.comuniInFile).toBe(1502);
    expect(summary.created + summary.updated + summary.unchanged).toBe(1502);
    const anprRows = db
      .select({ n: count() })
      .from(comuni)
      .where(and(eq(comuni.populationSource, "anpr"), eq(comuni.populationYear, 2026)))
      .get()?.n;
    expect(anprRows).toBe(1502);
    const changes = summary.details.clusterChanges as { from: string; to: string }[];
    expect(changes.length).toBeGreaterThan(0);
    for (const change of changes) expect(change.from).not.toBe(change.to);
    const again = runImport(db, { kind: "popolazione-anpr", content: readFileSync(realAnpr), input: "anpr-lombardia.csv" });
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 1502 });
  });
});
