import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { csvCell, neutraliseFormula, restoreNeutralised, toCsv } from "~/lib/spreadsheet-safe";

const PROPERTY = { numRuns: 1000, seed: 20261123 };

describe("CSV exports neutralise formulas (SECURITY.md 14)", () => {
  it.each([
    ["=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"],
    ["+39 035 123", "'+39 035 123"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\t=1", "'\t=1"],
    ["\r=1", "'\r=1"],
    ["Bergamo", "Bergamo"],
    ["a=b", "a=b"],
  ])("%j → %j", (input, output) => {
    expect(neutraliseFormula(input)).toBe(output);
  });

  it("keeps numbers as numbers and quotes what needs quoting", () => {
    expect(csvCell(-5)).toBe("-5");
    expect(csvCell(null)).toBe("");
    expect(csvCell('Comune "di" prova, BG')).toBe('"Comune ""di"" prova, BG"');
    expect(csvCell("riga\nnuova")).toBe('"riga\nnuova"');
  });

  it("any text survives a round trip, with a leading apostrophe only where a formula could start", () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string(), { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 5 }), (rows) => {
        const width = 2;
        const table = rows.map((r) => r.slice(0, width));
        const text = toCsv(["a", "b"], table);
        expect(text.startsWith("\uFEFF")).toBe(true);
        const back = parse(text.slice(1), { relax_column_count: false }) as string[][];
        expect(back[0]).toEqual(["a", "b"]);
        back.slice(1).forEach((row, i) =>
          row.forEach((cell, j) => {
            const original = table[i]![j]!;
            // The one rule (also the templates' re-import): apostrophes before a formula start count
            // as a formula start, so that restoring one apostrophe gives the text back.
            expect(cell).toBe(/^'*[=+\-@\t\r]/.test(original) ? `'${original}` : original);
            expect(/^[=+\-@\t\r]/.test(cell)).toBe(false);
          }),
        );
      }),
      PROPERTY,
    );
  });

  it("one rule for exports and the templates' re-import: restoring gives every text back", () => {
    expect(neutraliseFormula("'=1")).toBe("''=1");
    expect(neutraliseFormula("'testo")).toBe("'testo");
    expect(restoreNeutralised("'=1")).toBe("=1");
    expect(restoreNeutralised("''=1")).toBe("'=1");
    expect(restoreNeutralised("'testo")).toBe("'testo");
    expect(csvCell(true)).toBe("sì");
    expect(csvCell(Number.NaN)).toBe("");
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string().map((s) => `'${s}`), fc.constantFrom("=", "+", "-", "@", "\t", "\r").chain((c) => fc.string().map((s) => `${c}${s}`))), (text) => {
        expect(restoreNeutralised(neutraliseFormula(text))).toBe(text);
        expect(/^[=+\-@\t\r]/.test(neutraliseFormula(text))).toBe(false);
      }),
      PROPERTY,
    );
  });
});
