import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseAggregazioni } from "~/imports/aggregazioni";
import { parseCandidaturePadigitale, parseTimestamp, type FundingApplicationRow } from "~/imports/candidature-padigitale";
import { parseProgrammazione } from "~/imports/programmazione";
import { InputError } from "~/lib/errors";

const fixtures = join(import.meta.dirname, "..", "fixtures");
const PROPERTY = { numRuns: 1000, seed: 20261123 };

/** Arbitrary input, bare or after a valid header: a parser returns data or throws InputError. */
function neverCrashes(parse: (input: Uint8Array | string) => unknown, header: string) {
  fc.assert(
    fc.property(
      fc.oneof(
        fc.string(),
        fc.string().map((s) => header + s),
        fc.array(fc.array(fc.string({ maxLength: 12 }), { maxLength: 10 }), { maxLength: 6 }).map((rows) => header + rows.map((r) => r.join(",")).join("\n")),
        fc.uint8Array({ maxLength: 300 }),
      ),
      (input) => {
        try {
          const result = parse(input) as { records: unknown[]; rejects: { line?: number }[]; read: number };
          expect(result.records.length + result.rejects.length).toBeLessThanOrEqual(result.read);
          for (const r of result.rejects) expect(r.line).toBeGreaterThanOrEqual(2);
        } catch (error) {
          expect(error).toBeInstanceOf(InputError);
        }
      },
    ),
    PROPERTY,
  );
}

describe("programmazione parser (API.md)", () => {
  it("reads the semicolon file with a BOM, quoted Italian amounts and empty cells", () => {
    const result = parseProgrammazione(readFileSync(join(fixtures, "programmazione", "programmazione-comuni.csv")), "p.csv");
    expect(result.rejects).toEqual([]);
    expect(result.read).toBe(5);
    expect(result.records[0]).toEqual({
      line: 2,
      value: {
        istat: "016024",
        state: undefined,
        item: {
          title: "Migrazione al cloud dei servizi demografici",
          description: "Trasferimento dei gestionali anagrafe e stato civile su cloud qualificato",
          themes: ["cloud", "anagrafe"],
          amount: 120000,
          startYear: 2026,
          endYear: 2027,
          instrument: "PT-ICT",
        },
      },
    });
    expect(result.records[2]?.value.item.amount).toBe(1250000);
    expect(result.records[4]?.value.item).toMatchObject({ amount: null, startYear: 2026, endYear: null, description: expect.any(String) });
  });

  it("reads commas too, and names every bad row's line and field", () => {
    const result = parseProgrammazione(readFileSync(join(fixtures, "programmazione", "programmazione-errori.csv")), "e.csv");
    expect(result.read).toBe(8);
    expect(result.rejects).toEqual([
      { line: 4, field: "temi", reason: 'tema sconosciuto: "blockchain"' },
      { line: 5, field: "strumento", reason: expect.stringContaining('"PEG"') },
      { line: 6, field: "importo", reason: expect.stringContaining("mille euro") },
      { line: 7, field: "annoFine", reason: "L'anno di fine non può precedere l'anno di inizio" },
    ]);
    // The parser pads codes spreadsheets shortened; unknown codes are the applier's to reject.
    expect(result.records.map((r) => [r.line, r.value.istat])).toEqual([
      [2, "016024"],
      [3, "999999"],
      [8, "016024"],
      [9, "016001"],
    ]);
  });

  it("accepts an optional stato column and rejects unknown states", () => {
    const text = "istat,titolo,temi,strumento,stato\n016024,Voce in corso,cloud,dup,in corso\n016024,Voce strana,cloud,DUP,sospeso\n";
    const result = parseProgrammazione(text, "s.csv");
    expect(result.records[0]?.value).toMatchObject({ state: "in-corso", item: { instrument: "DUP" } });
    expect(result.rejects).toEqual([{ line: 3, field: "stato", reason: expect.stringContaining("sospeso") }]);
  });

  it("refuses a file without the required columns", () => {
    expect(() => parseProgrammazione("istat;titolo\n016024;x\n", "x.csv")).toThrow(/mancano le colonne "temi", "strumento"/);
  });

  it("never crashes on arbitrary input (fast-check, 1,000 runs)", () => {
    neverCrashes((i) => parseProgrammazione(i, "f.csv"), "istat,titolo,descrizione,temi,importo,annoInizio,annoFine,strumento\n");
  });
});

describe("candidature-padigitale parser (SOURCES.md)", () => {
  const header =
    "codice_ipa,ente,tipologia_ente,comune,cod_comune,provincia,cod_provincia,regione,cod_regione,importo_finanziamento,avviso,data_invio_candidatura,data_finanziamento,codice_cup,numero_finestra_temporale,numero_di_protocollo,decreto_finanziamento,stato_candidatura,data_stato_candidatura,misura\n";

  it("reads comuni rows with amounts, dates, statuses and N/D codes; counts other entity types", () => {
    const result = parseCandidaturePadigitale(readFileSync(join(fixtures, "padigitale2026", "candidature_finanziate_144_estratto.csv")), "f.csv");
    expect(result.rejects).toEqual([]);
    expect(result.read).toBe(7);
    const comuni = result.records.filter((r) => r.value.entityType === "comune").map((r) => r.value as FundingApplicationRow);
    expect(comuni).toHaveLength(5);
    expect(comuni[0]).toEqual({
      entityType: "comune",
      istat: "016024",
      comuneName: "Bergamo",
      provinceSigla: "BG",
      regionCode: "03",
      ipaCode: "c_a794",
      entityName: "Comune di Bergamo",
      measure: "1.4.4",
      measureName: "Adozione identità digitale",
      notice: "1.4.4 Adozione SPID CIE - Comuni - Aprile 2022",
      window: "1",
      amountCents: 1_400_000,
      status: "erogato",
      appliedAt: "2022-05-03T07:14:19.000Z",
      fundedOn: "2022-08-02",
      statusDate: "2024-07-29",
      cup: "I31F22000170999",
      decree: "Decreto n.25 - 1 / 2022 - PNRR",
    });
    expect(comuni[1]).toMatchObject({ amountCents: 1_627_480, status: "assegnato", notice: "1.4.4 Adozione ANPR ANSC - Comuni - luglio 2024" });
    expect(comuni[3]?.status).toBe("rinunciato");
    expect(comuni[4]).toMatchObject({ istat: null, comuneName: "Uggiate con Ronago", provinceSigla: "CO" });
    expect(result.records.filter((r) => r.value.entityType === "altro-ente").map((r) => r.value)).toEqual([
      { entityType: "altro-ente", tipologia: "Scuole" },
      { entityType: "altro-ente", tipologia: "Altri Enti" },
    ]);
  });

  it("rejects bad status, amount and date with line and field", () => {
    const result = parseCandidaturePadigitale(readFileSync(join(fixtures, "padigitale2026", "candidature_finanziate_errori.csv")), "e.csv");
    expect(result.rejects).toEqual([
      { line: 2, field: "stato_candidatura", reason: expect.stringContaining('"X"') },
      { line: 3, field: "importo_finanziamento", reason: expect.stringContaining("quattordicimila") },
      { line: 4, field: "data_finanziamento", reason: expect.stringContaining("2022-02-30") },
    ]);
    expect(result.records).toHaveLength(3);
  });

  it("parses the source's timestamps with +0000 offsets", () => {
    expect(parseTimestamp("2022-09-12T14:32:41.000+0000")).toBe("2022-09-12T14:32:41.000Z");
    expect(parseTimestamp("2022-09-12T16:32:41+02:00")).toBe("2022-09-12T14:32:41.000Z");
    expect(parseTimestamp("")).toBeNull();
    expect(parseTimestamp("2022-13-12T14:32:41.000+0000")).toBeUndefined();
  });

  it("refuses a file that is not a funded-applications file", () => {
    expect(() => parseCandidaturePadigitale("titolo,misura\nx,1.4.5\n", "avvisi.csv")).toThrow(InputError);
  });

  it("never crashes on arbitrary input (fast-check, 1,000 runs)", () => {
    neverCrashes((i) => parseCandidaturePadigitale(i, "f.csv"), header);
  });
});

describe("aggregazioni parser (docs/decisions/0034)", () => {
  it("reads types by key or Italian label, and member lists", () => {
    const result = parseAggregazioni(readFileSync(join(fixtures, "aggregazioni", "aggregazioni.csv")), "a.csv");
    expect(result.rejects).toEqual([]);
    expect(result.records.map((r) => r.value)).toEqual([
      { name: "Unione dei comuni della Valle Imagna (esempio)", type: "unione-di-comuni", leadIstat: "016001", members: ["016001", "016002", "016003"] },
      { name: "Comunità montana di prova", type: "comunita-montana", leadIstat: null, members: ["016004", "016005"] },
      { name: "Convenzione segreteria Bergamo (esempio)", type: "convenzione", leadIstat: "016024", members: ["016024", "016001"] },
    ]);
  });

  it("rejects bad rows with line and field", () => {
    const result = parseAggregazioni(readFileSync(join(fixtures, "aggregazioni", "aggregazioni-errori.csv")), "e.csv");
    expect(result.rejects.map((r) => [r.line, r.field])).toEqual([
      [3, "tipo"],
      [4, "capofila"],
      [5, "nome"],
      [6, "comuni"],
    ]);
    // Unknown codes are the applier's to reject (it knows the registry).
    expect(result.records.map((r) => r.line)).toEqual([2]);
  });

  it("never crashes on arbitrary input (fast-check, 1,000 runs)", () => {
    neverCrashes((i) => parseAggregazioni(i, "f.csv"), "nome,tipo,capofila,comuni\n");
  });
});
