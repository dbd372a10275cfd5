import { describe, expect, it } from "vitest";
import { callStatus, nextStatusChange } from "~/domain/call";
import { nextRomeMidnight } from "~/domain/time";

/** Until when a rendered page stays true with unchanged data (docs/decisions/0074). */
describe("page validity in time", () => {
  it("the next Rome midnight, across the DST changes", () => {
    expect(nextRomeMidnight(new Date("2026-11-23T22:40:00Z")).toISOString()).toBe("2026-11-23T23:00:00.000Z");
    expect(nextRomeMidnight(new Date("2026-11-23T23:00:00Z")).toISOString()).toBe("2026-11-24T23:00:00.000Z");
    expect(nextRomeMidnight(new Date("2026-07-01T10:00:00Z")).toISOString()).toBe("2026-07-01T22:00:00.000Z");
    // 29 March 2026: clocks go forward at 02:00; the day has 23 hours.
    expect(nextRomeMidnight(new Date("2026-03-28T23:30:00Z")).toISOString()).toBe("2026-03-29T22:00:00.000Z");
    // 25 October 2026: clocks go back at 03:00; the day has 25 hours.
    expect(nextRomeMidnight(new Date("2026-10-24T22:30:00Z")).toISOString()).toBe("2026-10-25T23:00:00.000Z");
  });

  it("the first opening or passed deadline after now; the status holds until then", () => {
    const now = new Date("2026-11-23T12:00:00Z");
    const calls = [
      { opensAt: "2026-12-01T08:00:00Z", deadline: "2027-01-31T12:00:00Z" },
      { opensAt: null, deadline: "2026-11-25T11:00:00Z" },
      { opensAt: null, deadline: "2026-11-20T11:00:00Z" },
      { opensAt: "2026-01-01T00:00:00Z", deadline: null },
    ];
    const parsed = calls.map((c) => ({ opensTime: c.opensAt ? Date.parse(c.opensAt) : null, deadlineTime: c.deadline ? Date.parse(c.deadline) : null }));
    const next = nextStatusChange(parsed, now);
    expect(new Date(next).toISOString()).toBe("2026-11-25T11:00:00.001Z");
    const before = calls.map((c) => callStatus(c, now));
    expect(calls.map((c) => callStatus(c, new Date(next - 1)))).toEqual(before);
    expect(calls.map((c) => callStatus(c, new Date(next)))).not.toEqual(before);
    expect(nextStatusChange([parsed[2]!, parsed[3]!], now)).toBe(Number.POSITIVE_INFINITY);
  });
});
