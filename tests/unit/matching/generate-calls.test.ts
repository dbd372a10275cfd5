import { describe, expect, it } from "vitest";
import { callStatus } from "~/domain/call";
import { isBeneficiaryKey, isThemeKey } from "~/domain/taxonomy";
import { generateCalls } from "../../../scripts/bench/generate-calls";
import { generateProfiles } from "../../../scripts/bench/generate-profiles";
import { NOW } from "./factories";

const comuni = [
  { istat: "016001", regionCode: "03", provinceSigla: "BG", population: 2161 },
  { istat: "016024", regionCode: "03", provinceSigla: "BG", population: 115_349 },
  { istat: "017029", regionCode: "03", provinceSigla: "BS", population: 189_902 },
  { istat: "015146", regionCode: "03", provinceSigla: "MI", population: 1_242_123 },
  { istat: "023091", regionCode: "05", provinceSigla: "VR", population: 252_520 },
  { istat: "023001", regionCode: "05", provinceSigla: "VR", population: 3_000 },
];

describe("benchmark call generator", () => {
  const calls = generateCalls({ count: 2000, seed: 7, now: NOW, comuni });

  it("is deterministic for a seed and differs across seeds", () => {
    expect(generateCalls({ count: 2000, seed: 7, now: NOW, comuni })).toEqual(calls);
    expect(generateCalls({ count: 50, seed: 8, now: NOW, comuni })).not.toEqual(calls.slice(0, 50));
  });

  it("produces valid calls whose territory lists name the given comuni, provinces and regions", () => {
    const istat = new Set(comuni.map((c) => c.istat));
    for (const call of calls) {
      expect(call.themes.every(isThemeKey)).toBe(true);
      expect(call.beneficiaries.length).toBeGreaterThan(0);
      expect(call.beneficiaries.every(isBeneficiaryKey)).toBe(true);
      expect(call.territory.comuni.every((c) => istat.has(c))).toBe(true);
      expect(call.territory.provinces.every((p) => ["BG", "BS", "MI", "VR"].includes(p))).toBe(true);
      expect(call.territory.regions.every((r) => ["03", "05"].includes(r))).toBe(true);
    }
    expect(new Set(calls.map((c) => c.id)).size).toBe(calls.length);
  });

  it("mixes realistic rules: open, upcoming, closed and a sportello; bounds, bands, unioni-only, measures", () => {
    const share = (predicate: (c: (typeof calls)[number]) => boolean) => calls.filter(predicate).length / calls.length;
    expect(share((c) => callStatus(c, NOW) === "chiuso")).toBeGreaterThan(0.1);
    expect(share((c) => callStatus(c, NOW) === "in-arrivo")).toBeGreaterThan(0.05);
    expect(share((c) => c.deadline === null)).toBeGreaterThan(0.05);
    expect(share((c) => c.populationMax !== null || c.populationMin !== null)).toBeGreaterThan(0.2);
    expect(share((c) => c.amountBands.length > 0)).toBeGreaterThan(0.05);
    expect(share((c) => c.beneficiaries.length === 1 && c.beneficiaries[0] === "unione-di-comuni")).toBeGreaterThan(0.01);
    expect(share((c) => c.pnrrMeasure !== null)).toBeGreaterThan(0.01);
    expect(share((c) => c.territory.comuni.length > 0)).toBeGreaterThan(0.1);
    expect(share((c) => c.territory.regions.length + c.territory.provinces.length + c.territory.comuni.length === 0)).toBeLessThan(0.15);
  });

  it("profiles are deterministic too", () => {
    const seeds = comuni.map((c) => ({ ...c, name: `Comune ${c.istat}` }));
    expect(generateProfiles(seeds, 3)).toEqual(generateProfiles(seeds, 3));
  });
});
