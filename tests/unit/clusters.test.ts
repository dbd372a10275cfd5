import { describe, expect, it } from "vitest";
import { isSizeCluster, sizeCluster } from "~/domain/clusters";

describe("sizeCluster (API.md: piccolo < 5.000; medio 5.000–15.000; grande > 15.000)", () => {
  it.each([
    [0, "piccolo"],
    [4999, "piccolo"],
    [5000, "medio"],
    [15000, "medio"],
    [15001, "grande"],
    [1_242_123, "grande"],
  ] as const)("%i abitanti → %s", (population, expected) => {
    expect(sizeCluster(population)).toBe(expected);
  });

  it("refuses negative or non-finite populations", () => {
    expect(() => sizeCluster(-1)).toThrow(RangeError);
    expect(() => sizeCluster(Number.NaN)).toThrow(RangeError);
  });

  it("recognises cluster keys", () => {
    expect(isSizeCluster("medio")).toBe(true);
    expect(isSizeCluster("media")).toBe(false);
  });
});
