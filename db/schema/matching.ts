import { sql } from "drizzle-orm";
import { blob, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { ScoringConfig } from "~/domain/matching/config";
import type { DismissalReason } from "~/domain/matching/dismissal";
import { users } from "./auth";
import { calls } from "./calls";
import { comuni } from "./comuni";
import { programmeItems } from "./profiles";

/**
 * The matching store (docs/decisions/0060-match-store.md): persisted matches, the scoring
 * configuration with its history, the text model and precomputed vectors, the RTDs'
 * "non pertinente" dismissals, and one row per matching run.
 */

export const MATCH_RUN_KINDS = ["completo", "incrementale"] as const;
export type MatchRunKind = (typeof MATCH_RUN_KINDS)[number];

/** One row per matching job (full or incremental), with what it did. */
export const matchRuns = sqliteTable(
  "match_runs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    kind: text("kind", { enum: MATCH_RUN_KINDS }).notNull(),
    /** Why it ran: `cli`, `lavoratore`, `configurazione`, `giornaliero`, … */
    trigger: text("trigger").notNull(),
    status: text("status", { enum: ["in-corso", "completato", "fallito"] }).notNull(),
    startedAt: text("started_at").notNull(),
    finishedAt: text("finished_at"),
    /** The instant the engine evaluated statuses and deadlines at (ISO): the matches' "computed at". */
    evaluatedAt: text("evaluated_at").notNull(),
    engineVersion: text("engine_version").notNull(),
    configRevision: integer("config_revision").notNull(),
    configFingerprint: text("config_fingerprint").notNull(),
    /** `ENGINE_VERSION+configFingerprint` (matchVersionTag). */
    versionTag: text("version_tag").notNull(),
    /** Calls and comuni re-matched. */
    calls: integer("calls").notNull().default(0),
    comuni: integer("comuni").notNull().default(0),
    pairsConsidered: integer("pairs_considered").notNull().default(0),
    eligible: integer("eligible").notNull().default(0),
    associated: integer("associated").notNull().default(0),
    /** Match rows written and removed. */
    written: integer("written").notNull().default(0),
    deleted: integer("deleted").notNull().default(0),
    durationMs: integer("duration_ms"),
    details: text("details", { mode: "json" }).$type<Record<string, unknown>>().notNull().default(sql`'{}'`),
    error: text("error"),
  },
  (t) => [index("match_runs_kind_idx").on(t.kind, t.status, t.id)],
);

/**
 * Eligible (comune, call) pairs, also in associated form, with the score's numbers. Only eligible
 * pairs are stored; reasons are rebuilt on request. Keys are integers: the call's row id and the
 * ISTAT code as a number (016024 → 16024). The custom migration after the generated one recreates
 * this table `WITHOUT ROWID` (drizzle cannot declare it): keep the two in step.
 * One call's rows are one contiguous range; there is deliberately no index on `comune` (a new call
 * would add one entry to thousands of scattered index pages): a comune's rows are read by primary
 * key, one seek per call (`comune = ? AND call_id IN (…)`). No foreign keys: millions of rows are
 * written per full re-match, and the jobs remove the rows of calls that leave the catalogue and
 * of ceased comuni themselves.
 */
export const matches = sqliteTable(
  "matches",
  {
    callId: integer("call_id").notNull(),
    comune: integer("comune").notNull(),
    /** `punteggio`, 0–100. */
    score: integer("score").notNull(),
    /** Points per component (COMPONENT_KEYS). */
    programmazione: integer("p_programmazione").notNull(),
    maturita: integer("p_maturita").notNull(),
    importo: integer("p_importo").notNull(),
    tempi: integer("p_tempi").notNull(),
    dimensione: integer("p_dimensione").notNull(),
    segnalazioni: integer("p_segnalazioni").notNull(),
    /** Eligible only in associated form (`formaAssociata`). */
    associated: integer("associated", { mode: "boolean" }).notNull(),
    /** `importoRichiedibile` in euro, null when the call states none. */
    claimable: real("claimable"),
    /** The run that wrote the row: its engine version, configuration and evaluation instant. */
    runId: integer("run_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.callId, t.comune] })],
);

/** The scoring configuration (ScoringConfig): every saved version; exactly one is active. */
export const scoringConfigs = sqliteTable(
  "scoring_configs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    revision: integer("revision").notNull(),
    config: text("config", { mode: "json" }).$type<ScoringConfig>().notNull(),
    fingerprint: text("fingerprint").notNull(),
    active: integer("active", { mode: "boolean" }).notNull().default(false),
    createdAt: text("created_at").notNull(),
    /** The admin who saved it (null for the built-in default or a deleted account). */
    createdByUserId: integer("created_by_user_id").references(() => users.id, { onDelete: "set null" }),
    note: text("note"),
  },
  (t) => [
    uniqueIndex("scoring_configs_revision_idx").on(t.revision),
    uniqueIndex("scoring_configs_active_idx").on(t.active).where(sql`active = 1`),
  ],
);

/** The text model (document frequencies over the calls), rebuilt by every full re-match. One row. */
export const textModels = sqliteTable("text_models", {
  id: integer("id").primaryKey(),
  /** SHA-1 of the serialised model: vectors record the model they were computed with. */
  hash: text("hash").notNull(),
  version: integer("version").notNull(),
  documents: integer("documents").notNull(),
  /** SerializedTextModel as JSON. */
  data: text("data").notNull(),
  builtAt: text("built_at").notNull(),
});

/** Precomputed TF-IDF vector of a call (title and description). */
export const callVectors = sqliteTable("call_vectors", {
  callId: integer("call_id")
    .primaryKey()
    .references(() => calls.id, { onDelete: "cascade" }),
  /** SHA-1 of the text the vector was computed from, and of the model. */
  textHash: text("text_hash").notNull(),
  modelHash: text("model_hash").notNull(),
  /** Packed: n × uint32 term hashes, then n × float64 weights (little-endian). */
  vector: blob("vector", { mode: "buffer" }).notNull(),
});

/** Precomputed TF-IDF vector of a programme item. */
export const programmeItemVectors = sqliteTable("programme_item_vectors", {
  itemId: integer("item_id")
    .primaryKey()
    .references(() => programmeItems.id, { onDelete: "cascade" }),
  textHash: text("text_hash").notNull(),
  modelHash: text("model_hash").notNull(),
  vector: blob("vector", { mode: "buffer" }).notNull(),
});

/** An RTD's "non pertinente" on a call, with a reason: lowers similar calls for that comune. */
export const dismissals = sqliteTable(
  "dismissals",
  {
    istat: text("istat")
      .notNull()
      .references(() => comuni.istat),
    callId: integer("call_id")
      .notNull()
      .references(() => calls.id),
    reason: text("reason").$type<DismissalReason>().notNull(),
    note: text("note"),
    dismissedAt: text("dismissed_at").notNull(),
    /** Who (audit only, never shown publicly); null when the account was deleted. */
    userId: integer("user_id").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [primaryKey({ columns: [t.istat, t.callId] }), index("dismissals_call_idx").on(t.callId)],
);

export type MatchRunRow = typeof matchRuns.$inferSelect;
export type MatchRow = typeof matches.$inferSelect;
export type ScoringConfigRow = typeof scoringConfigs.$inferSelect;
export type DismissalRow = typeof dismissals.$inferSelect;
