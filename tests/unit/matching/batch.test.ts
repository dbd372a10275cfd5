import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Call } from "~/domain/call";
import type { ComuneProfile } from "~/domain/profile";
import {
  DEFAULT_SCORING_CONFIG,
  type MatchSink,
  buildCallIndex,
  buildProfileIndex,
  compileCall,
  compileProfile,
  compileProfiles,
  explainEligibility,
  explainScore,
  matchAll,
  matchCall,
  matchProfile,
  profileAt,
} from "~/domain/matching";
import { FC_OPTIONS, callsArb, profileArb } from "./arbitraries";
import { NOW, makeCall, makeProfile } from "./factories";

type Row = [callId: string, istat: string, outcome: string, total: number, points: number[], claimable: number | null];

function collect(rows: Row[]): MatchSink {
  return (cc, table, row, outcome, score) =>
    rows.push([cc.call.id, table.istat[row] as string, outcome, score.total, [...score.points], Number.isNaN(score.claimable) ? null : score.claimable]);
}

/** Every pair, one by one, through the explained path: the reference the indexed path must equal. */
function bruteForce(calls: readonly Call[], profiles: readonly ComuneProfile[]): Row[] {
  const rows: Row[] = [];
  for (const call of calls) {
    const cc = compileCall(call, { now: NOW });
    for (const profile of profiles) {
      const cp = compileProfile(profile);
      const e = explainEligibility(cc, cp);
      if (!e.eligible) continue;
      const s = explainScore(cc, cp);
      rows.push([call.id, profile.istat, e.outcome, s.total, Object.values(s.components).map((c) => c.punti), s.claimableAmount]);
    }
  }
  return rows;
}

const byKey = (a: Row, b: Row) => (a[0] + a[1] < b[0] + b[1] ? -1 : a[0] + a[1] > b[0] + b[1] ? 1 : 0);

describe("bulk matching with territory/population pre-filtering", () => {
  // One profile per ISTAT code: the index keys comuni by code.
  const profilesArb = fc.uniqueArray(profileArb, { maxLength: 6, selector: (p) => p.istat });

  it("finds exactly the eligible pairs of a brute-force pass, with the same scores (matchAll, matchCall, matchProfile)", () => {
    fc.assert(
      fc.property(callsArb(10), profilesArb, (calls, profiles) => {
        const expected = bruteForce(calls, profiles).sort(byKey);
        const compiled = calls.map((call) => compileCall(call, { now: NOW }));
        const table = compileProfiles(profiles);

        const all: Row[] = [];
        const stats = matchAll(compiled, buildProfileIndex(table), collect(all));
        expect(all.sort(byKey)).toEqual(expected);
        expect(stats.eligible + stats.associated).toBe(expected.length);
        expect(stats.pairsConsidered).toBeLessThanOrEqual(calls.length * profiles.length);

        const perCall: Row[] = [];
        for (const cc of compiled) matchCall(cc, buildProfileIndex(table), collect(perCall));
        expect(perCall.sort(byKey)).toEqual(expected);

        const perProfile: Row[] = [];
        const callIndex = buildCallIndex(compiled);
        for (const profile of profiles) matchProfile(compileProfile(profile), callIndex, collect(perProfile));
        expect(perProfile.sort(byKey)).toEqual(expected);
      }),
      { ...FC_OPTIONS, numRuns: 300 },
    );
  });

  it("considers only the candidates of the call's territory and population bounds", () => {
    const profiles = [
      makeProfile({ istat: "016001", provinceSigla: "BG", population: 2161 }),
      makeProfile({ istat: "016024", provinceSigla: "BG", population: 115_349 }),
      makeProfile({ istat: "015146", name: "Milano", provinceSigla: "MI", population: 1_242_123 }),
      makeProfile({ istat: "023091", name: "Verona", provinceSigla: "VR", regionCode: "05", population: 252_520 }),
    ];
    const index = buildProfileIndex(compileProfiles(profiles));
    const considered = (call: Call) => matchCall(compileCall(call, { now: NOW }), index, () => {}).pairsConsidered;
    expect(considered(makeCall())).toBe(4);
    expect(considered(makeCall({ territory: { regions: ["03"], provinces: [], comuni: [] } }))).toBe(3);
    expect(considered(makeCall({ territory: { regions: [], provinces: ["BG"], comuni: [] }, populationMax: 5000 }))).toBe(1);
    expect(considered(makeCall({ territory: { regions: [], provinces: [], comuni: ["015146", "999999"] } }))).toBe(1);
    expect(considered(makeCall({ deadline: "2026-01-01T00:00:00Z" }))).toBe(0); // closed
    expect(considered(makeCall({ beneficiaries: ["scuola"] }))).toBe(0);
  });

  it("orders table rows by region, province and population, and keeps each profile reachable", () => {
    const table = compileProfiles([
      makeProfile({ istat: "023091", provinceSigla: "VR", regionCode: "05", population: 10 }),
      makeProfile({ istat: "016024", provinceSigla: "BG", population: 115_349 }),
      makeProfile({ istat: "016001", provinceSigla: "BG", population: 2161 }),
    ]);
    expect(table.istat).toEqual(["016001", "016024", "023091"]);
    expect(table.profiles[table.rowOfIstat.get("023091")!]!.istat).toBe("023091");
    const cp = profileAt(table, 1);
    expect(explainScore(compileCall(makeCall(), { now: NOW }), cp, DEFAULT_SCORING_CONFIG).claimableAmount).toBe(50_000);
  });
});
