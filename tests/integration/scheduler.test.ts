import { readFileSync } from "node:fs";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runs } from "~db/schema";
import { countCalls } from "~/data/calls.server";
import { acquireLease, createIngestSource, getIngestSource } from "~/data/ingest-sources.server";
import { createScheduler } from "~/jobs/scheduler.server";
import { createTestDb } from "../setup/db";
import { startFixtureServer } from "../setup/http-fixtures";

const json = readFileSync(join(import.meta.dirname, "..", "fixtures", "bando-json", "bandi-esempio.json"));

describe("scheduled sources (in-process scheduler, controllable clock)", () => {
  let server: Awaited<ReturnType<typeof startFixtureServer>>;
  beforeAll(async () => {
    server = await startFixtureServer({
      "/bandi.json": { type: "application/json", body: json },
      "/lento.json": { type: "application/json", body: json, delayMs: 400 },
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  function setup(path = "/bandi.json") {
    const db = createTestDb();
    let now = new Date("2026-03-02T05:00:00Z"); // 06:00 in Rome
    const clock = { get: () => now, set: (iso: string) => (now = new Date(iso)) };
    const source = createIngestSource(
      db,
      { name: "Bandi ANCI", adapter: "bando-json", url: `${server.url}${path}`, schedule: "ogni giorno alle 07:00", enabled: true, publish: false, nextRunAt: null },
      "test",
    );
    const scheduler = createScheduler(db, { now: clock.get, log: () => {}, owner: "A", fetchLimits: { timeoutMs: 2000, maxBytes: 1_000_000 } });
    return { db, clock, source, scheduler };
  }

  it("runs a source at its slot, not before, and again at the next slot (idempotent)", async () => {
    const { db, clock, source, scheduler } = setup();
    expect(await scheduler.tick()).toEqual([]); // gives the source its first slot
    expect(getIngestSource(db, source.id)?.nextRunAt).toBe("2026-03-02T06:00:00.000Z");
    clock.set("2026-03-02T05:59:00Z");
    expect(await scheduler.tick()).toEqual([]);
    clock.set("2026-03-02T06:00:30Z");
    const [first] = await scheduler.tick();
    expect(first).toMatchObject({ status: "completato" });
    expect(db.select().from(runs).where(eq(runs.id, first!.runId!)).get()).toMatchObject({ kind: "bando-json", created: 3, actor: `pianificazione:${source.id}` });
    expect(getIngestSource(db, source.id)).toMatchObject({ lastStatus: "completato", nextRunAt: "2026-03-03T06:00:00.000Z", leaseOwner: null });
    expect(await scheduler.tick()).toEqual([]);
    clock.set("2026-03-03T06:01:00Z");
    const [second] = await scheduler.tick();
    expect(db.select().from(runs).where(eq(runs.id, second!.runId!)).get()).toMatchObject({ created: 0, unchanged: 3 });
  });

  it("records a failed run with its error and tries again at the next slot", async () => {
    const { db, clock, source, scheduler } = setup("/sparito.json");
    await scheduler.tick();
    clock.set("2026-03-02T06:00:00Z");
    const [failed] = await scheduler.tick();
    expect(failed).toMatchObject({ status: "fallito", error: expect.stringContaining("404") });
    expect(db.select().from(runs).where(eq(runs.id, failed!.runId!)).get()).toMatchObject({ status: "fallito", error: expect.stringContaining("404") });
    expect(getIngestSource(db, source.id)).toMatchObject({ lastStatus: "fallito", nextRunAt: "2026-03-03T06:00:00.000Z" });
    server.routes["/sparito.json"] = { type: "application/json", body: json };
    clock.set("2026-03-02T12:00:00Z");
    expect(await scheduler.tick()).toEqual([]); // no retry before the slot
    clock.set("2026-03-03T06:00:00Z");
    expect(await scheduler.tick()).toMatchObject([{ status: "completato" }]);
    expect(countCalls(db)).toBe(3);
  });

  it("never runs one source twice at once: not in one process, not across processes (lease)", async () => {
    const { db, clock, source, scheduler } = setup("/lento.json");
    await scheduler.tick();
    clock.set("2026-03-02T06:00:00Z");
    // Another process holds the lease: this one skips the source.
    expect(acquireLease(db, source.id, "B", clock.get(), 60_000)).toBe(true);
    expect(await scheduler.tick()).toEqual([]);
    // Lease expired (process B died): taken over.
    clock.set("2026-03-02T06:02:00Z");
    const other = createScheduler(db, { now: clock.get, log: () => {}, owner: "C" });
    const [a, b, c] = await Promise.all([scheduler.tick(), scheduler.tick(), other.tick()]);
    expect(a).toBe(b); // the same pass, shared
    expect([...a!, ...c!]).toHaveLength(1);
    expect(server.hits.filter((h) => h === "/lento.json")).toHaveLength(1);
  });
});
