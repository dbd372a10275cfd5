import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { claimableAmount } from "~/domain/matching";
import { cell, decodeText, locateColumns, readCsv } from "~/lib/csv";
import { sharedFile } from "../setup/shared-data";

/**
 * The 1.4.5 population bands of SOURCES.md checked against what Lombard comuni were really
 * awarded (PA digitale 2026 funded applications), with their ANPR 2026 residents. The awards
 * used the population of 2022, so a few comuni that crossed a boundary since then may differ —
 * and only those. Skipped when ../shared/data is absent.
 */
const awardsFile = sharedFile("padigitale2026", "candidature_finanziate_145_lombardia.csv");
const anprFile = sharedFile("anpr", "popolazione_residente_2026_lombardia.csv");

const BANDS_1_4_5 = [
  { populationMin: 0, populationMax: 5000, amount: 23_147 },
  { populationMin: 5001, populationMax: 20_000, amount: 32_589 },
  { populationMin: 20_001, populationMax: 100_000, amount: 59_966 },
  { populationMin: 100_001, populationMax: 250_000, amount: 69_000 },
  { populationMin: 250_001, populationMax: null, amount: 97_247 },
];

describe.skipIf(!awardsFile || !anprFile)("1.4.5 bands against the real Lombard awards (../shared/data)", () => {
  const residents = new Map<string, { month: number; residents: number }>();
  const anpr = readCsv(decodeText(readFileSync(anprFile!)));
  const a = locateColumns(anpr.header, {
    month: { names: ["MESE"], required: true },
    istat: { names: ["COD_ISTAT_COMUNE"], required: true },
    residents: { names: ["RESIDENTI"], required: true },
  });
  for (const row of anpr.rows) {
    const month = Number(cell(row, a.month));
    const istat = cell(row, a.istat);
    if ((residents.get(istat)?.month ?? 0) < month) residents.set(istat, { month, residents: Number(cell(row, a.residents)) });
  }

  const awards = readCsv(decodeText(readFileSync(awardsFile!)));
  const w = locateColumns(awards.header, {
    kind: { names: ["tipologia_ente"], required: true },
    istat: { names: ["cod_comune"], required: true },
    amount: { names: ["importo_finanziamento"], required: true },
  });
  const pairs = awards.rows
    .filter((row) => cell(row, w.kind) === "Comuni" && residents.has(cell(row, w.istat)))
    .map((row) => ({ population: residents.get(cell(row, w.istat))!.residents, awarded: Number(cell(row, w.amount)) }));

  it("gives the awarded amount to at least 98 % of the funded comuni", () => {
    expect(pairs.length).toBeGreaterThan(1000);
    const agree = pairs.filter((p) => claimableAmount({ amountBands: BANDS_1_4_5, amountMax: null }, p.population) === p.awarded).length;
    expect(agree / pairs.length).toBeGreaterThanOrEqual(0.98);
  });

  it("differs only for comuni within 5 % of a band boundary (population changed since the award)", () => {
    const boundaries = BANDS_1_4_5.slice(1).map((b) => b.populationMin);
    const far = pairs.filter(
      (p) =>
        claimableAmount({ amountBands: BANDS_1_4_5, amountMax: null }, p.population) !== p.awarded &&
        !boundaries.some((b) => Math.abs(p.population - b) <= b * 0.05),
    );
    expect(far).toEqual([]);
  });
});
