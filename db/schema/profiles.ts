import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./auth";
import { comuni } from "./comuni";

/**
 * A comune's profile (issue "Comune profiles"): its programming items, its digital-maturity
 * checklist, its funding history and the precomputed peer comparison. Institutions only:
 * the only link to a person is the id of the user who set a maturity state (never shown).
 */

/** Voci di programmazione (DUP, piano triennale ICT, programma opere pubbliche, …). */
export const programmeItems = sqliteTable(
  "programme_items",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    istat: text("istat")
      .notNull()
      .references(() => comuni.istat),
    title: text("title").notNull(),
    /**
     * The natural key's title part: folded title (lower-case, no accents, single spaces).
     * Natural key of an item = (istat, instrument, titleKey): see docs/decisions/0030.
     */
    titleKey: text("title_key").notNull(),
    description: text("description"),
    /** JSON array of theme keys (taxonomy.ts). */
    themes: text("themes", { mode: "json" }).$type<string[]>().notNull(),
    /** Planned budget in euro cents, if known. */
    amountCents: integer("amount_cents"),
    startYear: integer("start_year"),
    endYear: integer("end_year"),
    instrument: text("instrument", { enum: ["DUP", "PT-ICT", "POP", "altro"] }).notNull(),
    state: text("state", { enum: ["previsto", "in-corso", "concluso"] }).notNull(),
    /** `manuale` (form) or `import` (CSV): where the item was last written from. */
    origin: text("origin", { enum: ["manuale", "import"] }).notNull(),
    createdAt: text("created_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
    updatedAt: text("updated_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
  },
  (t) => [uniqueIndex("programme_items_key_idx").on(t.istat, t.instrument, t.titleKey)],
);

/** One row per comune and maturity key that has a known state. */
export const maturityEntries = sqliteTable(
  "maturity_entries",
  {
    istat: text("istat")
      .notNull()
      .references(() => comuni.istat),
    key: text("key").notNull(),
    state: text("state", { enum: ["non-avviato", "in-corso", "completato"] }).notNull(),
    /** ISO date (YYYY-MM-DD) the state was reached or set. */
    date: text("date"),
    /** Who set it, as shown publicly: a role (`rtd`, `redazione`) or `inferito` (funding history). */
    setBy: text("set_by", { enum: ["rtd", "redazione", "inferito"] }).notNull(),
    /** The user who set it (audit only, never shown); null when inferred or the user was deleted. */
    setByUserId: integer("set_by_user_id").references(() => users.id, { onDelete: "set null" }),
    /** For inferred states: the funding record it comes from (measure, notice, status). */
    source: text("source"),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.istat, t.key] })],
);

/** Funding obtained (PA digitale 2026 funded applications), one row per comune, notice and window. */
export const fundingRecords = sqliteTable(
  "funding_records",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    istat: text("istat")
      .notNull()
      .references(() => comuni.istat),
    /** `padigitale2026`. */
    source: text("source").notNull(),
    /** PNRR measure number, e.g. `1.4.5`. */
    measure: text("measure").notNull(),
    measureName: text("measure_name").notNull(),
    notice: text("notice").notNull(),
    /** `numero_finestra_temporale`; empty when the source has none. Part of the natural key. */
    window: text("window").notNull(),
    amountCents: integer("amount_cents").notNull(),
    status: text("status", { enum: ["assegnato", "rinunciato", "erogato"] }).notNull(),
    appliedAt: text("applied_at"),
    fundedOn: text("funded_on"),
    statusDate: text("status_date"),
    cup: text("cup"),
    ipaCode: text("ipa_code"),
    entityName: text("entity_name").notNull(),
    decree: text("decree"),
    createdAt: text("created_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
    updatedAt: text("updated_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
  },
  (t) => [
    uniqueIndex("funding_records_key_idx").on(t.source, t.istat, t.notice, t.window),
    index("funding_records_istat_idx").on(t.istat),
    index("funding_records_measure_idx").on(t.measure),
  ],
);

/**
 * Peer comparison, precomputed (docs/decisions/0032): for each active comune, PNRR measure and
 * scope (`provincia`: same province and size cluster; `regione`: same region and size cluster),
 * how the other comuni of the group did. Rebuilt after funding imports and registry changes.
 */
export const peerComparisons = sqliteTable(
  "peer_comparisons",
  {
    istat: text("istat")
      .notNull()
      .references(() => comuni.istat),
    measure: text("measure").notNull(),
    scope: text("scope", { enum: ["provincia", "regione"] }).notNull(),
    /** Other active comuni in the group (the comune itself excluded). */
    peers: integer("peers").notNull(),
    /** Of those, how many obtained funds (assigned or paid) from the measure. */
    peersFunded: integer("peers_funded").notNull(),
    /** Median of the funded peers' totals for the measure, in cents; null when none. */
    medianCents: integer("median_cents"),
    /** The comune's own total (assigned or paid), in cents; null when it obtained nothing. */
    ownCents: integer("own_cents"),
    /** The comune renounced funds of this measure and holds none. */
    ownRenounced: integer("own_renounced", { mode: "boolean" }).notNull(),
    computedAt: text("computed_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.istat, t.measure, t.scope] })],
);

export type ProgrammeItemRow = typeof programmeItems.$inferSelect;
export type MaturityEntryRow = typeof maturityEntries.$inferSelect;
export type FundingRecordRow = typeof fundingRecords.$inferSelect;
export type PeerComparisonRow = typeof peerComparisons.$inferSelect;
