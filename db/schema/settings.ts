import { sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Key-value settings of the installation (e.g. the generated session secret). */
export const settings = sqliteTable("settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
  updatedAt: text("updated_at").notNull(),
});
