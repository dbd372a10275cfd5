import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./auth";
import { calls } from "./calls";
import { comuni } from "./comuni";

/** The stage a comune has reached with a call (one row per comune and call). */
export const callTracking = sqliteTable(
  "call_tracking",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    istat: text("istat")
      .notNull()
      .references(() => comuni.istat),
    callId: integer("call_id")
      .notNull()
      .references(() => calls.id, { onDelete: "cascade" }),
    stage: text("stage", {
      enum: ["interessato", "in-preparazione", "candidatura-inviata", "finanziato", "non-finanziato"],
    }).notNull(),
    notes: text("notes"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
    /** Who last changed it (audit only; never shown publicly). */
    updatedByUserId: integer("updated_by_user_id").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [uniqueIndex("call_tracking_comune_call_idx").on(t.istat, t.callId), index("call_tracking_call_idx").on(t.callId)],
);

/** Every change of stage or notes, for the history shown to the comune's RTDs. */
export const callTrackingEvents = sqliteTable(
  "call_tracking_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    trackingId: integer("tracking_id")
      .notNull()
      .references(() => callTracking.id, { onDelete: "cascade" }),
    at: text("at").notNull(),
    fromStage: text("from_stage"),
    toStage: text("to_stage"),
    notes: text("notes"),
    userId: integer("user_id").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [index("call_tracking_events_tracking_idx").on(t.trackingId, t.at)],
);

export type CallTrackingRow = typeof callTracking.$inferSelect;
