import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { comuni } from "./comuni";

export const ROLES = ["admin", "redazione", "rtd", "lettore"] as const;
export type Role = (typeof ROLES)[number];

/** People who log in. Only what is needed: e-mail, display name, role, comuni (SECURITY.md 25). */
export const users = sqliteTable("users", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  email: text("email").notNull().unique(),
  name: text("name"),
  role: text("role", { enum: ROLES }).notNull(),
  passwordHash: text("password_hash"),
  passwordChangedAt: text("password_changed_at"),
  disabledAt: text("disabled_at"),
  createdAt: text("created_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
  updatedAt: text("updated_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
});

/** The comuni an RTD serves (an RTD often serves several small comuni). */
export const userComuni = sqliteTable(
  "user_comuni",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    istat: text("istat")
      .notNull()
      .references(() => comuni.istat),
  },
  (t) => [primaryKey({ columns: [t.userId, t.istat] }), index("user_comuni_istat_idx").on(t.istat)],
);

/**
 * Server-side sessions. The cookie carries a random token; the table keeps only its SHA-256,
 * so a copy of the database does not hand out live sessions.
 */
export const sessions = sqliteTable(
  "sessions",
  {
    idHash: text("id_hash").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: text("created_at").notNull(),
    lastSeenAt: text("last_seen_at").notNull(),
    expiresAt: text("expires_at").notNull(),
  },
  (t) => [index("sessions_user_idx").on(t.userId), index("sessions_expires_idx").on(t.expiresAt)],
);

/** Security log (SECURITY.md 27): UTC time, actor, action, target. No secrets, no free text. */
export const securityLog = sqliteTable(
  "security_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: text("at").notNull(),
    actor: text("actor").notNull(),
    action: text("action").notNull(),
    target: text("target"),
    ip: text("ip"),
  },
  (t) => [index("security_log_at_idx").on(t.at)],
);

export type UserRow = typeof users.$inferSelect;
