import { describe, expect, it } from "vitest";
import { parseRomeDateTime, romeDateKey, romeDaysBetween, romeToInstant } from "~/domain/time";

describe("Europe/Rome dates (API.md)", () => {
  it("reads a local deadline with a time", () => {
    expect(parseRomeDateTime("2026-03-31T12:00", "end")?.toISOString()).toBe("2026-03-31T10:00:00.000Z");
  });

  it("reads a date alone as the end of that day for deadlines and its start for openings", () => {
    expect(parseRomeDateTime("2026-03-31", "end")?.toISOString()).toBe("2026-03-31T21:59:59.000Z");
    expect(parseRomeDateTime("2026-01-15", "start")?.toISOString()).toBe("2026-01-14T23:00:00.000Z");
  });

  it("reads floating Socrata timestamps and explicit offsets", () => {
    expect(parseRomeDateTime("2026-09-07T00:00:00.000", "start")?.toISOString()).toBe("2026-09-06T22:00:00.000Z");
    expect(parseRomeDateTime("2026-04-29T00:00:00.000+0000", "end")?.toISOString()).toBe("2026-04-29T00:00:00.000Z");
    expect(parseRomeDateTime("2024-02-23T00:00:00Z", "end")?.toISOString()).toBe("2024-02-23T00:00:00.000Z");
  });

  it("handles the daylight-saving switches", () => {
    // 29 March 2026: clocks jump from 02:00 to 03:00; 25 October 2026: from 03:00 back to 02:00.
    expect(romeToInstant({ year: 2026, month: 3, day: 29, hour: 3, minute: 0, second: 0 }).toISOString()).toBe(
      "2026-03-29T01:00:00.000Z",
    );
    expect(romeToInstant({ year: 2026, month: 10, day: 25, hour: 12, minute: 0, second: 0 }).toISOString()).toBe(
      "2026-10-25T11:00:00.000Z",
    );
  });

  it("refuses impossible dates", () => {
    expect(parseRomeDateTime("2026-02-30", "end")).toBeNull();
    expect(parseRomeDateTime("31/03/2026", "end")).toBeNull();
    expect(parseRomeDateTime("2026-13-01", "start")).toBeNull();
  });

  it("counts calendar days in Rome", () => {
    expect(romeDateKey(new Date("2026-03-31T22:30:00Z"))).toBe("2026-04-01");
    expect(romeDaysBetween(new Date("2026-03-30T10:00:00Z"), new Date("2026-03-31T21:59:59Z"))).toBe(1);
    expect(romeDaysBetween(new Date("2026-04-02T10:00:00Z"), new Date("2026-03-31T10:00:00Z"))).toBe(-2);
  });
});
