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
  /**
   * Consent to e-mail notifications (SECURITY.md 25): off until the person turns it on.
   * The alerts read it; turning it off is one click on "Il mio account".
   */
  notificationsConsent: integer("notifications_consent", { mode: "boolean" }).notNull().default(false),
  notificationsConsentAt: text("notifications_consent_at"),
  /** RFC 6238 secret (base32) once the person has enrolled; null when TOTP is off. */
  totpSecret: text("totp_secret"),
  totpEnabledAt: text("totp_enabled_at"),
  /** Last accepted TOTP time step: a code is never accepted twice. */
  totpLastStep: integer("totp_last_step"),
  lastLoginAt: text("last_login_at"),
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
  (t) => [index("security_log_at_idx").on(t.at), index("security_log_action_idx").on(t.action, t.at)],
);

export const TOKEN_PURPOSES = ["invito", "reimposta-password", "conferma-email"] as const;
export type TokenPurpose = (typeof TOKEN_PURPOSES)[number];

/**
 * Single-use, expiring tokens sent by e-mail (invitation, password reset, new e-mail address).
 * Only the SHA-256 of the token is kept; `payload` carries the new address of an e-mail change.
 */
export const userTokens = sqliteTable(
  "user_tokens",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    purpose: text("purpose", { enum: TOKEN_PURPOSES }).notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    payload: text("payload"),
    createdAt: text("created_at").notNull(),
    expiresAt: text("expires_at").notNull(),
    usedAt: text("used_at"),
    createdBy: text("created_by").notNull(),
  },
  (t) => [index("user_tokens_user_idx").on(t.userId, t.purpose), index("user_tokens_expires_idx").on(t.expiresAt)],
);

export type UserRow = typeof users.$inferSelect;
export type UserTokenRow = typeof userTokens.$inferSelect;
