import { sql } from "drizzle-orm";
import { index, integer, real, sqliteTable, text, uniqueIndex, type AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import type { AmountBand, Territory } from "~/domain/call";
import type { SizeCluster } from "~/domain/clusters";
import type { CallContent } from "~/domain/call-content";
import { runs } from "./runs";

/**
 * Funding calls (docs/decisions/0010-call-model.md).
 *
 * `calls` holds the LIVE content of each call: for a published call, what the public sees.
 * When ingestion changes a published call, the incoming content waits in `pending` until a
 * curator approves it; the live content stays public meanwhile. Status (aperto, in-arrivo,
 * chiuso) is derived from the dates at read time (domain/call.ts `callStatus`), never stored.
 */
export const calls = sqliteTable(
  "calls",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** The call's public id: its first alias `<fonte>:<idFonte>`. */
    publicId: text("public_id").notNull(),
    title: text("title").notNull(),
    issuer: text("issuer").notNull(),
    issuerLevel: text("issuer_level", { enum: ["ue", "nazionale", "regionale", "locale", "privato"] }),
    description: text("description"),
    url: text("url"),
    themes: text("themes", { mode: "json" }).$type<CallContent["themes"]>().notNull().default(sql`'[]'`),
    /** `auto`: tagged from the text; `fonte`: given by the source; `curator`: set by a curator (survives re-ingestion). */
    themesSource: text("themes_source", { enum: ["auto", "fonte", "curator"] }).notNull().default("auto"),
    beneficiaries: text("beneficiaries", { mode: "json" }).$type<CallContent["beneficiaries"]>().notNull().default(sql`'[]'`),
    territory: text("territory", { mode: "json" }).$type<Territory>().notNull(),
    populationMin: integer("population_min"),
    populationMax: integer("population_max"),
    /** Size clusters the call is reserved to (keys of domain/clusters.ts); empty = every size. */
    sizeClusters: text("size_clusters", { mode: "json" }).$type<SizeCluster[]>().notNull().default(sql`'[]'`),
    associatedOnly: integer("associated_only", { mode: "boolean" }).notNull().default(false),
    budget: real("budget"),
    amountMin: real("amount_min"),
    amountMax: real("amount_max"),
    amountBands: text("amount_bands", { mode: "json" }).$type<AmountBand[]>().notNull().default(sql`'[]'`),
    cofinancingPct: real("cofinancing_pct"),
    /** ISO instants (UTC). */
    opensAt: text("opens_at"),
    deadline: text("deadline"),
    procedure: text("procedure", { enum: ["sportello", "graduatoria"] }),
    pnrrMeasure: text("pnrr_measure"),
    /** Folded title and issuer (accent- and case-free) for the curators' search. */
    searchText: text("search_text").notNull().default(""),
    /** Notes for curators from the sources (never facts). */
    suggestions: text("suggestions", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    /** Fields a curator edited: re-ingestion leaves them alone (themes: see themesSource). */
    curatorFields: text("curator_fields", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    reviewState: text("review_state", { enum: ["da-revisionare", "pubblicato", "archiviato", "scartato"] })
      .notNull()
      .default("da-revisionare"),
    /** Version of the live content (API `versione`): +1 at every change of the live content. */
    version: integer("version").notNull().default(1),
    /** SHA-256 of the live content's canonical serialisation. */
    contentHash: text("content_hash").notNull(),
    /** A change proposed by ingestion for a published call, waiting for a curator. */
    pending: text("pending", { mode: "json" }).$type<CallContent>(),
    pendingSince: text("pending_since"),
    pendingRunId: integer("pending_run_id").references(() => runs.id),
    /**
     * Set when the matching engine must re-match this call (published, changed while published,
     * or withdrawn); cleared by the matching job.
     */
    rematchPending: integer("rematch_pending", { mode: "boolean" }).notNull().default(false),
    /** A call merged into another one by a curator: hidden, its aliases resolve to the survivor. */
    mergedIntoId: integer("merged_into_id").references((): AnySQLiteColumn => calls.id),
    publishedAt: text("published_at"),
    /** Last change of what the public sees (live content or review state): the API's `aggiornatoIl`. */
    liveUpdatedAt: text("live_updated_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
    createdAt: text("created_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
    updatedAt: text("updated_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
  },
  (t) => [
    uniqueIndex("calls_public_id_idx").on(t.publicId),
    index("calls_review_state_idx").on(t.reviewState, t.deadline),
    index("calls_merged_into_idx").on(t.mergedIntoId),
    index("calls_rematch_idx").on(t.rematchPending),
  ],
);

/**
 * Every source record of a call: its alias `<fonte>:<idFonte>`, which call it resolves to, and
 * the content that source gave last (to see what the source itself changed next time, and to
 * split a wrong merge).
 */
export const callSources = sqliteTable(
  "call_sources",
  {
    alias: text("alias").primaryKey(),
    fonte: text("fonte").notNull(),
    sourceId: text("source_id").notNull(),
    /** The adapter that read it (`bando-json`, `padigitale2026-avvisi`, …). */
    adapter: text("adapter").notNull(),
    callId: integer("call_id")
      .notNull()
      .references(() => calls.id),
    /** The call this alias was first attached to (a split brings it back there). */
    originCallId: integer("origin_call_id")
      .notNull()
      .references(() => calls.id),
    /** Why ingestion attached it to an existing call (duplicate detection), if it did. */
    mergeReason: text("merge_reason"),
    contentHash: text("content_hash").notNull(),
    snapshot: text("snapshot", { mode: "json" }).$type<CallContent>().notNull(),
    suggestions: text("suggestions", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    firstSeenAt: text("first_seen_at").notNull(),
    lastSeenAt: text("last_seen_at").notNull(),
    lastRunId: integer("last_run_id").references(() => runs.id),
  },
  (t) => [index("call_sources_call_idx").on(t.callId), index("call_sources_fonte_idx").on(t.fonte, t.sourceId)],
);

export const CALL_VERSION_ACTIONS = [
  "creato",
  "aggiornato",
  "proposta",
  "proposta-sostituita",
  "approvato",
  "respinto",
  "modificato",
  "pubblicato",
  "archiviato",
  "scartato",
  "riaperto",
  "unito",
  "assorbito",
  "separato",
  "fonte-aggiunta",
] as const;
export type CallVersionAction = (typeof CALL_VERSION_ACTIONS)[number];

/** Every change of a call, kept: who (source and run, or curator), when, what (fields and full snapshot). */
export const callVersions = sqliteTable(
  "call_versions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    callId: integer("call_id")
      .notNull()
      .references(() => calls.id),
    /** Version of the live content after this change (unchanged for proposals and state changes). */
    version: integer("version").notNull(),
    at: text("at").notNull(),
    actorType: text("actor_type", { enum: ["fonte", "redazione", "sistema"] }).notNull(),
    /** The adapter/alias for sources, `utente:<id> <email>` for curators. */
    actor: text("actor").notNull(),
    runId: integer("run_id").references(() => runs.id),
    action: text("action", { enum: CALL_VERSION_ACTIONS }).notNull(),
    reviewState: text("review_state").notNull(),
    changedFields: text("changed_fields", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    /** The full content this change produced (for proposals: the proposed content). */
    snapshot: text("snapshot", { mode: "json" }).$type<CallContent>().notNull(),
    note: text("note"),
  },
  (t) => [index("call_versions_call_idx").on(t.callId, t.id), index("call_versions_at_idx").on(t.at)],
);

/** Sources fetched on a schedule by the in-process scheduler (app/jobs/scheduler.server.ts). */
export const ingestSources = sqliteTable(
  "ingest_sources",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    adapter: text("adapter").notNull(),
    url: text("url").notNull(),
    /** e.g. "ogni giorno alle 06:00" (domain/schedule.ts). */
    schedule: text("schedule").notNull(),
    enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
    /** Publish new calls at once (trusted source), like `--publish`. */
    publish: integer("publish", { mode: "boolean" }).notNull().default(false),
    nextRunAt: text("next_run_at"),
    lastRunAt: text("last_run_at"),
    lastRunId: integer("last_run_id").references(() => runs.id),
    lastStatus: text("last_status"),
    lastError: text("last_error"),
    /** Lease: at most one run of a source at a time, across processes. */
    leaseOwner: text("lease_owner"),
    leaseUntil: text("lease_until"),
    createdAt: text("created_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
    updatedAt: text("updated_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
    updatedBy: text("updated_by"),
  },
  (t) => [index("ingest_sources_next_idx").on(t.enabled, t.nextRunAt)],
);

export type CallRow = typeof calls.$inferSelect;
export type NewCallRow = typeof calls.$inferInsert;
export type CallSourceRow = typeof callSources.$inferSelect;
export type CallVersionRow = typeof callVersions.$inferSelect;
export type IngestSourceRow = typeof ingestSources.$inferSelect;
