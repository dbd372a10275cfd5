import type Database from "better-sqlite3";
import { and, count, desc, eq, inArray } from "drizzle-orm";
import { nowIso, writeTransaction, type Db } from "~db/client.server";
import { calls, comuni, matchRuns, type MatchRunKind, type MatchRunRow } from "~db/schema";
import { COMPONENT_KEYS, type ComponentKey, type PairScore } from "~/domain/matching";

/**
 * The matches store (docs/decisions/0060-match-store.md): one row per eligible (call, comune)
 * pair, keyed by integers — the call's row id and the ISTAT code as a number — in a
 * `WITHOUT ROWID` table ordered by (call, comune), without secondary index (a comune's rows are
 * read by one primary-key seek per call). Bulk writes use cached prepared statements
 * inserting many rows each; the jobs call these functions inside their own write transaction
 * (pass the root `db`: raw statements run on its connection, inside that transaction).
 */

/** ISTAT code → integer key (016024 → 16024). */
export function comuneKey(istat: string): number {
  return Number.parseInt(istat, 10);
}

/** Integer key → ISTAT code (16024 → 016024). */
export function istatOfKey(key: number): string {
  return String(key).padStart(6, "0");
}

const POINTS = COMPONENT_KEYS.length;
const COLUMNS = ["call_id", "comune", "score", ...COMPONENT_KEYS.map((k) => `p_${k}`), "associated", "claimable", "run_id"];
const ROW_PLACEHOLDERS = `(${COLUMNS.map(() => "?").join(",")})`;
/** Rows per multi-row INSERT (12 parameters each: well below SQLite's limit). */
const BATCH = 64;
/** Incremental writes update existing pairs in place (non-key columns only). */
const UPSERT = ` ON CONFLICT (call_id, comune) DO UPDATE SET ${COLUMNS.slice(2)
  .map((c) => `${c} = excluded.${c}`)
  .join(", ")}`;

/** Growable columns of matches waiting to be written (typed arrays: 24 bytes per match). */
export class MatchBuffer {
  length = 0;
  callId = new Int32Array(1024);
  comune = new Int32Array(1024);
  score = new Uint8Array(1024);
  points = new Uint8Array(1024 * POINTS);
  associated = new Uint8Array(1024);
  /** NaN = no claimable amount. */
  claimable = new Float64Array(1024);

  private grow(): void {
    const size = this.callId.length * 2;
    const grown = <T extends Int32Array | Uint8Array | Float64Array>(a: T, n: number): T => {
      const b = new (a.constructor as new (n: number) => T)(n);
      b.set(a);
      return b;
    };
    this.callId = grown(this.callId, size);
    this.comune = grown(this.comune, size);
    this.score = grown(this.score, size);
    this.points = grown(this.points, size * POINTS);
    this.associated = grown(this.associated, size);
    this.claimable = grown(this.claimable, size);
  }

  /** Copies a scored pair (the engine reuses `score`). */
  push(callId: number, comune: number, associated: boolean, score: PairScore): void {
    if (this.length === this.callId.length) this.grow();
    const n = this.length++;
    this.callId[n] = callId;
    this.comune[n] = comune;
    this.score[n] = score.total;
    this.points.set(score.points, n * POINTS);
    this.associated[n] = associated ? 1 : 0;
    this.claimable[n] = score.claimable;
  }

  clear(): void {
    this.length = 0;
  }

  bytes(): number {
    return this.callId.byteLength + this.comune.byteLength + this.score.byteLength + this.points.byteLength + this.associated.byteLength + this.claimable.byteLength;
  }
}

interface Statements {
  insertMany: Database.Statement;
  insertOne: Database.Statement;
  upsertMany: Database.Statement;
  upsertOne: Database.Statement;
  deleteCall: Database.Statement;
  deletePair: Database.Statement;
  deleteComune: Database.Statement;
  ofCall: Database.Statement;
  ofComune: Database.Statement;
  ofComuneForCalls: Database.Statement;
}

/** Every call row id: rows exist only for calls (a comune's rows are found by seeking each). */
const ALL_CALLS = "SELECT id FROM calls";

const statementCache = new WeakMap<Database.Database, Statements>();

function statements(db: Db): Statements {
  const client = db.$client;
  let s = statementCache.get(client);
  if (!s) {
    const insert = (rows: number, upsert: boolean) =>
      client.prepare(`INSERT INTO matches (${COLUMNS.join(",")}) VALUES ${Array(rows).fill(ROW_PLACEHOLDERS).join(",")}${upsert ? UPSERT : ""}`);
    s = {
      insertMany: insert(BATCH, false),
      insertOne: insert(1, false),
      upsertMany: insert(BATCH, true),
      upsertOne: insert(1, true),
      deleteCall: client.prepare("DELETE FROM matches WHERE call_id = ?"),
      deletePair: client.prepare("DELETE FROM matches WHERE call_id = ? AND comune = ?"),
      // A comune's rows: one primary-key seek per call (there is no index on `comune`).
      deleteComune: client.prepare(`DELETE FROM matches WHERE comune = ? AND call_id IN (${ALL_CALLS})`),
      ofCall: client.prepare(`SELECT ${COLUMNS.join(",")} FROM matches WHERE call_id = ?`).raw(),
      ofComune: client.prepare(`SELECT ${COLUMNS.join(",")} FROM matches WHERE comune = ? AND call_id IN (${ALL_CALLS})`).raw(),
      ofComuneForCalls: client.prepare(`SELECT ${COLUMNS.join(",")} FROM matches WHERE comune = ? AND call_id IN (SELECT value FROM json_each(?))`).raw(),
    };
    statementCache.set(client, s);
  }
  return s;
}

/**
 * Writes rows [start, end) of a buffer, tagged with the run. `upsert` updates existing pairs in
 * place (incremental jobs); without it a duplicate pair is an error (the full re-match deletes
 * first). `only` restricts the rows written (the changed ones).
 */
export function writeMatches(
  db: Db,
  buffer: MatchBuffer,
  runId: number,
  options: { start?: number; end?: number; upsert?: boolean; only?: (row: number) => boolean } = {},
): number {
  const s = statements(db);
  const many = options.upsert ? s.upsertMany : s.insertMany;
  const one = options.upsert ? s.upsertOne : s.insertOne;
  const start = options.start ?? 0;
  const end = options.end ?? buffer.length;
  const width = COLUMNS.length;
  const params = new Array<number | null>(BATCH * width);
  const single = new Array<number | null>(width);
  let pending = 0;
  let written = 0;
  const fill = (row: number, at: number, target: (number | null)[]) => {
    target[at] = buffer.callId[row] as number;
    target[at + 1] = buffer.comune[row] as number;
    target[at + 2] = buffer.score[row] as number;
    for (let k = 0; k < POINTS; k++) target[at + 3 + k] = buffer.points[row * POINTS + k] as number;
    target[at + 3 + POINTS] = buffer.associated[row] as number;
    const claimable = buffer.claimable[row] as number;
    target[at + 4 + POINTS] = Number.isNaN(claimable) ? null : claimable;
    target[at + 5 + POINTS] = runId;
  };
  for (let row = start; row < end; row++) {
    if (options.only && !options.only(row)) continue;
    fill(row, pending * width, params);
    written++;
    if (++pending === BATCH) {
      many.run(params);
      pending = 0;
    }
  }
  for (let r = 0; r < pending; r++) {
    for (let k = 0; k < width; k++) single[k] = params[r * width + k] as number | null;
    one.run(single);
  }
  return written;
}

/** Whether buffer row `row` holds the same numbers as a stored row (raw columns). */
function sameNumbers(buffer: MatchBuffer, row: number, stored: readonly (number | null)[]): boolean {
  if (stored[2] !== buffer.score[row]) return false;
  for (let k = 0; k < POINTS; k++) if (stored[3 + k] !== buffer.points[row * POINTS + k]) return false;
  if (stored[3 + POINTS] !== buffer.associated[row]) return false;
  const claimable = buffer.claimable[row] as number;
  return (stored[4 + POINTS] ?? Number.NaN).toString() === claimable.toString();
}

/**
 * Replaces a set of stored rows (`existing`, raw columns) with buffer rows [start, end): stored
 * pairs no longer produced are deleted; produced pairs are written only when new or changed, so
 * an unchanged pair keeps its row (and its run: same numbers, same inputs).
 */
function replaceRows(db: Db, existing: readonly (number | null)[][], pairKey: (callId: number, comune: number) => number, buffer: MatchBuffer, runId: number, range: { start: number; end: number }) {
  const s = statements(db);
  const produced = new Map<number, number>();
  for (let row = range.start; row < range.end; row++) produced.set(pairKey(buffer.callId[row] as number, buffer.comune[row] as number), row);
  const unchanged = new Set<number>();
  let deleted = 0;
  for (const stored of existing) {
    const callId = stored[0] as number;
    const comune = stored[1] as number;
    const row = produced.get(pairKey(callId, comune));
    if (row === undefined) deleted += s.deletePair.run(callId, comune).changes;
    else if (sameNumbers(buffer, row, stored)) unchanged.add(row);
  }
  const written = writeMatches(db, buffer, runId, { ...range, upsert: true, only: (row) => !unchanged.has(row) });
  return { deleted, written, unchanged: unchanged.size };
}

/** Replaces one call's rows with rows [start, end) of the buffer (all of that call). */
export function replaceCallMatches(db: Db, callId: number, buffer: MatchBuffer, runId: number, range: { start: number; end: number }) {
  const existing = statements(db).ofCall.all(callId) as (number | null)[][];
  return replaceRows(db, existing, (_call, comune) => comune, buffer, runId, range);
}

/**
 * Replaces one comune's rows for the calls `callIds` (those the job re-matched: open and
 * upcoming; closed calls keep their last matches) with rows [start, end) of the buffer.
 */
export function replaceComuneMatches(db: Db, istat: string, callIds: readonly number[], buffer: MatchBuffer, runId: number, range: { start: number; end: number }) {
  const existing = statements(db).ofComuneForCalls.all(comuneKey(istat), JSON.stringify(callIds)) as (number | null)[][];
  return replaceRows(db, existing, (call) => call, buffer, runId, range);
}

export function deleteMatchesOfCalls(db: Db, callIds: readonly number[]): number {
  const s = statements(db);
  let deleted = 0;
  for (const id of callIds) deleted += s.deleteCall.run(id).changes;
  return deleted;
}

export function deleteMatchesOfComuni(db: Db, istats: readonly string[]): number {
  const s = statements(db);
  let deleted = 0;
  for (const istat of istats) deleted += s.deleteComune.run(comuneKey(istat)).changes;
  return deleted;
}

/** The call ids that have rows, ascending (one index seek per call, not a scan of the rows). */
export function callIdsWithMatches(db: Db): number[] {
  const next = db.$client.prepare("SELECT call_id FROM matches WHERE call_id > ? ORDER BY call_id LIMIT 1").pluck();
  const ids: number[] = [];
  for (let id = next.get(-1) as number | undefined; id !== undefined; id = next.get(id) as number | undefined) ids.push(id);
  return ids;
}

/**
 * Full re-match: removes every row except those of `keepCallIds` (published closed calls).
 * Without rows to keep the table is emptied at once (SQLite's truncate); otherwise each other
 * call's contiguous range is deleted.
 */
export function deleteMatchesExceptCalls(db: Db, keepCallIds: readonly number[]): number {
  const keep = new Set(keepCallIds);
  const present = callIdsWithMatches(db);
  if (!present.some((id) => keep.has(id))) return db.$client.prepare("DELETE FROM matches").run().changes;
  return deleteMatchesOfCalls(
    db,
    present.filter((id) => !keep.has(id)),
  );
}

export interface StoredMatch {
  callId: number;
  score: number;
  components: Record<ComponentKey, number>;
  associated: boolean;
  claimable: number | null;
  runId: number;
}

/**
 * A comune's stored matches: for the calls `callIds` (e.g. the open ones: one primary-key seek
 * each), or for every call.
 */
export function storedMatchesOfComune(db: Db, istat: string, callIds?: readonly number[]): StoredMatch[] {
  const s = statements(db);
  const rows = (callIds ? s.ofComuneForCalls.all(comuneKey(istat), JSON.stringify(callIds)) : s.ofComune.all(comuneKey(istat))) as (number | null)[][];
  return rows.map((r) => {
    const components = {} as Record<ComponentKey, number>;
    COMPONENT_KEYS.forEach((key, k) => {
      components[key] = r[3 + k] as number;
    });
    return {
      callId: r[0] as number,
      score: r[2] as number,
      components,
      associated: r[3 + POINTS] === 1,
      claimable: r[4 + POINTS] ?? null,
      runId: r[5 + POINTS] as number,
    };
  });
}

/** The stored rows of one call, ordered by comune (tests and diagnostics). */
export function storedMatchesOfCall(db: Db, callId: number): { comune: string; score: number; associated: boolean; runId: number }[] {
  return (
    db.$client.prepare("SELECT comune, score, associated, run_id AS runId FROM matches WHERE call_id = ? ORDER BY comune").all(callId) as {
      comune: number;
      score: number;
      associated: number;
      runId: number;
    }[]
  ).map((r) => ({ comune: istatOfKey(r.comune), score: r.score, associated: r.associated === 1, runId: r.runId }));
}

export function countMatches(db: Db): number {
  return (db.$client.prepare("SELECT count(*) FROM matches").pluck().get() as number) ?? 0;
}

// ---------------------------------------------------------------------------------------------
// Runs
// ---------------------------------------------------------------------------------------------

export interface MatchRunStart {
  kind: MatchRunKind;
  trigger: string;
  evaluatedAt: Date;
  engineVersion: string;
  configRevision: number;
  configFingerprint: string;
  versionTag: string;
}

export interface MatchRunCounts {
  calls: number;
  comuni: number;
  pairsConsidered: number;
  eligible: number;
  associated: number;
  written: number;
  deleted: number;
  durationMs: number;
  details?: Record<string, unknown>;
}

/** Opens a run inside the job's transaction (its id tags the rows written). */
export function startMatchRun(db: Db, run: MatchRunStart): number {
  return db
    .insert(matchRuns)
    .values({ ...run, status: "in-corso", startedAt: nowIso(), evaluatedAt: run.evaluatedAt.toISOString() })
    .returning({ id: matchRuns.id })
    .get().id;
}

/** Marks a run completed with its counts, in the same transaction as its rows. */
export function finishMatchRun(db: Db, id: number, counts: MatchRunCounts): void {
  db.update(matchRuns)
    .set({ ...counts, details: counts.details ?? {}, status: "completato", finishedAt: nowIso() })
    .where(eq(matchRuns.id, id))
    .run();
}

/** Records a run that failed (its transaction rolled back: nothing else was written). */
export function recordFailedMatchRun(db: Db, run: MatchRunStart, error: string, durationMs: number): number {
  return writeTransaction(db, (tx) =>
    tx
      .insert(matchRuns)
      .values({ ...run, status: "fallito", startedAt: nowIso(), finishedAt: nowIso(), evaluatedAt: run.evaluatedAt.toISOString(), error, durationMs })
      .returning({ id: matchRuns.id })
      .get().id,
  );
}

/** The last completed full re-match: the engine's reference for versions and evaluation time. */
export function lastCompletedFullRun(db: Db): MatchRunRow | undefined {
  return db
    .select()
    .from(matchRuns)
    .where(and(eq(matchRuns.kind, "completo"), eq(matchRuns.status, "completato")))
    .orderBy(desc(matchRuns.id))
    .limit(1)
    .get();
}

export function matchRunsById(db: Db, ids: readonly number[]): Map<number, MatchRunRow> {
  if (ids.length === 0) return new Map();
  return new Map(db.select().from(matchRuns).where(inArray(matchRuns.id, [...ids])).all().map((r) => [r.id, r]));
}

export function listMatchRuns(db: Db, page: number, perPage: number): { items: MatchRunRow[]; total: number } {
  const total = db.select({ n: count() }).from(matchRuns).get()?.n ?? 0;
  const items = db
    .select()
    .from(matchRuns)
    .orderBy(desc(matchRuns.id))
    .limit(perPage)
    .offset((page - 1) * perPage)
    .all();
  return { items, total };
}

/** What waits for the matching worker: flagged calls and comuni. */
export function pendingRematchCounts(db: Db): { calls: number; comuni: number } {
  return {
    calls: db.select({ n: count() }).from(calls).where(eq(calls.rematchPending, true)).get()?.n ?? 0,
    comuni: db.select({ n: count() }).from(comuni).where(eq(comuni.rematchPending, true)).get()?.n ?? 0,
  };
}
