import { performance } from "node:perf_hooks";
import { writeTransaction, type Db } from "~db/client.server";
import type { CallRow } from "~db/schema";
import { callFromRow, callsToRematch, clearRematchPending, publishedCallRows } from "~/data/calls.server";
import { dismissalInputs, dismissedCallIds } from "~/data/dismissals.server";
import {
  MatchBuffer,
  type MatchRunCounts,
  type MatchRunStart,
  comuneKey,
  deleteMatchesExceptCalls,
  deleteMatchesOfCalls,
  deleteMatchesOfComuni,
  finishMatchRun,
  lastCompletedFullRun,
  pendingRematchCounts,
  recordFailedMatchRun,
  replaceCallMatches,
  replaceComuneMatches,
  startMatchRun,
  writeMatches,
} from "~/data/matches.server";
import { loadAllProfiles, loadProfiles } from "~/data/profiles.server";
import { clearComuniRematch, comuniToRematch } from "~/data/rematch.server";
import { activeScoringConfig, scoringConfigByFingerprint } from "~/data/scoring-config.server";
import {
  type StoredVector,
  type VectorWrite,
  callVectorsById,
  itemVectorsById,
  loadTextModel,
  saveCallVectors,
  saveItemVectors,
  saveTextModel,
  textFieldsHash,
  textModelHash,
} from "~/data/text-vectors.server";
import type { Call } from "~/domain/call";
import {
  type CallIndex,
  type CompiledCall,
  type CompiledProfile,
  ENGINE_VERSION,
  type MatchSink,
  type MatchStats,
  type ProfileIndex,
  type ScoringConfig,
  type SparseVector,
  type TextField,
  type TextModel,
  buildCallIndex,
  buildProfileIndex,
  buildTextModel,
  callTextFields,
  compileCall,
  compileProfile,
  compileProfiles,
  emptyStats,
  isMatchable,
  matchCall,
  matchProfile,
  matchVersionTag,
  newPairScore,
  programmeItemTextFields,
  rowOutcome,
  scoreRow,
  serializeTextModel,
  vectorize,
} from "~/domain/matching";
import type { ComuneProfile } from "~/domain/profile";
import { romeDateKey } from "~/domain/time";
import { registerMatchKick } from "./match-kick.server";
import { startRounds } from "./rounds.server";

/**
 * The matching jobs (issue 5, point 4; docs/decisions/0060-match-store.md):
 * - `rematchAll`: the full re-match (`npm run match`, a changed configuration or engine, the
 *   first round of each Rome day): rebuilds the text model and the vectors, matches every open
 *   or upcoming published call against every comune, replaces the stored matches (closed calls
 *   keep theirs), clears every flag — one immediate transaction, one run row;
 * - `processPendingMatches`: what the worker does every few seconds: the comuni and calls whose
 *   `rematch_pending` flag is set are re-matched against the engine state cached in memory
 *   (compiled calls and the profile table of the last full run), and their flags cleared in the
 *   same transaction as their new matches;
 * - `startMatchWorker`: the in-process worker started by scripts/serve.ts.
 */

export interface MatchJobOptions {
  /** The evaluation instant of a full re-match (statuses and deadlines); the clock by default. */
  now?: Date;
  /** Why the job runs, recorded in the run row. */
  trigger?: string;
  /** Calls matched so far during a full re-match. */
  onProgress?: (done: number, total: number) => void;
}

export interface MatchRunSummary extends Omit<MatchRunCounts, "durationMs" | "details"> {
  runId: number;
  kind: "completo" | "incrementale";
  status: "completato" | "fallito";
  trigger: string;
  versionTag: string;
  evaluatedAt: string;
  seconds: number;
  /** Seconds per phase (full re-match). */
  phases: Record<string, number>;
  error?: string;
}

/**
 * Above this many comuni re-matched one by one since the profile table was built, it is rebuilt;
 * above this many flagged at once, the worker runs a full re-match instead.
 */
const MAX_OVERRIDES = 256;

/** What the incremental jobs reuse between rounds: everything compiled at the last full re-match. */
interface EngineState {
  fullRunId: number;
  config: ScoringConfig;
  configRevision: number;
  configFingerprint: string;
  versionTag: string;
  evaluatedAt: Date;
  model: TextModel;
  modelHash: string;
  profileIndex: ProfileIndex;
  /** Integer key of each table row's comune. */
  rowKeys: Int32Array;
  /** Comuni re-matched since the table was built: their current compiled profile (null = gone). */
  overrides: Map<string, CompiledProfile | null>;
  /** Every published call, compiled at `evaluatedAt`, by row id. */
  calls: Map<number, CompiledCall>;
  idOf: Map<CompiledCall, number>;
  /** Built lazily from `calls`; dropped when a call changes. */
  callIndex: CallIndex | undefined;
}

const states = new WeakMap<Db, EngineState>();

/** Forgets the cached engine state of a database (tests; after a failed round). */
export function resetMatchEngine(db: Db): void {
  states.delete(db);
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** Seconds spent per named phase of a job (recorded in the run's details). */
function phaseClock() {
  const phases: Record<string, number> = {};
  const phase = <T>(name: string, fn: () => T): T => {
    const t = performance.now();
    const result = fn();
    phases[name] = round3((phases[name] ?? 0) + (performance.now() - t) / 1000);
    return result;
  };
  return { phases, phase };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// ---------------------------------------------------------------------------------------------
// Inputs: calls, profiles, vectors

interface VectorResult {
  vectors: Map<number, SparseVector>;
  writes: VectorWrite[];
}

/** Stored vectors where they are current (same text, same model), else computed (and listed to write). */
function currentVectors<T>(
  entries: readonly T[],
  idOf: (entry: T) => number,
  fieldsOf: (entry: T) => TextField[],
  stored: ReadonlyMap<number, StoredVector>,
  model: TextModel,
  modelHash: string,
): VectorResult {
  const vectors = new Map<number, SparseVector>();
  const writes: VectorWrite[] = [];
  for (const entry of entries) {
    const id = idOf(entry);
    const fields = fieldsOf(entry);
    const textHash = textFieldsHash(fields);
    const known = stored.get(id);
    if (known && known.textHash === textHash && known.modelHash === modelHash) {
      vectors.set(id, known.vector);
    } else {
      const vector = vectorize(model, fields);
      vectors.set(id, vector);
      writes.push({ id, textHash, modelHash, vector });
    }
  }
  return { vectors, writes };
}

function itemVectorsOf(db: Db, profiles: readonly ComuneProfile[], model: TextModel, modelHash: string, istats?: readonly string[]): VectorResult {
  const items = profiles.flatMap((p) => p.programme);
  return currentVectors(items, (it) => it.id, programmeItemTextFields, itemVectorsById(db, istats), model, modelHash);
}

/** Dismissals of these comuni (all when omitted), each with the dismissed call's vector. */
function dismissalsOf(db: Db, istats: readonly string[] | undefined, known: ReadonlyMap<number, SparseVector>) {
  const ids = dismissedCallIds(db, istats).filter((id) => !known.has(id));
  const vectors = new Map(known);
  for (const [id, stored] of callVectorsById(db, ids)) vectors.set(id, stored.vector);
  return dismissalInputs(db, { istats, vectors });
}

interface CompiledWorld {
  callRows: CallRow[];
  compiled: CompiledCall[];
  callVectorWrites: VectorWrite[];
  itemVectorWrites: VectorWrite[];
  profileIndex: ProfileIndex;
}

function compileWorld(
  db: Db,
  callRows: CallRow[],
  config: ScoringConfig,
  model: TextModel,
  modelHash: string,
  now: Date,
  phase: <T>(name: string, fn: () => T) => T,
): CompiledWorld {
  const calls: Call[] = callRows.map(callFromRow);
  const callVectors = phase("vettoriBandi", () =>
    currentVectors(callRows.map((row, i) => [row.id, calls[i] as Call] as const), ([id]) => id, ([, call]) => callTextFields(call), callVectorsById(db), model, modelHash),
  );
  const profiles = phase("leggiProfili", () => loadAllProfiles(db));
  const itemVectors = phase("vettoriVoci", () => itemVectorsOf(db, profiles, model, modelHash));
  const dismissals = phase("leggiSegnalazioni", () => dismissalsOf(db, undefined, callVectors.vectors));
  const compiled = phase("compilaBandi", () =>
    calls.map((call, i) => compileCall(call, { now, config, textModel: model, vector: callVectors.vectors.get((callRows[i] as CallRow).id) })),
  );
  const profileIndex = phase("compilaProfili", () =>
    buildProfileIndex(compileProfiles(profiles, { config, textModel: model, itemVectors: itemVectors.vectors, dismissals })),
  );
  return { callRows, compiled, callVectorWrites: callVectors.writes, itemVectorWrites: itemVectors.writes, profileIndex };
}

function stateOf(world: CompiledWorld, base: Omit<EngineState, "profileIndex" | "rowKeys" | "overrides" | "calls" | "idOf" | "callIndex">): EngineState {
  const calls = new Map<number, CompiledCall>();
  const idOf = new Map<CompiledCall, number>();
  world.compiled.forEach((cc, i) => {
    const id = (world.callRows[i] as CallRow).id;
    calls.set(id, cc);
    idOf.set(cc, id);
  });
  return {
    ...base,
    profileIndex: world.profileIndex,
    rowKeys: Int32Array.from(world.profileIndex.table.istat, comuneKey),
    overrides: new Map(),
    calls,
    idOf,
    callIndex: undefined,
  };
}

function callIndexOf(state: EngineState): CallIndex {
  state.callIndex ??= buildCallIndex([...state.calls.values()]);
  return state.callIndex;
}

// ---------------------------------------------------------------------------------------------
// Full re-match

/** Why a full re-match is due before any incremental work, or null. */
export function fullRematchReason(db: Db, now: Date): string | null {
  const last = lastCompletedFullRun(db);
  if (!last) return "primo abbinamento";
  const active = activeScoringConfig(db);
  if (last.engineVersion !== ENGINE_VERSION) return "motore aggiornato";
  if (last.versionTag !== matchVersionTag(active.config)) return "configurazione modificata";
  if (romeDateKey(new Date(last.evaluatedAt)) !== romeDateKey(now)) return "aggiornamento giornaliero";
  return null;
}

export function rematchAll(db: Db, options: MatchJobOptions = {}): MatchRunSummary {
  const now = options.now ?? new Date();
  const trigger = options.trigger ?? "cli";
  const started = performance.now();
  const { phases, phase } = phaseClock();
  const active = activeScoringConfig(db);
  const start: MatchRunStart = {
    kind: "completo",
    trigger,
    evaluatedAt: now,
    engineVersion: ENGINE_VERSION,
    configRevision: active.revision,
    configFingerprint: active.fingerprint,
    versionTag: matchVersionTag(active.config),
  };
  try {
    let beforeCommit = 0;
    const { summary, state } = writeTransaction(db, () => {
      const config = active.config;
      const callRows = phase("leggiBandi", () => publishedCallRows(db));
      const model = phase("modelloTestuale", () => buildTextModel(callRows.map((row) => callTextFields(row))));
      const modelHash = saveTextModel(db, model, now);
      const world = compileWorld(db, callRows, config, model, modelHash, now, phase);
      phase("salvaVettori", () => {
        saveCallVectors(db, world.callVectorWrites);
        saveItemVectors(db, world.itemVectorWrites);
      });
      const runId = startMatchRun(db, start);
      const buffer = new MatchBuffer();
      const stats = emptyStats();
      const table = world.profileIndex.table;
      const rowKeys = Int32Array.from(table.istat, comuneKey);
      let current = 0;
      const sink: MatchSink = (_cc, _t, row, outcome, score) => buffer.push(current, rowKeys[row] as number, outcome === "forma-associata", score);
      phase("abbinamento", () => {
        world.compiled.forEach((cc, i) => {
          current = (world.callRows[i] as CallRow).id;
          matchCall(cc, world.profileIndex, sink, config, stats);
          options.onProgress?.(i + 1, world.compiled.length);
        });
      });
      // Closed calls keep their last matches; every other row is replaced.
      const keep = world.compiled.flatMap((cc, i) => (cc.status === "chiuso" ? [(world.callRows[i] as CallRow).id] : []));
      const deleted = phase("cancellazione", () => deleteMatchesExceptCalls(db, keep));
      const written = phase("scrittura", () => writeMatches(db, buffer, runId));
      const flagged = callsToRematch(db).map((r) => r.id);
      clearRematchPending(db, flagged);
      clearComuniRematch(db, "all");
      const durationMs = Math.round(performance.now() - started);
      const counts = {
        calls: world.compiled.filter(isMatchable).length,
        comuni: table.size,
        pairsConsidered: stats.pairsConsidered,
        eligible: stats.eligible,
        associated: stats.associated,
        written,
        deleted,
        durationMs,
        details: { phases, callsPublished: world.callRows.length, callsClosedKept: keep.length, textModelTerms: model.df.size, bufferMb: round3(buffer.bytes() / 1048576) },
      };
      finishMatchRun(db, runId, counts);
      beforeCommit = performance.now();
      const state = stateOf(world, {
        fullRunId: runId,
        config,
        configRevision: active.revision,
        configFingerprint: active.fingerprint,
        versionTag: start.versionTag,
        evaluatedAt: now,
        model,
        modelHash,
      });
      return { summary: { runId, ...counts }, state };
    });
    // Committing writes the WAL and (SQLite's automatic checkpoint) copies it into the database.
    phases.commit = round3((performance.now() - beforeCommit) / 1000);
    states.set(db, state);
    return {
      ...summary,
      kind: "completo",
      status: "completato",
      trigger,
      versionTag: start.versionTag,
      evaluatedAt: now.toISOString(),
      seconds: round3((performance.now() - started) / 1000),
      phases,
    };
  } catch (error) {
    states.delete(db);
    const durationMs = Math.round(performance.now() - started);
    const runId = recordFailedMatchRun(db, start, errorText(error), durationMs);
    return {
      runId,
      kind: "completo",
      status: "fallito",
      trigger,
      versionTag: start.versionTag,
      evaluatedAt: now.toISOString(),
      calls: 0,
      comuni: 0,
      pairsConsidered: 0,
      eligible: 0,
      associated: 0,
      written: 0,
      deleted: 0,
      seconds: round3(durationMs / 1000),
      phases,
      error: errorText(error),
    };
  }
}

// ---------------------------------------------------------------------------------------------
// Incremental re-match

/** The cached engine state matching the last full re-match, rebuilt from the database if needed. */
function ensureState(db: Db): EngineState {
  const last = lastCompletedFullRun(db);
  if (!last) throw new Error("nessun abbinamento completo: eseguire prima il ricalcolo completo");
  const cached = states.get(db);
  if (cached && cached.fullRunId === last.id && cached.overrides.size <= MAX_OVERRIDES) return cached;
  const config = scoringConfigByFingerprint(db, last.configFingerprint) ?? activeScoringConfig(db).config;
  const callRows = publishedCallRows(db);
  const stored = loadTextModel(db);
  const model = stored?.model ?? buildTextModel(callRows.map((row) => callTextFields(row)));
  const modelHash = stored?.hash ?? textModelHash(serializeTextModel(model));
  const evaluatedAt = new Date(last.evaluatedAt);
  const world = compileWorld(db, callRows, config, model, modelHash, evaluatedAt, (_name, fn) => fn());
  const state = stateOf(world, {
    fullRunId: last.id,
    config,
    configRevision: last.configRevision,
    configFingerprint: last.configFingerprint,
    versionTag: last.versionTag,
    evaluatedAt,
    model,
    modelHash,
  });
  states.set(db, state);
  return state;
}

/** matchCall against the cached table, with the comuni re-matched since taking their table's place. */
function matchCallCurrent(state: EngineState, cc: CompiledCall, sink: MatchSink, stats: MatchStats): void {
  const { overrides, config } = state;
  if (overrides.size === 0) {
    matchCall(cc, state.profileIndex, sink, config, stats);
    return;
  }
  const table = state.profileIndex.table;
  matchCall(cc, state.profileIndex, (c, t, row, outcome, score) => {
    if (!overrides.has(table.istat[row] as string)) sink(c, t, row, outcome, score);
  }, config, stats);
  if (!isMatchable(cc)) return;
  const scratch = newPairScore();
  for (const cp of overrides.values()) {
    if (!cp) continue;
    stats.pairsConsidered++;
    const outcome = rowOutcome(cc, cp.table, cp.row);
    if (outcome === "non-idoneo") continue;
    if (outcome === "idoneo") stats.eligible++;
    else stats.associated++;
    scoreRow(cc, cp.table, cp.row, config, scratch);
    sink(cc, cp.table, cp.row, outcome, scratch);
  }
}

interface IncrementalCounts {
  calls: number;
  comuni: number;
  written: number;
  deleted: number;
}

function rematchFlaggedComuni(db: Db, state: EngineState, istats: readonly string[], runId: number, buffer: MatchBuffer, stats: MatchStats, counts: IncrementalCounts): void {
  if (istats.length === 0) return;
  const profiles = loadProfiles(db, { istats });
  const byIstat = new Map(profiles.map((p) => [p.istat, p]));
  const items = itemVectorsOf(db, profiles, state.model, state.modelHash, istats);
  const dismissals = dismissalsOf(db, istats, new Map());
  const index = callIndexOf(state);
  // The rows of the calls the index re-matches are replaced; closed calls keep theirs.
  const replaceable = [...state.calls].flatMap(([id, cc]) => (isMatchable(cc) ? [id] : []));
  for (const istat of istats) {
    const profile = byIstat.get(istat);
    if (!profile) {
      // Unknown or ceased: none of its rows stays.
      counts.deleted += deleteMatchesOfComuni(db, [istat]);
      state.overrides.set(istat, null);
      counts.comuni++;
      continue;
    }
    const cp = compileProfile(profile, { config: state.config, textModel: state.model, itemVectors: items.vectors, dismissals: dismissals.get(istat) ?? [] });
    state.overrides.set(istat, cp);
    const key = comuneKey(istat);
    const start = buffer.length;
    matchProfile(cp, index, (cc, _t, _r, outcome, score) => buffer.push(state.idOf.get(cc) ?? -1, key, outcome === "forma-associata", score), state.config, stats);
    const result = replaceComuneMatches(db, istat, replaceable, buffer, runId, { start, end: buffer.length });
    counts.written += result.written;
    counts.deleted += result.deleted;
    counts.comuni++;
  }
  saveItemVectors(db, items.writes);
  clearComuniRematch(db, istats);
}

function rematchFlaggedCalls(db: Db, state: EngineState, rows: readonly CallRow[], runId: number, buffer: MatchBuffer, stats: MatchStats, counts: IncrementalCounts): void {
  if (rows.length === 0) return;
  const stored = callVectorsById(
    db,
    rows.map((r) => r.id),
  );
  const writes: VectorWrite[] = [];
  for (const row of rows) {
    counts.calls++;
    const previous = state.calls.get(row.id);
    if (previous) {
      state.calls.delete(row.id);
      state.idOf.delete(previous);
      state.callIndex = undefined;
    }
    if (row.reviewState !== "pubblicato" || row.mergedIntoId !== null) {
      // Withdrawn (archived, discarded, merged, back to review): its matches go.
      counts.deleted += deleteMatchesOfCalls(db, [row.id]);
      continue;
    }
    const call = callFromRow(row);
    const vectors = currentVectors([row.id], (id) => id, () => callTextFields(call), stored, state.model, state.modelHash);
    writes.push(...vectors.writes);
    const cc = compileCall(call, { now: state.evaluatedAt, config: state.config, textModel: state.model, vector: vectors.vectors.get(row.id) });
    state.calls.set(row.id, cc);
    state.idOf.set(cc, row.id);
    state.callIndex = undefined;
    if (cc.status === "chiuso") continue; // closed: keeps its last matches
    const start = buffer.length;
    matchCallCurrent(state, cc, (_c, t, r, outcome, score) => {
      const key = t === state.profileIndex.table ? (state.rowKeys[r] as number) : comuneKey(t.istat[r] as string);
      buffer.push(row.id, key, outcome === "forma-associata", score);
    }, stats);
    const result = replaceCallMatches(db, row.id, buffer, runId, { start, end: buffer.length });
    counts.written += result.written;
    counts.deleted += result.deleted;
  }
  saveCallVectors(db, writes);
  clearRematchPending(
    db,
    rows.map((r) => r.id),
  );
}

/**
 * Re-matches what is flagged (comuni first, then calls) in one immediate transaction that also
 * clears their flags and records the run. Returns null when nothing was flagged.
 */
export function rematchPending(db: Db, options: Pick<MatchJobOptions, "trigger"> = {}): MatchRunSummary | null {
  const started = performance.now();
  const trigger = options.trigger ?? "lavoratore";
  const { phases, phase } = phaseClock();
  const state = phase("stato", () => ensureState(db));
  const start: MatchRunStart = {
    kind: "incrementale",
    trigger,
    evaluatedAt: state.evaluatedAt,
    engineVersion: ENGINE_VERSION,
    configRevision: state.configRevision,
    configFingerprint: state.configFingerprint,
    versionTag: state.versionTag,
  };
  try {
    const inTransaction = performance.now();
    const result = writeTransaction(db, () => {
      const { istats, callRows } = phase("segnalati", () => ({ istats: comuniToRematch(db), callRows: callsToRematch(db) }));
      if (istats.length === 0 && callRows.length === 0) return null;
      const runId = startMatchRun(db, start);
      const buffer = new MatchBuffer();
      const stats = emptyStats();
      const counts: IncrementalCounts = { calls: 0, comuni: 0, written: 0, deleted: 0 };
      phase("comuni", () => rematchFlaggedComuni(db, state, istats, runId, buffer, stats, counts));
      phase("bandi", () => rematchFlaggedCalls(db, state, callRows, runId, buffer, stats, counts));
      const durationMs = Math.round(performance.now() - started);
      const all = { ...counts, ...stats, durationMs, details: { phases, comuniList: istats.slice(0, 50), callIds: callRows.slice(0, 50).map((r) => r.publicId) } };
      finishMatchRun(db, runId, all);
      return { runId, ...counts, ...stats };
    });
    phases.transazione = round3((performance.now() - inTransaction) / 1000);
    if (!result) return null;
    return {
      ...result,
      kind: "incrementale",
      status: "completato",
      trigger,
      versionTag: state.versionTag,
      evaluatedAt: state.evaluatedAt.toISOString(),
      seconds: round3((performance.now() - started) / 1000),
      phases,
    };
  } catch (error) {
    // The transaction rolled back but the cached state may have moved: rebuild it next time.
    states.delete(db);
    throw error;
  }
}

/**
 * One round of the worker: a full re-match when one is due (first run, new engine or
 * configuration, a new Rome day, or most comuni flagged at once), else the flagged comuni and
 * calls. Null when there was nothing to do.
 */
export function processPendingMatches(db: Db, options: Pick<MatchJobOptions, "now" | "trigger"> = {}): MatchRunSummary | null {
  const now = options.now ?? new Date();
  const reason = fullRematchReason(db, now);
  if (reason) return rematchAll(db, { now, trigger: reason });
  const pending = pendingRematchCounts(db);
  if (pending.calls + pending.comuni === 0) return null;
  // A population import flags every comune: one full re-match costs less than that many single ones.
  if (pending.comuni > MAX_OVERRIDES) return rematchAll(db, { now, trigger: "molti comuni da aggiornare" });
  return rematchPending(db, { trigger: options.trigger ?? "lavoratore" });
}

// ---------------------------------------------------------------------------------------------
// Worker

export interface MatchWorker {
  /** Runs a round as soon as the current one (if any) ends. */
  kick(): void;
  stop(): void;
}

/**
 * The in-process worker started by scripts/serve.ts: a round every `intervalMs` (3 s) and one
 * right after a kick (notifyMatchWorker). Rounds never overlap; a failed round is reported and
 * retried at the next one (its flags are still set).
 */
export function startMatchWorker(
  db: Db,
  options: { intervalMs?: number; now?: () => Date; onRun?: (summary: MatchRunSummary) => void; onError?: (error: unknown) => void } = {},
): MatchWorker {
  const clock = options.now ?? (() => new Date());
  const rounds = startRounds({
    intervalMs: options.intervalMs ?? 3000,
    work: () => {
      const summary = processPendingMatches(db, { now: clock() });
      if (summary) options.onRun?.(summary);
      return false;
    },
    onError: options.onError ?? ((e: unknown) => console.error("abbinamento: errore del lavoratore", e)),
    register: registerMatchKick,
  });
  return {
    kick: rounds.kick,
    stop() {
      void rounds.stop();
    },
  };
}

/** One line for logs and the CLI. */
export function describeMatchRun(s: MatchRunSummary): string {
  const what =
    s.kind === "completo"
      ? `abbinamento completo (${s.trigger}): ${s.calls} bandi × ${s.comuni} comuni`
      : `abbinamento incrementale (${s.trigger}): ${s.calls} bandi, ${s.comuni} comuni`;
  if (s.status === "fallito") return `${what}: fallito — ${s.error ?? ""}`;
  return `${what}: ${s.eligible + s.associated} abbinamenti (${s.associated} in forma associata), ${s.written} scritti, ${s.deleted} rimossi, ${s.seconds} s`;
}
