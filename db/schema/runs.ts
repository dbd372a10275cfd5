import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export interface RunReject {
  /** 1-based line of the input file, or 0-based index in a JSON array. */
  line?: number;
  index?: number;
  field?: string;
  reason: string;
}

/** One row per import or ingestion run: what was read, what changed, what was rejected. */
export const runs = sqliteTable(
  "runs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** `import` (reference and profile data) or `ingest` (calls). */
    type: text("type", { enum: ["import", "ingest"] }).notNull(),
    /** The import kind (`comuni-istat`, …) or the ingestion source (`bando-json`, …). */
    kind: text("kind").notNull(),
    /** File name or URL the run read (never used as a path). */
    input: text("input").notNull(),
    status: text("status", { enum: ["in-corso", "completato", "fallito"] }).notNull(),
    startedAt: text("started_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
    finishedAt: text("finished_at"),
    read: integer("read").notNull().default(0),
    created: integer("created").notNull().default(0),
    updated: integer("updated").notNull().default(0),
    unchanged: integer("unchanged").notNull().default(0),
    rejected: integer("rejected").notNull().default(0),
    rejects: text("rejects", { mode: "json" }).$type<RunReject[]>().notNull().default(sql`'[]'`),
    /** Extra counters and notes per kind (e.g. skipped rows), as JSON. */
    details: text("details", { mode: "json" }).$type<Record<string, unknown>>().notNull().default(sql`'{}'`),
    error: text("error"),
    actor: text("actor"),
  },
  (t) => [index("runs_kind_idx").on(t.kind, t.startedAt)],
);

export type RunRow = typeof runs.$inferSelect;
