import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { directorateTheme, parseRegioneLombardia } from "~/ingestion/adapters/regione-lombardia";
import { InputError } from "~/lib/errors";
import { FC_OPTIONS, context, encode, expectDataOrInputError, expectValidSource } from "../../setup/raw-call";

const fixture = readFileSync(join(import.meta.dirname, "..", "..", "fixtures", "regione-lombardia", "bandi.json"));
const NO_BENEFICIARIES = "Beneficiari non indicati dalla fonte: completarli dalla scheda del bando.";

describe("regione-lombardia adapter", () => {
  const result = parseRegioneLombardia(fixture, context("bukx-h2uy.json"));
  const byIndex = new Map(result.items.map((item) => [item.position.index, item.call]));

  it("reads the Socrata array, drops staff competitions and keeps the contract", () => {
    expect(result.fonte).toBe("regione-lombardia");
    expect(result.read).toBe(8);
    expect(result.skipped).toEqual({ "concorsi pubblici e avvisi sul personale": 1 });
    expect([...byIndex.keys()]).toEqual([0, 1, 7]);
    expectValidSource(result);
  });

  it("maps an ordinary call exactly (floating times kept for Rome)", () => {
    expect(byIndex.get(0)).toEqual({
      idFonte: "RLO12026099001",
      titolo: "Bando per la digitalizzazione dei servizi dei piccoli comuni 2026",
      ente: "Regione Lombardia",
      livelloEnte: "regionale",
      descrizione: "Tipo di strumento: Bando. Direzione generale: Enti locali, Montagna, Risorse energetiche, Utilizzo risorsa idrica.",
      url: null,
      temi: [],
      beneficiari: [],
      territorio: { regioni: ["03"] },
      apertura: "2026-09-07T10:00:00.000",
      scadenza: "2026-11-30T12:00:00.000",
      procedura: null,
      suggerimenti: [NO_BENEFICIARIES],
    });
  });

  it("treats a missing closing date as a sportello and reads a Socrata link", () => {
    expect(byIndex.get(1)).toEqual({
      idFonte: "RLA12026099002",
      titolo: "Contributi a sportello per le biblioteche civiche",
      ente: "Regione Lombardia",
      livelloEnte: "regionale",
      descrizione: "Tipo di strumento: Avviso. Direzione generale: Cultura.",
      url: "https://www.example.org/bandi/RLA12026099002",
      temi: [],
      beneficiari: [],
      territorio: { regioni: ["03"] },
      apertura: "2026-02-02",
      scadenza: null,
      procedura: "sportello",
      suggerimenti: [
        NO_BENEFICIARIES,
        "Tema suggerito dalla direzione generale: Cultura e turismo (cultura-turismo).",
        "Nessuna data di chiusura: trattato come bando a sportello.",
      ],
    });
  });

  it("keeps another issuing body and suggests the directorate's theme", () => {
    expect(byIndex.get(7)).toMatchObject({
      ente: "ERSAF",
      scadenza: "2026-06-30T16:00:00.000",
      suggerimenti: [NO_BENEFICIARIES, "Tema suggerito dalla direzione generale: Sport e impianti sportivi (sport)."],
    });
  });

  it("reads a midnight closing time as the end of that day, with a note", () => {
    const text = JSON.stringify([
      { codice_bando: "X1", titolo_bando: "Bando", apertura_adesione: "2026-09-07T00:00:00.000", chiusura_adesione: "2026-10-07T00:00:00.000" },
    ]);
    const call = parseRegioneLombardia(encode(text), context("x.json")).items[0]!.call;
    expect(call).toMatchObject({ apertura: "2026-09-07", scadenza: "2026-10-07", procedura: null });
    expect(call.suggerimenti).toContain(
      "La fonte indica la chiusura senza ora (00:00): letta come fine giornata, verificare l'ora sulla scheda del bando.",
    );
  });

  it("rejects bad elements with index, field and an Italian reason", () => {
    expect(result.rejects).toEqual([
      { index: 3, field: "codice_bando", reason: "codice del bando mancante" },
      { index: 4, field: "chiusura_adesione", reason: 'data di chiusura non valida: "31 ottobre 2026"' },
      { index: 5, reason: "l'elemento non è un oggetto JSON" },
      { index: 6, field: "codice_bando", reason: 'identificativo "RLO12026099001" già presente all\'elemento 0' },
    ]);
  });

  it("maps only directorates that imply one theme", () => {
    expect(directorateTheme("Turismo, Marketing territoriale e Moda")).toBe("cultura-turismo");
    expect(directorateTheme("Ambiente e Clima")).toBe("ambiente");
    expect(directorateTheme("Famiglia, Solidarietà sociale, Disabilità e Pari opportunità")).toBe("sociale");
    expect(directorateTheme("Welfare")).toBeUndefined();
    expect(directorateTheme("Sviluppo economico")).toBeUndefined();
    expect(directorateTheme("Cultura e Sport")).toBeUndefined();
  });

  it("refuses what is not a Socrata array", () => {
    expect(() => parseRegioneLombardia(encode('{"error":true,"message":"Unknown column"}'), context("x"))).toThrow(
      "il portale Socrata ha risposto con un errore: Unknown column",
    );
    expect(() => parseRegioneLombardia(encode('{"a":1}'), context("x"))).toThrow(InputError);
    expect(() => parseRegioneLombardia(encode("[1,"), context("x"))).toThrow(InputError);
    expect(() => parseRegioneLombardia(encode(""), context("x"))).toThrow(InputError);
  });

  it("never crashes: arbitrary bytes, JSON and wrongly typed rows give data or InputError", async () => {
    const junk = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.integer(),
      fc.constant(null),
      fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
      fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 2 }),
    );
    const realistic = (values: unknown[]) => fc.oneof({ arbitrary: fc.constantFrom(...values), weight: 4 }, { arbitrary: junk, weight: 1 });
    const rowArb = fc.record(
      {
        codice_bando: realistic(["RLO1", "RLO2", "", "__proto__"]),
        titolo_bando: realistic(["Bando", " ", ""]),
        direzione_generale: realistic(["Cultura", "Welfare", "Sport e Giovani"]),
        ente: realistic(["Regione Lombardia", ""]),
        apertura_adesione: realistic(["2026-09-07T00:00:00.000", "2026-02-30T00:00:00.000", "07/09/2026", ""]),
        chiusura_adesione: realistic(["2026-10-07T12:00:00.000", "2025-01-01T00:00:00.000", "presto"]),
        tipo_strumento: realistic(["Bando", "Concorsi Pubblici e Avvisi sul Personale"]),
        link: realistic([{ url: "https://www.example.org/x" }, "javascript:alert(1)", { url: 5 }]),
      },
      { requiredKeys: ["codice_bando", "titolo_bando", "apertura_adesione"] },
    );
    const input = fc.oneof(
      fc.uint8Array({ maxLength: 300 }),
      fc.string({ maxLength: 300 }).map(encode),
      fc.jsonValue({ maxDepth: 3 }).map((v) => encode(JSON.stringify(v) ?? "")),
      fc.array(fc.oneof(rowArb, fc.jsonValue({ maxDepth: 2 })), { maxLength: 8 }).map((rows) => encode(JSON.stringify(rows))),
    );
    await fc.assert(
      fc.asyncProperty(input, (bytes) => expectDataOrInputError(parseRegioneLombardia, bytes)),
      FC_OPTIONS,
    );
  });
});
