import { describe, expect, it } from "vitest";
import type { AmountBand } from "~/domain/call";
import { claimableAmount, measureNumber } from "~/domain/matching";

/** PA digitale 2026 lump sums for comuni (SOURCES.md), as a curator records them in `importiPerFascia`. */
const BANDS_1_4_5: AmountBand[] = [
  { populationMin: 0, populationMax: 5000, amount: 23_147 },
  { populationMin: 5001, populationMax: 20_000, amount: 32_589 },
  { populationMin: 20_001, populationMax: 100_000, amount: 59_966 },
  { populationMin: 100_001, populationMax: 250_000, amount: 69_000 },
  { populationMin: 250_001, populationMax: null, amount: 97_247 },
];

/** 1.4.1 (Sept. 2022): website lump sum + the maximum number of services per band. */
const BANDS_1_4_1: AmountBand[] = [
  { populationMin: 0, populationMax: 5000, amount: 28_902 + 4 * 12_755 },
  { populationMin: 5001, populationMax: 20_000, amount: 51_654 + 4 * 25_895 },
  { populationMin: 20_001, populationMax: 50_000, amount: 87_682 + 5 * 38_650 },
  { populationMin: 50_001, populationMax: 100_000, amount: 96_260 + 6 * 38_650 },
  { populationMin: 100_001, populationMax: 250_000, amount: 162_545 + 6 * 58_963 },
  { populationMin: 250_001, populationMax: null, amount: 500_243 + 10 * 77_684 },
];

describe("claimableAmount — PA digitale 1.4.5 Piattaforma Notifiche Digitali", () => {
  const call = { amountBands: BANDS_1_4_5, amountMax: null };
  it.each([
    [0, 23_147],
    [850, 23_147],
    [4999, 23_147],
    [5000, 23_147],
    [5001, 32_589],
    [20_000, 32_589],
    [20_001, 59_966],
    [100_000, 59_966],
    [100_001, 69_000],
    [115_349, 69_000], // Bergamo, 2011 census
    [250_000, 69_000],
    [250_001, 97_247],
    [1_242_123, 97_247], // Milano, 2011 census
  ])("%i residents → € %i", (population, amount) => {
    expect(claimableAmount(call, population)).toBe(amount);
  });
});

describe("claimableAmount — PA digitale 1.4.1 Esperienza del cittadino (website + maximum services)", () => {
  const call = { amountBands: BANDS_1_4_1, amountMax: null };
  it.each([
    [5000, 79_922],
    [5001, 155_234],
    [20_000, 155_234],
    [20_001, 280_932],
    [50_000, 280_932],
    [50_001, 328_160],
    [100_000, 328_160],
    [100_001, 516_323],
    [250_000, 516_323],
    [250_001, 1_277_083],
  ])("%i residents → € %i", (population, amount) => {
    expect(claimableAmount(call, population)).toBe(amount);
  });
});

describe("claimableAmount — fallbacks", () => {
  it("1.4.4 SPID/CIE: flat € 14,000 for every comune (amountMax, no bands)", () => {
    const call = { amountBands: [], amountMax: 14_000 };
    for (const population of [30, 4999, 5001, 1_242_123]) expect(claimableAmount(call, population)).toBe(14_000);
  });

  it("a population in no band falls back to amountMax, else null", () => {
    const bands = [{ populationMin: 0, populationMax: 5000, amount: 10_000 }];
    expect(claimableAmount({ amountBands: bands, amountMax: 50_000 }, 6000)).toBe(50_000);
    expect(claimableAmount({ amountBands: bands, amountMax: null }, 6000)).toBeNull();
    expect(claimableAmount({ amountBands: [], amountMax: null }, 6000)).toBeNull();
  });

  it("does not depend on the order the bands were listed in", () => {
    const reversed = { amountBands: [...BANDS_1_4_5].reverse(), amountMax: null };
    expect(claimableAmount(reversed, 5000)).toBe(23_147);
    expect(claimableAmount(reversed, 5001)).toBe(32_589);
  });

  it("a null minimum is open-ended too", () => {
    expect(claimableAmount({ amountBands: [{ populationMin: null, populationMax: 1000, amount: 5 }], amountMax: null }, 0)).toBe(5);
  });
});

describe("measureNumber", () => {
  it.each([
    ["M1C1-1.4.5", "1.4.5"],
    ["1.4.5", "1.4.5"],
    ["M1C1-1.2", "1.2"],
    ["1.3.1 Piattaforma Digitale Nazionale Dati", "1.3.1"],
    ["", null],
    [null, null],
    ["M1C1", null],
  ])("%s → %s", (reference, expected) => {
    expect(measureNumber(reference)).toBe(expected);
  });
});
