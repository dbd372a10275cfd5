import { readFileSync } from "node:fs";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "~db/client.server";
import { calls, comuni } from "~db/schema";
import { callFromRow, changeReviewState, publishedCallRows, resolveCall, updateCallContent } from "~/data/calls.server";
import { dismissCall, undoDismissal } from "~/data/dismissals.server";
import { countMatches, lastCompletedFullRun, storedMatchesOfCall, storedMatchesOfComune } from "~/data/matches.server";
import { loadComuneProfile } from "~/data/profiles.server";
import { createProgrammeItem } from "~/data/programme.server";
import { activeScoringConfig, saveScoringConfig } from "~/data/scoring-config.server";
import { callVectorsById, itemVectorsById, loadTextModel } from "~/data/text-vectors.server";
import { rowContent } from "~/data/calls.server";
import { DEFAULT_SCORING_CONFIG, ENGINE_VERSION, matchVersionTag, rankOpportunities } from "~/domain/matching";
import { processPendingMatches, rematchAll, rematchPending, resetMatchEngine, startMatchWorker } from "~/jobs/match.server";
import { runIngest } from "~/ingestion/pipeline.server";
import { runImport } from "~/jobs/import.server";
import { createTestDb } from "../setup/db";
import { pendingRematch } from "../setup/rematch";
import { markForRematch } from "~/data/rematch.server";

const fixtures = join(import.meta.dirname, "..", "fixtures");
const file = (...parts: string[]) => readFileSync(join(fixtures, ...parts));
const actor = { type: "redazione" as const, name: "utente:0 test@example.org" };
const DAY = 86_400_000;

/** The comuni of Lombardy, the demo calls (dated from today) and the profile fixtures. */
function demoWorld(): Db {
  const db = createTestDb({ seedComuni: true, demo: true });
  runImport(db, { kind: "programmazione", content: file("programmazione", "programmazione-comuni.csv"), input: "p.csv" });
  runImport(db, { kind: "candidature-padigitale", content: file("padigitale2026", "candidature_finanziate_varie_misure.csv"), input: "b.csv" });
  runImport(db, { kind: "aggregazioni", content: file("aggregazioni", "aggregazioni.csv"), input: "g.csv" });
  return db;
}

/** Every stored row without its run id, in key order. */
function dump(db: Db): unknown[] {
  return db.$client
    .prepare("SELECT call_id, comune, score, p_programmazione, p_maturita, p_importo, p_tempi, p_dimensione, p_segnalazioni, associated, claimable FROM matches ORDER BY call_id, comune")
    .raw()
    .all();
}

function callId(db: Db, publicId: string): number {
  const row = resolveCall(db, publicId);
  if (!row) throw new Error(`bando ${publicId} assente`);
  return row.id;
}

function runIdsExcept(db: Db, callRowId: number): string {
  return JSON.stringify(db.$client.prepare("SELECT call_id, comune, run_id FROM matches WHERE call_id != ? ORDER BY call_id, comune").raw().all(callRowId));
}

async function ingestDraft(db: Db, bando: Record<string, unknown>): Promise<number> {
  await runIngest(db, { source: "bando-json", content: Buffer.from(JSON.stringify({ fonte: "prova", bandi: [bando] })), input: "prova.json" });
  return callId(db, `prova:${String(bando.idFonte)}`);
}

describe("matches store: full re-match", () => {
  const db = demoWorld();
  const now = new Date();
  let first: ReturnType<typeof rematchAll>;
  beforeAll(() => {
    first = rematchAll(db, { now, trigger: "test" });
  });

  it("completes, records a run with counts and the version tag, and clears every flag", () => {
    expect(first).toMatchObject({ status: "completato", kind: "completo", trigger: "test", comuni: 1506 });
    expect(first.written).toBe(first.eligible + first.associated);
    expect(first.associated).toBeGreaterThan(0);
    expect(countMatches(db)).toBe(first.written);
    const run = lastCompletedFullRun(db)!;
    expect(run).toMatchObject({ id: first.runId, engineVersion: ENGINE_VERSION, versionTag: matchVersionTag(DEFAULT_SCORING_CONFIG), evaluatedAt: now.toISOString() });
    expect(run.written).toBe(first.written);
    expect(pendingRematch(db)).toEqual([]);
    expect(db.select().from(calls).where(eq(calls.rematchPending, true)).all()).toEqual([]);
  });

  it("stores exactly the engine's eligible pairs (open and upcoming calls) with its numbers", () => {
    const rows = publishedCallRows(db);
    const callsById = new Map(rows.map((r) => [r.publicId, r.id]));
    const model = loadTextModel(db)!.model;
    const callVectors = new Map([...callVectorsById(db)].map(([id, v]) => [rows.find((r) => r.id === id)!.publicId, v.vector]));
    // Comuni with programme, funding and aggregations, small and large, in and out of Bergamo's province.
    for (const istat of ["016024", "016001", "016002", "016004", "015146", "014061", "017029", "012001", "019001"]) {
      const profile = loadComuneProfile(db, istat)!;
      const itemVectors = new Map([...itemVectorsById(db, [istat])].map(([id, v]) => [id, v.vector]));
      const expected = rankOpportunities(rows.map(callFromRow), profile, { callVectors, itemVectors, textModel: model }, now)
        .map((o) => ({
          callId: callsById.get(o.call.id),
          score: o.score.total,
          components: Object.fromEntries(Object.entries(o.score.components).map(([k, c]) => [k, c.punti])),
          associated: o.eligibility.associatedForm,
          claimable: o.claimableAmount,
        }))
        .sort((a, b) => a.callId! - b.callId!);
      const stored = storedMatchesOfComune(db, istat)
        .map(({ runId: _runId, ...rest }) => rest)
        .sort((a, b) => a.callId - b.callId);
      expect(stored, istat).toEqual(expected);
      expect(stored.length, istat).toBeGreaterThan(5);
    }
  });

  it("is deterministic: the same inputs give the same rows, in this and in another database", () => {
    const before = dump(db);
    const again = rematchAll(db, { now, trigger: "test" });
    expect(again.status).toBe("completato");
    expect(again.deleted).toBe(first.written);
    expect(dump(db)).toEqual(before);
    const other = demoWorld();
    rematchAll(other, { now, trigger: "test" });
    expect(dump(other)).toEqual(before);
    expect(loadTextModel(other)!.hash).toBe(loadTextModel(db)!.hash);
    // Every row carries the run that wrote it: engine version, configuration and evaluation instant.
    const tags = db.$client.prepare("SELECT DISTINCT r.version_tag, r.evaluated_at FROM matches m JOIN match_runs r ON r.id = m.run_id").raw().all();
    expect(tags).toEqual([[matchVersionTag(DEFAULT_SCORING_CONFIG), now.toISOString()]]);
  });

  it("keeps the last matches of calls that have closed since, and never stores them anew", () => {
    const closing = callId(db, "demo:pnrr-145-comuni-2026");
    const before = storedMatchesOfCall(db, closing);
    expect(before.length).toBe(1506);
    const later = new Date(now.getTime() + 45 * DAY);
    const total = countMatches(db);
    const run = rematchAll(db, { now: later, trigger: "test" });
    // Every row but those of the calls closed by then was replaced.
    const closedRows = db.$client.prepare("SELECT count(*) FROM matches WHERE run_id != ?").pluck().get(run.runId) as number;
    expect(closedRows).toBeGreaterThanOrEqual(before.length);
    expect(run.deleted).toBe(total - closedRows);
    const after = storedMatchesOfCall(db, closing);
    expect(after).toEqual(before);
    expect(after.every((r) => r.runId !== run.runId)).toBe(true);
    // An open call of the same run was re-matched with the new run.
    const open = callId(db, "demo:pnrr-145-comuni-2026-b");
    expect(storedMatchesOfCall(db, open).every((r) => r.runId === run.runId)).toBe(true);
    rematchAll(db, { now, trigger: "test" });
  });
});

describe("matches store: incremental re-match", () => {
  const db = demoWorld();
  const now = new Date();
  beforeAll(() => {
    rematchAll(db, { now, trigger: "test" });
  });

  it("publishing a call re-matches it against every comune, and only it", async () => {
    const id = await ingestDraft(db, {
      idFonte: "bg-piccoli-cloud",
      titolo: "Cloud per i piccoli comuni della provincia di Bergamo",
      ente: "Provincia di Bergamo",
      beneficiari: ["comune"],
      temi: ["cloud"],
      territorio: { province: ["BG"] },
      popolazioneMax: 3000,
      importoMax: 20000,
      scadenza: new Date(now.getTime() + 40 * DAY).toISOString().slice(0, 10),
    });
    expect(processPendingMatches(db, { now })).toBeNull();
    expect(storedMatchesOfCall(db, id)).toEqual([]);
    const others = runIdsExcept(db, id);

    changeReviewState(db, id, "publish", actor, now);
    const summary = processPendingMatches(db, { now })!;
    expect(summary).toMatchObject({ kind: "incrementale", status: "completato", calls: 1, comuni: 0 });
    const expected = db
      .select({ istat: comuni.istat, population: comuni.population })
      .from(comuni)
      .where(eq(comuni.provinceSigla, "BG"))
      .all()
      .filter((c) => c.population <= 3000)
      .map((c) => c.istat)
      .sort();
    const stored = storedMatchesOfCall(db, id);
    expect(stored.map((r) => r.comune)).toEqual(expected);
    expect(stored.every((r) => r.runId === summary.runId && r.score > 0 && r.score <= 100)).toBe(true);
    expect(runIdsExcept(db, id)).toBe(others);
    expect(db.select().from(calls).where(eq(calls.id, id)).get()!.rematchPending).toBe(false);
    expect(processPendingMatches(db, { now })).toBeNull();

    // A change of the published call re-matches it again: fewer comuni under the new bound.
    const row = db.select().from(calls).where(eq(calls.id, id)).get()!;
    updateCallContent(db, id, { ...rowContent(row), populationMax: 1000 }, actor, now);
    processPendingMatches(db, { now });
    const smaller = storedMatchesOfCall(db, id);
    expect(smaller.length).toBeGreaterThan(0);
    expect(smaller.length).toBeLessThan(stored.length);
    expect(runIdsExcept(db, id)).toBe(others);

    // Archived: its matches are removed.
    changeReviewState(db, id, "archive", actor, now);
    processPendingMatches(db, { now });
    expect(storedMatchesOfCall(db, id)).toEqual([]);
    expect(runIdsExcept(db, id)).toBe(others);
  });

  it("a profile change re-matches that comune only", () => {
    const send = callId(db, "demo:pnrr-145-comuni-2026");
    const before = storedMatchesOfComune(db, "016024").find((m) => m.callId === send)!;
    const othersBefore = JSON.stringify(db.$client.prepare("SELECT call_id, comune, run_id, score FROM matches WHERE comune != 16024 ORDER BY call_id, comune").raw().all());
    const created = createProgrammeItem(db, "016024", {
      title: "Notifiche digitali degli atti con SEND",
      description: "Adesione alla Piattaforma Notifiche Digitali per sanzioni e tributi",
      themes: ["notifiche"],
      amount: 60000,
      startYear: 2026,
      endYear: 2026,
      instrument: "PT-ICT",
      state: "previsto",
    });
    expect(created.ok).toBe(true);
    expect(pendingRematch(db)).toEqual(["016024"]);
    const summary = processPendingMatches(db, { now })!;
    expect(summary).toMatchObject({ kind: "incrementale", comuni: 1, calls: 0 });
    const after = storedMatchesOfComune(db, "016024").find((m) => m.callId === send)!;
    expect(after.components.programmazione).toBeGreaterThan(before.components.programmazione);
    expect(after.score).toBeGreaterThan(before.score);
    expect(after.runId).toBe(summary.runId);
    expect(pendingRematch(db)).toEqual([]);
    const othersAfter = JSON.stringify(db.$client.prepare("SELECT call_id, comune, run_id, score FROM matches WHERE comune != 16024 ORDER BY call_id, comune").raw().all());
    expect(othersAfter).toBe(othersBefore);
    // The new item's vector is stored with the others.
    expect(itemVectorsById(db, ["016024"]).size).toBe(4);
  });

  it("a dismissal lowers similar calls for that comune, not for others, and can be withdrawn", () => {
    const dismissed = callId(db, "demo:pnrr-145-comuni-2026");
    const similar = callId(db, "demo:pnrr-145-comuni-2026-b");
    const unrelated = callId(db, "demo:mim-mense");
    const of = (istat: string, id: number) => storedMatchesOfComune(db, istat).find((m) => m.callId === id)!;
    const before = { similar: of("016024", similar), unrelated: of("016024", unrelated), other: of("015146", similar) };
    expect(before.similar.components.segnalazioni).toBe(10);

    dismissCall(db, { istat: "016024", callId: dismissed, reason: "tema-non-pertinente", note: "Già coperto dal gestore", userId: null }, now);
    expect(pendingRematch(db)).toEqual(["016024"]);
    processPendingMatches(db, { now });
    expect(of("016024", dismissed).components.segnalazioni).toBe(0);
    const similarAfter = of("016024", similar);
    expect(similarAfter.components.segnalazioni).toBeLessThan(before.similar.components.segnalazioni);
    expect(similarAfter.score).toBeLessThan(before.similar.score);
    expect(of("016024", unrelated)).toMatchObject({ score: before.unrelated.score, components: before.unrelated.components });
    expect(of("015146", similar)).toEqual(before.other);

    expect(undoDismissal(db, "016024", dismissed)).toBe(true);
    processPendingMatches(db, { now });
    expect(of("016024", similar)).toMatchObject({ score: before.similar.score, components: before.similar.components });
  });

  it("gives the rows a full re-match gives, warm or after rebuilding its state from the database", () => {
    createProgrammeItem(db, "016001", {
      title: "Pagamenti elettronici con pagoPA",
      description: null,
      themes: ["pagamenti"],
      amount: 10000,
      startYear: 2026,
      endYear: 2026,
      instrument: "DUP",
      state: "previsto",
    });
    processPendingMatches(db, { now });
    // The next change is computed by a "new process": state rebuilt from the stored model and vectors.
    createProgrammeItem(db, "016002", { title: "Sito web", description: null, themes: ["servizi-digitali"], amount: null, startYear: null, endYear: null, instrument: "altro", state: "previsto" });
    resetMatchEngine(db);
    expect(rematchPending(db, { trigger: "test" })).toMatchObject({ comuni: 1 });
    const incremental = dump(db);
    rematchAll(db, { now, trigger: "test" });
    expect(dump(db)).toEqual(incremental);
  });

  it("a saved configuration makes the next round a full re-match with the new weights", () => {
    const weights = { ...DEFAULT_SCORING_CONFIG.weights, programmazione: 45, segnalazioni: 0 };
    const saved = saveScoringConfig(db, { ...DEFAULT_SCORING_CONFIG, weights }, { userId: null, note: "prova" }, now);
    expect(saved).toMatchObject({ ok: true, revision: 2 });
    const summary = processPendingMatches(db, { now })!;
    expect(summary).toMatchObject({ kind: "completo", trigger: "configurazione modificata", versionTag: matchVersionTag(activeScoringConfig(db).config) });
    const segnalazioni = db.$client.prepare("SELECT max(p_segnalazioni) FROM matches WHERE run_id = ?").pluck().get(summary.runId);
    expect(segnalazioni).toBe(0);
    expect(processPendingMatches(db, { now })).toBeNull();
  });

  it("runs a full re-match when more comuni are flagged than single re-matches are worth", () => {
    const many = db.select({ istat: comuni.istat }).from(comuni).limit(300).all().map((c) => c.istat);
    markForRematch(db, many);
    expect(processPendingMatches(db, { now })).toMatchObject({ kind: "completo", trigger: "molti comuni da aggiornare", comuni: 1506 });
    expect(pendingRematch(db)).toEqual([]);
    markForRematch(db, many.slice(0, 3));
    expect(processPendingMatches(db, { now })).toMatchObject({ kind: "incrementale", comuni: 3 });
  });
});

describe("matching worker", () => {
  it("re-matches a published call within a few rounds, in the background", async () => {
    const db = demoWorld();
    const worker = startMatchWorker(db, { intervalMs: 20, onError: (e) => { throw e; } });
    try {
      const waitFor = async (check: () => boolean) => {
        for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
        return check();
      };
      expect(await waitFor(() => lastCompletedFullRun(db) !== undefined)).toBe(true);
      const id = await ingestDraft(db, {
        idFonte: "lavoratore",
        titolo: "Bando per i comuni della provincia di Sondrio",
        ente: "Regione Lombardia",
        beneficiari: ["comune"],
        territorio: { province: ["SO"] },
      });
      changeReviewState(db, id, "publish", actor);
      expect(await waitFor(() => storedMatchesOfCall(db, id).length > 0)).toBe(true);
      const so = db.select().from(comuni).where(eq(comuni.provinceSigla, "SO")).all().length;
      expect(storedMatchesOfCall(db, id)).toHaveLength(so);
      expect(await waitFor(() => !db.select().from(calls).where(eq(calls.id, id)).get()!.rematchPending)).toBe(true);
    } finally {
      worker.stop();
    }
  });
});
