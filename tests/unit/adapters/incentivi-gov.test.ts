import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  beneficiariesOfTypes,
  isPublicBodyType,
  issuerLevel,
  parseIncentiviGov,
  readRegions,
  splitList,
} from "~/ingestion/adapters/incentivi-gov";
import { InputError } from "~/lib/errors";
import { FC_OPTIONS, context, encode, expectDataOrInputError, expectValidSource } from "../../setup/raw-call";

const dir = join(import.meta.dirname, "..", "..", "fixtures", "incentivi-gov");
const csv = readFileSync(join(dir, "incentivi.csv"));
const solr = readFileSync(join(dir, "incentivi-solr.json"));

describe("incentivi-gov adapter, CSV export (UTF-8 with BOM)", () => {
  const result = parseIncentiviGov(csv, context("incentivi.csv"));
  const byLine = new Map(result.items.map((item) => [item.position.line, item.call]));

  it("keeps public-body records only and counts the others", () => {
    expect(csv.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(result.fonte).toBe("incentivi-gov");
    expect(result.read).toBe(9);
    expect([...byLine.keys()]).toEqual([2, 5, 9]);
    expect(result.skipped).toEqual({
      "destinatari non pubblici (imprese, privati)": 1,
      "riservati ad altre regioni": 1,
      "tipologia di soggetto non indicata": 1,
    });
    expectValidSource(result);
  });

  it("maps a public-body record exactly", () => {
    expect(byLine.get(2)).toEqual({
      idFonte: "9101",
      titolo: "Fondo per la transizione digitale degli enti locali del Nord",
      ente: "Ministero per la pubblica amministrazione",
      livelloEnte: "nazionale",
      descrizione: "Contributi agli enti pubblici per servizi digitali.\nSeconda riga della descrizione.\n\nFinalità: Transizione digitale, Innovazione.",
      url: "https://www.example.org/incentivi/9101",
      temi: [],
      beneficiari: ["ente-pubblico"],
      territorio: { regioni: ["01", "03"] },
      dotazione: 15375383.5,
      importoMin: 10000,
      importoMax: 150000,
      apertura: "2026-02-23",
      scadenza: "2026-06-30",
      procedura: null,
      suggerimenti: ["Comuni indicati dalla fonte (solo nomi, da tradurre in codici ISTAT): Bergamo; Brescia; Sant'Omobono Terme."],
    });
  });

  it("reads 'Tutte' as no restriction, free-text budgets as suggestions, drops unsafe links", () => {
    expect(byLine.get(5)).toEqual({
      idFonte: "9103",
      titolo: "Contributi per la sicurezza urbana integrata",
      ente: "Ministero dell'Interno",
      livelloEnte: "nazionale",
      descrizione: "Videosorveglianza nei comuni.",
      url: null,
      temi: [],
      beneficiari: ["ente-pubblico", "impresa"],
      territorio: null,
      dotazione: null,
      importoMin: null,
      importoMax: null,
      apertura: "2026-03-01",
      scadenza: null,
      procedura: "sportello",
      suggerimenti: [
        'Stanziamento indicato dalla fonte: "Risorse del fondo nazionale, fino a esaurimento".',
        "Note su apertura e chiusura: Domande fino a esaurimento delle risorse",
        "Nessuna data di chiusura: trattato come incentivo a sportello.",
      ],
    });
  });

  it("tolerates ;-joined lists, reads regional issuers and zero amounts as not stated", () => {
    expect(byLine.get(9)).toMatchObject({
      livelloEnte: "regionale",
      beneficiari: ["ente-pubblico", "terzo-settore"],
      territorio: { regioni: ["03", "05"] },
      dotazione: 2500000,
      importoMin: null,
      importoMax: null,
    });
  });

  it("rejects with line, field and reason", () => {
    expect(result.rejects).toEqual([
      { line: 7, field: "Regioni", reason: 'regione non riconosciuta: "Atlantide"' },
      { line: 8, field: "Data_chiusura", reason: 'data di chiusura non valida: "31 dicembre 2026"' },
      { line: 11, field: "ID_Incentivo", reason: "identificativo dell'incentivo mancante" },
    ]);
  });
});

describe("incentivi-gov adapter, Solr JSON", () => {
  const result = parseIncentiviGov(solr, context("incentivi.json"));
  const byIndex = new Map(result.items.map((item) => [item.position.index, item.call]));

  it("reads response.docs with array fields", () => {
    expect(result.read).toBe(5);
    expect([...byIndex.keys()]).toEqual([0, 3]);
    expect(result.skipped).toEqual({ "destinatari non pubblici (imprese, privati)": 1 });
    expectValidSource(result);
    expect(byIndex.get(0)).toEqual({
      idFonte: "9201",
      titolo: "Programma nazionale per la cultura digitale nelle biblioteche comunali",
      ente: "Ministero della cultura",
      livelloEnte: "nazionale",
      descrizione: "<p>Contributi ai <strong>comuni</strong> per la digitalizzazione.</p>\n\nFinalità: Digitalizzazione, Cultura.",
      url: "https://www.example.org/incentivi/9201",
      temi: [],
      beneficiari: ["ente-pubblico", "impresa"],
      territorio: { regioni: ["03"] },
      dotazione: 1000000,
      importoMin: 5000,
      importoMax: 80000,
      apertura: "2026-05-04",
      scadenza: "2026-09-30",
      procedura: null,
    });
    expect(byIndex.get(3)).toMatchObject({ beneficiari: ["unione-di-comuni"], territorio: null, dotazione: 20000000, scadenza: null });
  });

  it("rejects with index", () => {
    expect(result.rejects).toEqual([
      { index: 2, reason: "l'elemento non è un oggetto JSON" },
      { index: 4, field: "Data_chiusura", reason: "la chiusura (2026-01-01T00:00:00) precede l'apertura (2026-02-01T00:00:00)" },
    ]);
  });
});

describe("incentivi-gov helpers", () => {
  it("splits list fields in every tolerated form", () => {
    expect(splitList("Ente Pubblico, Impresa")).toEqual(["Ente Pubblico", "Impresa"]);
    expect(splitList("Ente Pubblico;Impresa")).toEqual(["Ente Pubblico", "Impresa"]);
    expect(splitList('["Ente Pubblico","Impresa"]')).toEqual(["Ente Pubblico", "Impresa"]);
    expect(splitList(["Lombardia", "Veneto"])).toEqual(["Lombardia", "Veneto"]);
    expect(splitList("")).toEqual([]);
  });

  it("recognises public bodies and maps their types", () => {
    expect(["Ente Pubblico", "Comuni", "Comune", "Unione di comuni", "Pubblica amministrazione", "Enti locali"].every(isPublicBodyType)).toBe(true);
    expect(["Impresa", "Professionista", "Persona fisica", "Ente del terzo settore"].some(isPublicBodyType)).toBe(false);
    expect(beneficiariesOfTypes(["Comune", "Ente del Terzo settore", "Persona fisica", "Consorzio"])).toEqual([
      "comune",
      "terzo-settore",
      "cittadino",
      "altro",
    ]);
  });

  it("reads region names and issuer levels", () => {
    expect(readRegions(["Lombardia", "Emilia Romagna", "Provincia autonoma di Trento"])).toEqual({ codes: ["03", "04", "08"] });
    expect(readRegions(["Tutte le regioni"])).toEqual({ codes: [] });
    expect(readRegions(["Lombardia", "Padania"])).toEqual({ unknown: ["Padania"] });
    expect(issuerLevel("Regione Lombardia")).toBe("regionale");
    expect(issuerLevel("Camera di commercio di Milano Monza Brianza Lodi")).toBe("locale");
    expect(issuerLevel("Commissione europea")).toBe("ue");
    expect(issuerLevel("Invitalia")).toBe("nazionale");
  });

  it("refuses unreadable input", () => {
    expect(() => parseIncentiviGov(encode(""), context("x"))).toThrow(InputError);
    expect(() => parseIncentiviGov(encode('{"response":{}}'), context("x"))).toThrow('risposta Solr non riconosciuta: manca "response.docs"');
    expect(() => parseIncentiviGov(encode("a,b\n1,2"), context("x"))).toThrow(InputError);
  });

  it("never crashes: arbitrary bytes, CSV rows and Solr docs give data or InputError", async () => {
    const junk = fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.double(), fc.constant(null), fc.jsonValue({ maxDepth: 1 }));
    const realistic = <T,>(values: T[]) => fc.oneof({ arbitrary: fc.constantFrom(...values), weight: 4 }, { arbitrary: junk, weight: 1 });
    const fields = {
      ID_Incentivo: realistic(["9101", "9102", 42, ""]),
      Titolo: realistic(["Fondo per i comuni", " ", "Bando"]),
      Tipologia_Soggetto: realistic<unknown>(["Ente Pubblico", "Ente Pubblico, Impresa", "Impresa", "Comuni;Unione di comuni", ["Ente Pubblico", "Impresa"], '["Comune"]', ""]),
      Regioni: realistic<unknown>(["Lombardia", "Tutte", "Sicilia", "Atlantide", ["Lombardia", "Veneto"], "Lombardia, Piemonte", ""]),
      Comuni: realistic(["Bergamo; Brescia", ""]),
      Data_apertura: realistic(["2024-02-23T00:00:00", "2026-02-30T00:00:00", "23/02/2024", ""]),
      Data_chiusura: realistic(["2024-06-30T00:00:00", "2023-01-01", "mai", ""]),
      Soggetto_Concedente: realistic(["Ministero della cultura", "Regione Lombardia", ""]),
      Stanziamento_incentivo: realistic<unknown>(["15375383,50", "2.500.000,00", "fino a esaurimento", 1e6, "1e400"]),
      Agevolazione_Concedibile_max: realistic<unknown>(["0", "150000", -3, "n/d"]),
      Link_istituzionale: realistic(["https://www.example.org/x", "javascript:alert(1)", "ftp://x"]),
    };
    const docArb = fc.record(fields, { requiredKeys: ["ID_Incentivo", "Titolo", "Tipologia_Soggetto", "Regioni", "Soggetto_Concedente"] });
    const columns = Object.keys(fields) as (keyof typeof fields)[];
    const csvCell = (value: unknown) => {
      const text = Array.isArray(value) ? value.join(", ") : value === null || value === undefined ? "" : String(value);
      return `"${text.replace(/"/g, '""')}"`;
    };
    const csvArb = fc
      .array(docArb, { maxLength: 6 })
      .map((docs) => encode(`\ufeff${columns.join(",")}\r\n${docs.map((d) => columns.map((c) => csvCell(d[c])).join(",")).join("\r\n")}`));
    const input = fc.oneof(
      fc.uint8Array({ maxLength: 300 }),
      fc.string({ maxLength: 300 }).map(encode),
      csvArb,
      fc.array(fc.oneof({ arbitrary: docArb, weight: 4 }, { arbitrary: fc.jsonValue({ maxDepth: 2 }), weight: 1 }), { maxLength: 6 }).map((docs) =>
        encode(JSON.stringify({ response: { numFound: docs.length, docs } })),
      ),
    );
    await fc.assert(
      fc.asyncProperty(input, (bytes) => expectDataOrInputError(parseIncentiviGov, bytes)),
      FC_OPTIONS,
    );
  });
});
