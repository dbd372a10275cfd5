import { describe, expect, it } from "vitest";
import { calls } from "~db/schema";
import { removeTracking, setTracking, trackedCallsOf, trackersOfCall, trackingHistory, trackingOf } from "~/data/tracking.server";
import { isActiveStage, isTrackingStage } from "~/domain/tracking";
import { createTestDb } from "../setup/db";

describe("tracking pipeline of calls per comune", () => {
  const db = createTestDb({ seedComuni: true, demo: true });
  const [first, second] = db.select({ id: calls.id }).from(calls).limit(2).all();
  const callA = first!.id;
  const callB = second!.id;

  it("creates the row on first use, records every change, and ignores a repeat", () => {
    const t0 = new Date("2026-05-01T08:00:00Z");
    expect(setTracking(db, { istat: "016024", callId: callA, stage: "interessato", userId: null }, t0)).toBe(true);
    expect(setTracking(db, { istat: "016024", callId: callA, stage: "interessato", userId: null }, t0)).toBe(false);
    expect(
      setTracking(db, { istat: "016024", callId: callA, stage: "in-preparazione", notes: "  Serve la delibera di giunta  ", userId: null }, new Date("2026-05-03T08:00:00Z")),
    ).toBe(true);
    expect(trackingOf(db, "016024", callA)).toMatchObject({ stage: "in-preparazione", notes: "Serve la delibera di giunta" });
    expect(trackingHistory(db, "016024", callA)).toEqual([
      { at: "2026-05-03T08:00:00.000Z", fromStage: "interessato", toStage: "in-preparazione", notes: "Serve la delibera di giunta" },
      { at: "2026-05-01T08:00:00.000Z", fromStage: null, toStage: "interessato", notes: null },
    ]);
  });

  it("keeps each comune's pipeline apart (the query is scoped to the comune)", () => {
    setTracking(db, { istat: "015146", callId: callA, stage: "candidatura-inviata", userId: null });
    setTracking(db, { istat: "016024", callId: callB, stage: "interessato", userId: null });
    expect(trackedCallsOf(db, "016024").map((t) => t.callId).sort()).toEqual([callA, callB].sort());
    expect(trackedCallsOf(db, "015146").map((t) => [t.callId, t.stage])).toEqual([[callA, "candidatura-inviata"]]);
    expect(trackersOfCall(db, callA)).toEqual([
      { istat: "015146", stage: "candidatura-inviata" },
      { istat: "016024", stage: "in-preparazione" },
    ]);
    // Removing Bergamo's row leaves Milano's.
    expect(removeTracking(db, "016024", callA)).toBe(true);
    expect(trackingOf(db, "016024", callA)).toBeUndefined();
    expect(trackingOf(db, "015146", callA)?.stage).toBe("candidatura-inviata");
    expect(removeTracking(db, "016024", callA)).toBe(false);
  });

  it("knows its stages", () => {
    expect(isTrackingStage("finanziato")).toBe(true);
    expect(isTrackingStage("vinto")).toBe(false);
    expect(isActiveStage("in-preparazione")).toBe(true);
    expect(isActiveStage("non-finanziato")).toBe(false);
  });
});
