import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { comuni } from "./comuni";

/** Unioni di comuni, comunità montane and other associations of comuni. */
export const aggregations = sqliteTable(
  "aggregations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    type: text("type", { enum: ["unione-di-comuni", "comunita-montana", "convenzione", "altro"] }).notNull(),
    leadIstat: text("lead_istat").references(() => comuni.istat),
    createdAt: text("created_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
    updatedAt: text("updated_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
  },
  (t) => [index("aggregations_name_idx").on(t.name)],
);

export const aggregationMembers = sqliteTable(
  "aggregation_members",
  {
    aggregationId: integer("aggregation_id")
      .notNull()
      .references(() => aggregations.id, { onDelete: "cascade" }),
    istat: text("istat")
      .notNull()
      .references(() => comuni.istat),
  },
  (t) => [primaryKey({ columns: [t.aggregationId, t.istat] }), index("aggregation_members_istat_idx").on(t.istat)],
);
