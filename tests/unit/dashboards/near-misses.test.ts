import { describe, expect, it } from "vitest";
import { NEAR_MISS_LIMIT, nearMisses } from "~/domain/near-misses";
import { makeCall, makeProfile, NOW } from "../matching/factories";

/** "Quasi adatti" on the comune dashboard: open calls failed on exactly one population or cluster rule. */
describe("near misses", () => {
  // 5,100 inhabitants: fascia media, just over the small-comune limit.
  const comune = makeProfile({ istat: "016001", population: 5_100 });

  it("keeps a call missed on the population limit alone, with the engine's sentence", () => {
    const list = nearMisses([makeCall({ id: "t:cap", populationMax: 5_000 })], comune, NOW);
    expect(list).toEqual([
      {
        callId: "t:cap",
        title: makeCall().title,
        issuer: makeCall().issuer,
        deadline: makeCall().deadline,
        rule: "popolazione",
        message: "Il bando è riservato ai comuni fino a 5.000 abitanti; il comune ne ha 5.100.",
        gap: 0.02,
      },
    ]);
  });

  it("keeps a call missed on the size cluster alone", () => {
    const [miss] = nearMisses([makeCall({ id: "t:fascia", sizeClusters: ["piccolo"] })], comune, NOW);
    expect(miss?.rule).toBe("fascia");
    expect(miss?.message).toMatch(/^Il bando è riservato ai comuni di fascia piccola .*il comune è di fascia media/);
  });

  it("leaves out calls the comune passes, fails on two rules, on territory or beneficiaries, or that are not open", () => {
    const calls = [
      makeCall({ id: "t:ok" }),
      // Population and cluster both fail: two rules.
      makeCall({ id: "t:due", populationMax: 5_000, sizeClusters: ["piccolo"] }),
      // Another province: territory is never "almost".
      makeCall({ id: "t:territorio", populationMax: 5_000, territory: { regions: [], provinces: ["MI"], comuni: [] } }),
      makeCall({ id: "t:regione", populationMax: 5_000, territory: { regions: ["05"], provinces: [], comuni: [] } }),
      // Comuni are not among the beneficiaries.
      makeCall({ id: "t:scuole", populationMax: 5_000, beneficiaries: ["scuola"] }),
      // Closed and upcoming calls.
      makeCall({ id: "t:chiuso", populationMax: 5_000, deadline: "2026-02-01T00:00:00.000Z" }),
      makeCall({ id: "t:in-arrivo", populationMax: 5_000, opensAt: "2026-06-01T00:00:00.000Z", deadline: "2026-09-01T00:00:00.000Z" }),
      // Far from the limit: 5,100 on "fino a 2.000" is not "almost".
      makeCall({ id: "t:lontano", populationMax: 2_000 }),
    ];
    expect(nearMisses(calls, comune, NOW)).toEqual([]);
  });

  it("nearest first, then the nearer deadline, at most five", () => {
    const calls = [
      makeCall({ id: "t:a", populationMax: 4_500 }),
      makeCall({ id: "t:b", populationMax: 5_000, deadline: "2026-04-30T21:59:59.000Z" }),
      makeCall({ id: "t:c", populationMax: 5_000, deadline: "2026-03-31T21:59:59.000Z" }),
      makeCall({ id: "t:d", populationMin: 5_500 }),
      makeCall({ id: "t:e", populationMax: 4_800 }),
      makeCall({ id: "t:f", populationMax: 4_200 }),
      makeCall({ id: "t:g", populationMax: 5_050 }),
    ];
    const list = nearMisses(calls, comune, NOW);
    expect(list).toHaveLength(NEAR_MISS_LIMIT);
    expect(list.map((m) => m.callId)).toEqual(["t:g", "t:c", "t:b", "t:e", "t:d"]);
    expect(list.find((m) => m.callId === "t:d")?.message).toBe("Il bando è riservato ai comuni con almeno 5.500 abitanti; il comune ne ha 5.100.");
  });
});
