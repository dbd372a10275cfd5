import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { emptyContent, type CallContent } from "~/domain/call-content";
import { normaliseRawCall } from "~/domain/call-input";
import { SIZE_CLUSTERS } from "~/domain/clusters";
import { THEME_KEYS, BENEFICIARY_KEYS } from "~/domain/taxonomy";
import { parseBandoJson } from "~/ingestion/adapters/bando-json";
import { parseCsvTemplate } from "~/ingestion/adapters/csv-template";
import { parseXlsxTemplate } from "~/ingestion/adapters/xlsx-template";
import { htmlToText } from "~/ingestion/html.server";
import { prepareItems } from "~/ingestion/pipeline.server";
import { templateCsv, templateXlsx } from "~/ingestion/template-export.server";
import { TEMPLATE_HEADERS } from "~/ingestion/template";
import type { ParsedSource } from "~/ingestion/types";
import { InputError } from "~/lib/errors";

const fixtures = join(import.meta.dirname, "..", "fixtures");
const PROPERTY = { numRuns: 1000, seed: 20261123 };

function normalised(parsed: ParsedSource): CallContent[] {
  return parsed.items.map(({ call }) => {
    const r = normaliseRawCall(call, { htmlToText });
    if (!r.ok) throw new Error(JSON.stringify(r.problem));
    return r.item.content;
  });
}

describe("csv-template adapter", () => {
  const bytes = readFileSync(join(fixtures, "csv-template", "bandi-modello.csv"));

  it("reads the Italian template with its real line numbers", () => {
    const parsed = parseCsvTemplate(bytes, "bandi-modello.csv");
    expect(parsed.fonte).toBe("csv-template");
    expect(parsed.read).toBe(5);
    expect(parsed.items.map((i) => i.position.line)).toEqual([2, 4, 5, 8]);
    expect(parsed.rejects).toEqual([{ line: 6, field: "Importi per fascia", reason: expect.stringContaining("fascia non leggibile «da 0 a 5000 = 100»") }]);
    const prepared = prepareItems(parsed, [{ key: "mobilita", keywords: ["mobilita"] }]);
    expect(prepared.rejects).toEqual([
      { line: 5, field: "temi", reason: 'tema sconosciuto "intelligenza-artificiale"' },
      { line: 6, field: "Importi per fascia", reason: expect.any(String) },
    ]);
    const [first, unioni, mobility] = prepared.items;
    expect(first).toMatchObject({
      sourceId: "RL-2026-01",
      content: {
        description: "Sostegno a interventi di cybersicurezza:\nanalisi del rischio, backup, formazione.",
        themes: ["sicurezza-informatica", "competenze-digitali"],
        territory: { regions: ["03"], provinces: ["BG", "BS", "SO"], comuni: [] },
        populationMax: 5000,
        budget: 2_000_000,
        amountMin: 5000,
        amountMax: 40000,
        amountBands: [
          { populationMin: 0, populationMax: 1000, amount: 15000 },
          { populationMin: 1001, populationMax: 5000, amount: 25000 },
        ],
        cofinancingPct: 10,
        opensAt: "2026-02-28T23:00:00.000Z",
        deadline: "2026-04-30T10:00:00.000Z",
      },
    });
    expect(unioni).toMatchObject({ content: { associatedOnly: true, beneficiaries: ["unione-di-comuni"], deadline: null, procedure: "sportello" } });
    expect(mobility).toMatchObject({ content: { territory: { comuni: ["014061", "016024"] }, budget: 1_500_000, themes: ["mobilita"] }, themesSource: "auto" });
  });

  it("refuses a file without the template's header", () => {
    expect(() => parseCsvTemplate("nome;valore\nx;1\n", "altro.csv")).toThrow(InputError);
    expect(() => parseCsvTemplate("nome;valore\nx;1\n", "altro.csv")).toThrow(/mancano le colonne "Identificativo", "Titolo", "Ente erogatore", "Beneficiari"/);
  });

  it("property: any text yields data or InputError, never a crash", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string().map((s) => `Identificativo;Titolo;Ente erogatore;Beneficiari\n${s}`)), (text) => {
        try {
          const parsed = parseCsvTemplate(text, "x.csv");
          prepareItems(parsed, []);
        } catch (error) {
          if (!(error instanceof InputError)) throw error;
        }
      }),
      PROPERTY,
    );
  });
});

describe("xlsx-template adapter", () => {
  const bytes = readFileSync(join(fixtures, "xlsx-template", "bandi-modello.xlsx"));

  it("reads dates, numbers, rich text, links and cached formula results from a real workbook", async () => {
    const parsed = await parseXlsxTemplate(bytes, "bandi-modello.xlsx");
    expect(parsed.read).toBe(5);
    const prepared = prepareItems(parsed, []);
    expect(prepared.rejects).toEqual([
      { line: 4, field: "ente", reason: "campo obbligatorio mancante" },
      { line: 5, field: "beneficiari", reason: 'beneficiario sconosciuto "parrocchia"' },
      { line: 7, field: "scadenza", reason: expect.stringContaining("data sbagliata") },
    ]);
    expect(prepared.items[0]).toMatchObject({
      sourceId: "101",
      content: {
        description: "Conservazione a norma dei documenti.",
        url: "https://www.example.org/xlsx-101",
        amountMax: 35000,
        cofinancingPct: 0,
        opensAt: "2026-03-01T23:00:00.000Z",
        deadline: "2026-05-29T14:00:00.000Z",
        territory: { provinces: ["CO", "LC"] },
      },
    });
    expect(prepared.items[1]).toMatchObject({ sourceId: "102", content: { territory: { comuni: ["016024"] }, pnrrMeasure: "M1C1-1.3.1", deadline: "2026-06-30T21:59:59.000Z" } });
  });

  it("refuses what is not a workbook, and zip bombs before unpacking", async () => {
    await expect(parseXlsxTemplate(Buffer.from("ciao"), "x.xlsx")).rejects.toThrow(/non è un archivio XLSX/);
    // A central directory declaring 2 GB unpacked from a few bytes.
    const entry = Buffer.alloc(46 + 5);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt32LE(1000, 20);
    entry.writeUInt32LE(2_000_000_000, 24);
    entry.writeUInt16LE(5, 28);
    entry.write("a.xml", 46);
    const eocd = Buffer.alloc(22);
    eocd.writeUInt32LE(0x06054b50, 0);
    eocd.writeUInt16LE(1, 10);
    eocd.writeUInt32LE(entry.length, 12);
    eocd.writeUInt32LE(4, 16);
    const bomb = Buffer.concat([Buffer.from("PK\x03\x04"), entry, eocd]);
    await expect(parseXlsxTemplate(bomb, "bomba.xlsx")).rejects.toThrow(/rapporto di compressione sospetto|oltre/);
  });

  it("property: a real workbook with corrupted bytes yields data or InputError", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(bytes.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }), async (flips) => {
        const copy = Buffer.from(bytes);
        for (const [at, value] of flips) copy[at] = value;
        try {
          await parseXlsxTemplate(copy, "x.xlsx");
        } catch (error) {
          if (!(error instanceof InputError)) throw error;
        }
      }),
      { ...PROPERTY, numRuns: 300 },
    );
  });

  it("property: arbitrary bytes yield data or InputError", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.concat([Buffer.from("PK"), b]))), async (b) => {
        try {
          await parseXlsxTemplate(b, "x.xlsx");
        } catch (error) {
          if (!(error instanceof InputError)) throw error;
        }
      }),
      PROPERTY,
    );
  });
});

describe("bando-json adapter", () => {
  it("property: any text yields data or InputError, and every item is validated without a crash", () => {
    const value = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }));
    const item = fc.record(
      {
        idFonte: value, titolo: value, ente: value, beneficiari: fc.oneof(value, fc.array(fc.constantFrom(...BENEFICIARY_KEYS, "x"))),
        temi: fc.oneof(value, fc.array(fc.constantFrom(...THEME_KEYS, "y"))), fasce: fc.oneof(value, fc.array(fc.constantFrom(...SIZE_CLUSTERS, "Medio", "z"))), scadenza: value, apertura: value, dotazione: value,
        importiPerFascia: fc.oneof(value, fc.array(fc.record({ popolazioneMin: value, popolazioneMax: value, importo: value }))),
        territorio: fc.oneof(value, fc.record({ regioni: value, province: value, comuni: value })),
      },
      { requiredKeys: [] },
    );
    const doc = fc.oneof(
      fc.string(),
      fc.json(),
      fc.record({ fonte: fc.oneof(fc.constant("prova"), value), bandi: fc.oneof(value, fc.array(fc.oneof(item, value), { maxLength: 5 })) }).map((d) => JSON.stringify(d)),
    );
    fc.assert(
      fc.property(doc, (text) => {
        try {
          prepareItems(parseBandoJson(text, "x.json"), []);
        } catch (error) {
          if (!(error instanceof InputError)) throw error;
        }
      }),
      PROPERTY,
    );
  });
});

describe("size clusters in the templates and in bando-json", () => {
  const REASON = 'fascia demografica sconosciuta "enorme": ammesse piccolo, medio, grande';
  const row = (id: string, fasce: string) => `${id};Bando ${id};Regione Lombardia;comune;${fasce}`;

  it("CSV: reads the column in any case, rejects an unknown value with its line and the column's name", () => {
    const csv = ["Identificativo;Titolo;Ente erogatore;Beneficiari;Fasce demografiche", row("A", "Piccolo | medio"), row("B", "piccolo | enorme"), row("C", "")].join("\n");
    const parsed = parseCsvTemplate(csv, "fasce.csv");
    expect(parsed.rejects).toEqual([{ line: 3, field: "Fasce demografiche", reason: REASON }]);
    expect(normalised(parsed).map((c) => c.sizeClusters)).toEqual([["piccolo", "medio"], []]);
  });

  it("XLSX: the same, with the sheet's row number", async () => {
    const { default: Excel } = await import("exceljs");
    const workbook = new Excel.Workbook();
    const sheet = workbook.addWorksheet("Bandi");
    sheet.addRow(TEMPLATE_HEADERS);
    const at = (header: (typeof TEMPLATE_HEADERS)[number]) => TEMPLATE_HEADERS.indexOf(header);
    for (const [id, fasce] of [["X1", "grande"], ["X2", "enorme"]]) {
      const cells: string[] = TEMPLATE_HEADERS.map(() => "");
      cells[at("Identificativo")] = id!;
      cells[at("Titolo")] = `Bando ${id}`;
      cells[at("Ente erogatore")] = "Regione Lombardia";
      cells[at("Beneficiari")] = "comune";
      cells[at("Fasce demografiche")] = fasce!;
      sheet.addRow(cells);
    }
    const parsed = await parseXlsxTemplate(Buffer.from(await workbook.xlsx.writeBuffer()), "fasce.xlsx");
    expect(parsed.rejects).toEqual([{ line: 3, field: "Fasce demografiche", reason: REASON }]);
    expect(normalised(parsed).map((c) => c.sizeClusters)).toEqual([["grande"]]);
  });

  it("bando-json: `fasce` is read, an unknown value rejects that call with its index", () => {
    const doc = { fonte: "prova", bandi: [{ idFonte: "1", titolo: "T", ente: "E", beneficiari: ["comune"], fasce: ["medio"] }, { idFonte: "2", titolo: "T2", ente: "E", beneficiari: ["comune"], fasce: ["enorme"] }] };
    const prepared = prepareItems(parseBandoJson(JSON.stringify(doc), "prova.json"), []);
    expect(prepared.rejects).toEqual([{ index: 1, field: "fasce", reason: REASON }]);
    expect(prepared.items.map((i) => i.content.sizeClusters)).toEqual([["medio"]]);
  });

  it("a template without the column (older downloads) still loads, every size admitted", () => {
    const csv = ["Identificativo;Titolo;Ente erogatore;Beneficiari", "A;Bando A;Regione Lombardia;comune"].join("\n");
    expect(normalised(parseCsvTemplate(csv, "vecchio.csv")).map((c) => c.sizeClusters)).toEqual([[]]);
  });
});

describe("template round trips (export → import gives the same calls)", () => {
  const amount = fc.option(fc.integer({ min: 0, max: 50_000_000 }).map((n) => n / 100), { nil: null });
  // Plain text (markup such as "<A>" is reduced to text by design, so it cannot round-trip).
  // eslint-disable-next-line no-control-regex
  const text = fc.string({ minLength: 1, maxLength: 40 }).map((s) => s.replace(/[<&]/g, "").replace(/[\s\u0000-\u001f\u007f-\u009f]+/g, " ").trim() || "x");
  const instant = fc.option(
    fc.integer({ min: Date.UTC(2020, 0, 1) / 60000, max: Date.UTC(2030, 0, 1) / 60000 }).map((m) => new Date(m * 60000).toISOString()),
    { nil: null },
  );
  const content = fc
    .record({
      title: text,
      issuer: text,
      themes: fc.uniqueArray(fc.constantFrom(...THEME_KEYS), { maxLength: 4 }),
      beneficiaries: fc.uniqueArray(fc.constantFrom(...BENEFICIARY_KEYS), { maxLength: 4 }),
      provinces: fc.uniqueArray(fc.constantFrom("BG", "BS", "MI", "SO"), { maxLength: 3 }),
      comuni: fc.uniqueArray(fc.integer({ min: 1, max: 999_999 }).map((n) => String(n).padStart(6, "0")), { maxLength: 3 }),
      budget: amount,
      amountMax: amount,
      populationMax: fc.option(fc.integer({ min: 0, max: 1_000_000 }), { nil: null }),
      clusters: fc.subarray([...SIZE_CLUSTERS]),
      associatedOnly: fc.boolean(),
      bands: fc.uniqueArray(fc.integer({ min: 1, max: 500_000 }), { maxLength: 3 }),
      opensAt: instant,
      deadline: instant,
      cofinancingPct: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
    })
    .filter((r) => !(r.opensAt && r.deadline && r.opensAt > r.deadline))
    .map((r): CallContent => {
      const cuts = [...r.bands].sort((a, b) => a - b);
      return emptyContent({
        title: r.title,
        issuer: r.issuer,
        themes: r.themes,
        beneficiaries: r.beneficiaries,
        territory: { regions: ["03"], provinces: r.provinces, comuni: r.comuni },
        budget: r.budget,
        amountMax: r.amountMax,
        populationMax: r.populationMax,
        sizeClusters: r.clusters,
        associatedOnly: r.associatedOnly,
        amountBands: cuts.map((cut, i) => ({ populationMin: i === 0 ? 0 : cuts[i - 1]! + 1, populationMax: i === cuts.length - 1 ? null : cut, amount: cut * 3 })),
        opensAt: r.opensAt,
        deadline: r.deadline,
        cofinancingPct: r.cofinancingPct,
      });
    });

  const sortLists = (c: CallContent) => ({ ...c, themes: [...c.themes].sort(), beneficiaries: [...c.beneficiaries].sort(), territory: { ...c.territory, provinces: [...c.territory.provinces].sort(), comuni: [...c.territory.comuni].sort() } });

  it("CSV", () => {
    fc.assert(
      fc.property(fc.array(content, { minLength: 1, maxLength: 3 }), (contents) => {
        const rows = contents.map((c, i) => ({ sourceId: `id-${i}`, content: c }));
        const back = normalised(parseCsvTemplate(templateCsv(rows), "t.csv"));
        expect(back.map(sortLists)).toEqual(contents.map(sortLists));
      }),
      PROPERTY,
    );
  });

  it("XLSX", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(content, { minLength: 1, maxLength: 3 }), async (contents) => {
        const rows = contents.map((c, i) => ({ sourceId: `id-${i}`, content: c }));
        const back = normalised(await parseXlsxTemplate(await templateXlsx(rows), "t.xlsx"));
        expect(back.map(sortLists)).toEqual(contents.map(sortLists));
      }),
      { ...PROPERTY, numRuns: 200 },
    );
  });

  it("the downloadable templates load back with their example row", async () => {
    expect(normalised(parseCsvTemplate(templateCsv(), "modello.csv"))).toHaveLength(1);
    expect(normalised(await parseXlsxTemplate(await templateXlsx(), "modello.xlsx"))).toHaveLength(1);
  });
});
