import type { Db } from "~db/client.server";
import type { UserRow } from "~db/schema";

/**
 * Who makes the request in the authorization matrix (SECURITY.md 8): nobody, an RTD of another
 * comune, an RTD of the comune the route is about, a curator, an admin.
 */
export const ACTORS = ["anonimo", "rtdAltro", "rtdComune", "redazione", "admin"] as const;
export type Actor = (typeof ACTORS)[number];

export const STAFF: Actor[] = ["redazione", "admin"];
export const LOGGED_IN: Actor[] = ["rtdAltro", "rtdComune", "redazione", "admin"];
export const EVERYONE: Actor[] = [...ACTORS];
/** The comune's own RTDs and staff (requireComuneAccess). */
export const COMUNE_ACCESS: Actor[] = ["rtdComune", "redazione", "admin"];

export interface MatrixContext {
  /** A connection to the running server's database file (the test's own). */
  db: Db;
  /** The user making the request (a fresh one per case), null for anonimo. */
  actor: UserRow | null;
  /** "The comune" of the row (Bergamo) and another one (Milano). */
  comune: string;
  otherComune: string;
  /** What `prepare` made for this case (target users, tokens, messages …). */
  fixture: Record<string, unknown>;
  /** A unique string per case (for e-mail addresses). */
  unique: string;
}
