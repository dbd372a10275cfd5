import { and, asc, count, desc, eq, gte, like, lt, lte, or, type SQL } from "drizzle-orm";
import { writeTransaction, type Db } from "~db/client.server";
import { securityLog } from "~db/schema";
import { SECURITY_ACTIONS, userRef, type SecurityAction } from "~/auth/security-actions";

export { SECURITY_ACTIONS, userRef, type SecurityAction };

/**
 * The security log (SECURITY.md 27): UTC time, actor, action, target, address. Never a password,
 * token or secret. Every value is a single line: control characters (newlines included) become
 * spaces, so user input cannot forge a line of the log or of its CSV export.
 */

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/** One line, bounded: control characters (CR, LF, tab, NEL, LS, PS, …) become spaces. */
export function logValue(value: string | null | undefined, max = 200): string | null {
  if (value === null || value === undefined) return null;
  return value.replace(CONTROL, " ").slice(0, max);
}

export interface SecurityEvent {
  actor: string;
  action: SecurityAction;
  target?: string | null;
  ip?: string | null;
}

/** Writes an event inside the caller's transaction (the event and its cause commit together). */
export function recordSecurityEvent(tx: Db, event: SecurityEvent, now = new Date()): void {
  tx.insert(securityLog)
    .values({
      at: now.toISOString(),
      actor: logValue(event.actor) || "anonimo",
      action: logValue(event.action, 60) ?? "",
      target: logValue(event.target),
      ip: logValue(event.ip, 64),
    })
    .run();
}

/** Writes an event in its own transaction. */
export function logSecurityEvent(db: Db, event: SecurityEvent, now = new Date()): void {
  writeTransaction(db, (tx) => recordSecurityEvent(tx, event, now));
}

export interface SecurityLogFilters {
  action?: string;
  /** Matches actor or target (e.g. `utente:12`, an e-mail address). */
  who?: string;
  from?: string;
  to?: string;
  sort?: "recenti" | "meno-recenti";
  page: number;
  perPage: number;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function logWhere(filters: Omit<SecurityLogFilters, "page" | "perPage" | "sort">): SQL | undefined {
  const conditions: (SQL | undefined)[] = [];
  if (filters.action) conditions.push(eq(securityLog.action, filters.action));
  if (filters.who) {
    const pattern = `%${escapeLike(filters.who)}%`;
    conditions.push(or(like(securityLog.actor, pattern), like(securityLog.target, pattern)));
  }
  if (filters.from) conditions.push(gte(securityLog.at, filters.from));
  if (filters.to) conditions.push(lte(securityLog.at, filters.to));
  const present = conditions.filter((c): c is SQL => c !== undefined);
  return present.length > 0 ? and(...present) : undefined;
}

export function listSecurityLog(db: Db, filters: SecurityLogFilters) {
  const where = logWhere(filters);
  const total = db.select({ n: count() }).from(securityLog).where(where).get()?.n ?? 0;
  const order = filters.sort === "meno-recenti" ? [asc(securityLog.at), asc(securityLog.id)] : [desc(securityLog.at), desc(securityLog.id)];
  const items = db
    .select()
    .from(securityLog)
    .where(where)
    .orderBy(...order)
    .limit(filters.perPage)
    .offset((filters.page - 1) * filters.perPage)
    .all();
  return { items, total };
}

/** The events a person did or underwent (for "I miei dati"). */
export function securityLogOfUser(db: Db, userId: number, email: string) {
  const ref = userRef(userId);
  return db
    .select({ at: securityLog.at, actor: securityLog.actor, action: securityLog.action, target: securityLog.target, ip: securityLog.ip })
    .from(securityLog)
    .where(
      or(
        eq(securityLog.actor, ref),
        eq(securityLog.target, ref),
        like(securityLog.target, `${ref} %`),
        eq(securityLog.actor, email),
      ),
    )
    .orderBy(asc(securityLog.at))
    .all();
}

/** Retention: removes events older than `before`. */
export function purgeSecurityLog(tx: Db, before: Date): number {
  return tx.delete(securityLog).where(lt(securityLog.at, before.toISOString())).run().changes;
}
