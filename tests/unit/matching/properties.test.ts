import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { claimableAmount, eligibility, rankOpportunities, score } from "~/domain/matching";
import { FC_OPTIONS, bandsArb, callArb, callsArb, dismissalsArb, itemArb, profileArb } from "./arbitraries";
import { NOW } from "./factories";

describe("matching properties (fast-check, seed 20261123)", () => {
  it("the score is always an integer in 0–100, the sum of its components, each within its maximum", () => {
    fc.assert(
      fc.property(callArb, profileArb, (call, profile) => {
        const result = score(call, profile, { now: NOW });
        expect(Number.isInteger(result.total)).toBe(true);
        expect(result.total).toBeGreaterThanOrEqual(0);
        expect(result.total).toBeLessThanOrEqual(100);
        const parts = Object.values(result.components);
        expect(parts.reduce((n, c) => n + c.punti, 0)).toBe(result.total);
        for (const c of parts) {
          expect(Number.isInteger(c.punti)).toBe(true);
          expect(c.punti).toBeGreaterThanOrEqual(0);
          expect(c.punti).toBeLessThanOrEqual(c.max);
        }
        expect(result.reasons.length).toBeGreaterThan(0);
      }),
      FC_OPTIONS,
    );
  });

  it("adding a programme item (matching the call's themes or not) never lowers a score or any component", () => {
    fc.assert(
      fc.property(callArb, profileArb, itemArb(1000), fc.boolean(), (call, profile, item, matching) => {
        const added = matching && call.themes.length > 0 ? { ...item, themes: [...new Set([call.themes[0]!, ...item.themes])] } : item;
        const before = score(call, profile, { now: NOW });
        const after = score(call, { ...profile, programme: [...profile.programme, added] }, { now: NOW });
        expect(after.total).toBeGreaterThanOrEqual(before.total);
        for (const [key, c] of Object.entries(after.components)) {
          expect(c.punti).toBeGreaterThanOrEqual(before.components[key as keyof typeof before.components].punti);
        }
      }),
      FC_OPTIONS,
    );
  });

  it("an ineligible or closed call never appears in the default ranked list, which is ordered by score", () => {
    fc.assert(
      fc.property(
        callsArb(8).chain((calls) => fc.tuple(fc.constant(calls), profileArb, dismissalsArb(calls))),
        ([calls, profile, dismissals]) => {
          const ranked = rankOpportunities(calls, profile, { all: false, dismissals }, NOW);
          const eligibleIds = calls.filter((c) => eligibility(c, profile, NOW).eligible).map((c) => c.id);
          expect(ranked.map((o) => o.call.id).sort()).toEqual([...eligibleIds].sort());
          for (const o of ranked) expect(o.eligibility.eligible).toBe(true);
          for (let i = 1; i < ranked.length; i++) expect(ranked[i - 1]!.score.total).toBeGreaterThanOrEqual(ranked[i]!.score.total);
          // tutti=1 adds the others (closed calls excepted), with score 0 and the reasons why not.
          const all = rankOpportunities(calls, profile, { all: true, dismissals }, NOW);
          for (const o of all.filter((x) => !x.eligibility.eligible)) {
            expect(o.score.total).toBe(0);
            expect(o.reasons).toEqual(o.eligibility.checks.filter((c) => !c.passed).map((c) => c.message));
            expect(o.eligibility.checks[0]!.passed).toBe(true);
          }
          expect(all.length).toBeGreaterThanOrEqual(ranked.length);
        },
      ),
      FC_OPTIONS,
    );
  });

  it("the ranking does not depend on the order of the input calls (deterministic tie-breaks)", () => {
    fc.assert(
      fc.property(callsArb(8), profileArb, fc.integer(), (calls, profile, salt) => {
        const shuffled = [...calls].sort((a, b) => ((a.id.length * salt) % 7) - ((b.id.length * salt) % 7) || (a.id < b.id ? 1 : -1));
        const ids = (list: typeof calls) => rankOpportunities(list, profile, { all: true }, NOW).map((o) => [o.call.id, o.score.total, o.reasons]);
        expect(ids(shuffled)).toEqual(ids(calls));
      }),
      FC_OPTIONS,
    );
  });

  it("crossing a band boundary changes the claimable amount to that band's", () => {
    fc.assert(
      fc.property(bandsArb, fc.nat(), fc.option(fc.integer({ min: 1, max: 10 ** 6 }), { nil: null }), (bands, pick, amountMax) => {
        const call = { amountBands: bands, amountMax };
        const i = pick % (bands.length - 1);
        const band = bands[i]!;
        const next = bands[i + 1]!;
        expect(claimableAmount(call, band.populationMax!)).toBe(band.amount);
        expect(claimableAmount(call, band.populationMax! + 1)).toBe(next.amount);
        expect(claimableAmount(call, next.populationMin!)).toBe(next.amount);
      }),
      FC_OPTIONS,
    );
  });
});
