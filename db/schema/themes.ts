import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** The 23 theme keys of API.md; curators can edit label and keywords, never the key. */
export const themes = sqliteTable("themes", {
  key: text("key").primaryKey(),
  label: text("label").notNull(),
  /** JSON array of Italian keywords for automatic tagging. */
  keywords: text("keywords", { mode: "json" }).$type<string[]>().notNull(),
  position: integer("position").notNull(),
});
