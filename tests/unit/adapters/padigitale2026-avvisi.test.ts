import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mapRecipients, parsePadigitaleAvvisi, themesOf } from "~/ingestion/adapters/padigitale2026-avvisi";
import { InputError } from "~/lib/errors";
import { FC_OPTIONS, context, encode, expectDataOrInputError, expectValidSource } from "../../setup/raw-call";

const fixture = readFileSync(join(import.meta.dirname, "..", "..", "fixtures", "padigitale2026-avvisi", "avvisi.csv"));
const HEADER =
  "titolo,misura,data_inizio_bando,data_fine_bando,stato,totale_importo_stanziato,totale_importo_misura,soggetti_destinatari\n";
const ISSUER = "Dipartimento per la trasformazione digitale";

describe("padigitale2026-avvisi adapter", () => {
  const result = parsePadigitaleAvvisi(fixture, context("avvisi.csv"));
  const byLine = new Map(result.items.map((item) => [item.position.line, item.call]));

  it("reads every row and keeps the contract", () => {
    expect(result.fonte).toBe("padigitale2026-avvisi");
    expect(result.read).toBe(16);
    expect(result.items.map((i) => i.position.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 13, 14, 16]);
    expectValidSource(result);
  });

  it("maps a Comuni notice of measure 1.4.5 exactly", () => {
    expect(byLine.get(2)).toEqual({
      idFonte: "1-4-5-piattaforma-notifiche-digitali-comuni-marzo-2026",
      titolo: "1.4.5 'Piattaforma Notifiche Digitali' Comuni (marzo 2026)",
      ente: ISSUER,
      livelloEnte: "nazionale",
      descrizione: "Avviso PA digitale 2026 (PNRR M1C1), misura 1.4.5 Digitalizzazione degli avvisi pubblici. Destinatari: Comuni.",
      temi: ["notifiche"],
      beneficiari: ["comune"],
      dotazione: 45000000,
      apertura: "2026-03-02",
      scadenza: "2026-05-29",
      procedura: "sportello",
      misuraPnrr: "M1C1-1.4.5",
    });
  });

  it("narrows themes by title and reads dot-decimal amounts as numbers", () => {
    expect(byLine.get(3)).toMatchObject({ temi: ["pagamenti"], dotazione: 12500000.5, misuraPnrr: "M1C1-1.4.3" });
    expect(byLine.get(4)).toMatchObject({ temi: ["app-io"], beneficiari: ["asl", "regione", "universita"] });
    expect(byLine.get(5)).toMatchObject({ temi: ["anagrafe"], dotazione: 3125000.8, misuraPnrr: "M1C1-1.4.4" });
    expect(byLine.get(8)).toMatchObject({ temi: ["servizi-digitali"], apertura: "2026-03-31", beneficiari: ["scuola"] });
  });

  it("maps bodies without a key of their own to altro, and flags unknown recipients", () => {
    expect(byLine.get(6)?.beneficiari).toEqual(["altro"]);
    expect(byLine.get(6)?.suggerimenti).toBeUndefined();
    expect(byLine.get(7)).toMatchObject({
      beneficiari: ["provincia", "citta-metropolitana", "unione-di-comuni", "altro"],
      scadenza: null,
      dotazione: null,
      suggerimenti: ['Destinatario non riconosciuto "Consorzi di bonifica": assegnato ad "altro", verificare.'],
    });
  });

  it("gives two long titles that differ only at the end two stable, distinct ids", () => {
    const a = byLine.get(13)!.idFonte;
    const b = byLine.get(14)!.idFonte;
    expect(a).not.toBe(b);
    expect(a.length).toBeLessThanOrEqual(100);
    expect(a).toMatch(/^1-1-e-1-2-infrastrutture-digitali-e-abilitazione-al-cloud-.*-[0-9a-f]{8}$/);
    expect(parsePadigitaleAvvisi(fixture, context("again.csv")).items.find((i) => i.position.line === 13)?.call.idFonte).toBe(a);
    expect(byLine.get(13)?.misuraPnrr).toBe("M1C1-1.1");
    expect(byLine.get(14)?.misuraPnrr).toBe("M1C1-1.2");
  });

  it("keeps a notice of an unnumbered measure without themes, with a suggestion", () => {
    expect(byLine.get(16)).toMatchObject({
      titolo: 'Avviso sperimentale "Comuni digitali" - Comuni',
      temi: [],
      misuraPnrr: null,
      suggerimenti: ['Misura senza numero riconoscibile ("Sperimentazione nazionale"): indicare misura PNRR e temi.'],
    });
  });

  it("rejects bad rows with line, field and an Italian reason", () => {
    expect(result.rejects).toEqual([
      { line: 9, field: "totale_importo_stanziato", reason: 'importo non valido: "non disponibile"' },
      { line: 10, field: "titolo", reason: "titolo mancante" },
      { line: 11, field: "data_fine_bando", reason: "la chiusura (2026-06-01) precede l'apertura (2026-07-01)" },
      {
        line: 12,
        field: "titolo",
        reason: 'identificativo "1-4-5-piattaforma-notifiche-digitali-comuni-marzo-2026" già presente alla riga 2',
      },
      { line: 15, field: "data_fine_bando", reason: "avviso terminato senza data di fine: non può essere trattato come a sportello" },
      { line: 17, field: "soggetti_destinatari", reason: "soggetti destinatari mancanti" },
    ]);
  });

  it("maps every recipient of the real file and every measure", () => {
    expect(
      mapRecipients(
        "Comuni;ASL;Aziende Ospedaliere;Istituti di ricerca e AFAM;Enti Regionali;Scuole;Università;Agenzie Regionali Sanitarie;PA Centrali;Altri enti;Province;Citta Metropolitane;Istituti Zooprofilattici Sperimentali;AOO",
      ),
    ).toEqual({
      keys: ["comune", "asl", "universita", "regione", "scuola", "altro", "provincia", "citta-metropolitana"],
      unknown: [],
    });
    expect(themesOf("1.1", "x")).toEqual(["cloud"]);
    expect(themesOf("1.2", "x")).toEqual(["cloud"]);
    expect(themesOf("1.3.1", "x")).toEqual(["interoperabilita"]);
    expect(themesOf("1.4.1", "x")).toEqual(["servizi-digitali"]);
    expect(themesOf("1.4.3", "Adozione PagoPA e AppIO")).toEqual(["pagamenti", "app-io"]);
    expect(themesOf("1.4.4", "1.4.4 Adozione SPID CIE - Comuni")).toEqual(["identita-digitale"]);
    expect(themesOf("1.4.5", "x")).toEqual(["notifiche"]);
    expect(themesOf("9.9", "x")).toEqual([]);
  });

  it("refuses input that is not the avvisi file", () => {
    expect(() => parsePadigitaleAvvisi(encode("a,b\n1,2\n"), context("x.csv"))).toThrow(InputError);
    expect(() => parsePadigitaleAvvisi(encode(""), context("x.csv"))).toThrow(InputError);
    expect(() => parsePadigitaleAvvisi(encode('titolo,misura\n"aperto,1\n'), context("x.csv"))).toThrow(InputError);
  });

  it("never crashes: arbitrary bytes and structured-but-wrong rows give data or InputError", async () => {
    const junk = fc.string({ maxLength: 30 });
    const realistic = (values: string[]) => fc.oneof({ arbitrary: fc.constantFrom(...values), weight: 4 }, { arbitrary: junk, weight: 1 });
    const rowArb = fc
      .tuple(
        realistic(["1.4.5 Comuni", "1.4.3 - pagoPA - Comuni", "", "Avviso ANPR"]),
        realistic(["1.4.5 Digitalizzazione degli avvisi pubblici", "1.4.4 Adozione identità digitale", "9.9 Nuova", "senza numero", ""]),
        realistic(["2026-03-02", "2026-02-30", "31/12/2026", ""]),
        realistic(["2026-05-29", "2025-01-01", "mai", ""]),
        realistic(["PUBBLICATO", "TERMINATO", "SOSPESO", ""]),
        realistic(["45000000.0", "1.000.000,5", "1e309", "-5", ""]),
        realistic(["1.0"]),
        realistic(["Comuni", "Comuni;;", "ASL; PA Centrali", "Consorzi", ";", ""]),
      )
      .map((cells) => cells.map((c) => `"${c.replace(/"/g, '""')}"`).join(","));
    const input = fc.oneof(
      fc.uint8Array({ maxLength: 400 }),
      fc.string({ maxLength: 400 }).map(encode),
      fc.array(rowArb, { maxLength: 8 }).map((rows) => encode(HEADER + rows.join("\n"))),
      fc.array(fc.array(junk, { maxLength: 10 }).map((cells) => cells.join(",")), { maxLength: 4 }).map((rows) => encode(HEADER + rows.join("\n"))),
    );
    await fc.assert(
      fc.asyncProperty(input, (bytes) => expectDataOrInputError(parsePadigitaleAvvisi, bytes)),
      FC_OPTIONS,
    );
  });
});
