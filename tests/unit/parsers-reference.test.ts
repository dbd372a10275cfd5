import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseIstatComuni } from "~/imports/comuni-istat";
import { latestPerComune, parseAnprPopulation } from "~/imports/popolazione-anpr";
import { InputError } from "~/lib/errors";

const fixtures = join(import.meta.dirname, "..", "fixtures");

describe("ISTAT Elenco comuni parser", () => {
  const bytes = readFileSync(join(fixtures, "istat", "elenco-comuni-italiani-estratto.csv"));

  it("reads the windows-1252 file with newlines inside header names", () => {
    const result = parseIstatComuni(bytes, "elenco.csv");
    expect(result.rejects).toEqual([]);
    expect(result.read).toBe(21);
    const hoe = result.records.find((r) => r.value.istat === "097074");
    expect(hoe?.value).toMatchObject({ name: "Santa Maria Hoè", sigla: "LC", regionCode: "03", isCapoluogo: false });
    const bergamo = result.records.find((r) => r.value.istat === "016024");
    expect(bergamo?.value).toMatchObject({ isCapoluogo: true, cadastralCode: "A794", population2011: null });
    // Header spans lines 1–3 (two quoted newlines): the first data row is line 4.
    expect(result.records[0]?.line).toBe(4);
  });

  it("reports bad rows with line and field, keeping the good ones", () => {
    const text =
      "Codice Regione;Codice Comune formato alfanumerico;Denominazione in italiano;Sigla automobilistica;Popolazione legale 2011 (09/10/2011)\r\n" +
      "03;016024;Bergamo;BG;115.349\r\n" +
      "03;16024;Bergamo;BG;115.349\r\n" +
      "03;016001;;BG;2.161\r\n" +
      "03;016002;Adrara San Rocco;BG;mille\r\n";
    const result = parseIstatComuni(text, "f.csv");
    expect(result.records.map((r) => r.value.population2011)).toEqual([115349]);
    expect(result.rejects).toEqual([
      { line: 3, field: "Codice Comune formato alfanumerico", reason: expect.stringContaining("16024") },
      { line: 4, field: "Denominazione in italiano", reason: "denominazione mancante" },
      { line: 5, field: "Popolazione legale 2011", reason: expect.stringContaining("mille") },
    ]);
  });

  it("refuses a file without the key columns", () => {
    expect(() => parseIstatComuni("a;b\n1;2\n", "x.csv")).toThrow(InputError);
  });

  it("never crashes on arbitrary input: data or InputError (fast-check, 1,000 runs)", () => {
    const header =
      "Codice Regione;Codice Comune formato alfanumerico;Denominazione in italiano;Sigla automobilistica\r\n";
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string().map((s) => header + s), fc.uint8Array({ maxLength: 300 })), (input) => {
        try {
          const result = parseIstatComuni(typeof input === "string" ? input : input, "fc.csv");
          for (const r of result.records) expect(r.value.istat).toMatch(/^\d{6}$/);
        } catch (error) {
          expect(error).toBeInstanceOf(InputError);
        }
      }),
      { numRuns: 1000, seed: 20261123 },
    );
  });
});

describe("ANPR population parser", () => {
  const text = readFileSync(join(fixtures, "anpr", "popolazione_residente_2026_export.csv"));

  it("reads every month and keeps the latest per comune", () => {
    const result = parseAnprPopulation(text, "anpr.csv");
    expect(result.read).toBe(11);
    expect(result.rejects).toEqual([{ line: 12, field: "RESIDENTI", reason: expect.stringContaining("n/d") }]);
    const latest = latestPerComune(result.records);
    const byCode = new Map(latest.map((r) => [r.value.istat, r.value]));
    expect(byCode.get("016006")).toMatchObject({ month: 2, residents: 4987 });
    expect(byCode.get("097074")).toMatchObject({ month: 1, residents: 2250 });
    expect(latest).toHaveLength(6);
  });

  it("never crashes on arbitrary input: data or InputError (fast-check, 1,000 runs)", () => {
    const header = "MESE,ANNO,REGIONE,PROVINCIA,COD_ISTAT_COMUNE,COMUNE,RESIDENTI\n";
    const row = fc
      .tuple(fc.integer({ min: -2, max: 14 }), fc.integer({ min: 1800, max: 2300 }), fc.string(), fc.string(), fc.integer({ min: -5, max: 1_000_000 }))
      .map(([m, y, code, name, n]) => `${m},${y},LOMBARDIA,BERGAMO,${code},${name},${n}`);
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.array(row).map((rows) => header + rows.join("\n"))), (input) => {
        try {
          const result = parseAnprPopulation(input, "fc.csv");
          for (const r of result.records) {
            expect(r.value.month).toBeGreaterThanOrEqual(1);
            expect(r.value.month).toBeLessThanOrEqual(12);
            expect(r.value.residents).toBeGreaterThanOrEqual(0);
          }
          expect(result.records.length + result.rejects.length).toBeLessThanOrEqual(result.read);
        } catch (error) {
          expect(error).toBeInstanceOf(InputError);
        }
      }),
      { numRuns: 1000, seed: 20261123 },
    );
  });
});
