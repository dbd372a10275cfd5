import { createCookie, type Cookie } from "@remix-run/node";
import { and, asc, eq, gt, lt, or } from "drizzle-orm";
import { getDb, writeTransaction, type Db } from "~db/client.server";
import { sessions, type UserRow } from "~db/schema";
import { sessionSecret } from "~/data/settings.server";
import { comuniOfUser, getUserById } from "~/data/users.server";
import { getEnv } from "~/env.server";
import { hashToken, randomToken } from "./crypto.server";

/** Idle and absolute timeouts (SECURITY.md 2; ASVS 7.3.1/7.3.2). */
export const IDLE_TIMEOUT_MS = 2 * 60 * 60 * 1000;
export const ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60 * 1000;
/** lastSeenAt is written at most this often, to keep reads read-only. */
const TOUCH_INTERVAL_MS = 60 * 1000;

let cookie: Cookie | undefined;
let pendingCookie: Cookie | undefined;

/** A password checked, the TOTP code still to come: this long to type it. */
export const PENDING_LOGIN_MS = 5 * 60 * 1000;

/**
 * `__Host-` prefixed, Secure, HttpOnly, SameSite=Lax, Path=/, no Domain (SECURITY.md 1).
 * Only the development server (plain http on a developer's machine) drops prefix and Secure.
 */
export function sessionCookie(): Cookie {
  if (cookie) return cookie;
  const env = getEnv();
  const development = env.NODE_ENV === "development";
  cookie = createCookie(development ? "cruscotto_session" : "__Host-cruscotto_session", {
    httpOnly: true,
    sameSite: "lax",
    secure: !development,
    path: "/",
    maxAge: ABSOLUTE_TIMEOUT_MS / 1000,
    secrets: [sessionSecret(getDb(), env.SESSION_SECRET)],
  });
  return cookie;
}

export function resetSessionCookie(): void {
  cookie = undefined;
  pendingCookie = undefined;
}

/**
 * The second step of a login with TOTP: a signed, short-lived cookie naming the user whose
 * password was right. It opens nothing by itself; only a valid code turns it into a session.
 */
function pendingLoginCookie(): Cookie {
  if (pendingCookie) return pendingCookie;
  const env = getEnv();
  const development = env.NODE_ENV === "development";
  pendingCookie = createCookie(development ? "cruscotto_verifica" : "__Host-cruscotto_verifica", {
    httpOnly: true,
    sameSite: "lax",
    secure: !development,
    path: "/",
    maxAge: PENDING_LOGIN_MS / 1000,
    secrets: [sessionSecret(getDb(), env.SESSION_SECRET)],
  });
  return pendingCookie;
}

export interface PendingLogin {
  userId: number;
  redirectTo: string;
}

export async function createPendingLogin(pending: PendingLogin, now = new Date()): Promise<string> {
  return pendingLoginCookie().serialize({ ...pending, expiresAt: now.getTime() + PENDING_LOGIN_MS });
}

export async function readPendingLogin(request: Request, now = new Date()): Promise<PendingLogin | null> {
  const value: unknown = await pendingLoginCookie().parse(request.headers.get("Cookie"));
  if (!value || typeof value !== "object") return null;
  const { userId, redirectTo, expiresAt } = value as Record<string, unknown>;
  if (typeof userId !== "number" || typeof redirectTo !== "string" || typeof expiresAt !== "number") return null;
  if (expiresAt < now.getTime()) return null;
  return { userId, redirectTo };
}

export async function clearPendingLogin(): Promise<string> {
  return pendingLoginCookie().serialize("", { maxAge: 0 });
}

export interface SessionUser {
  user: UserRow;
  comuni: string[];
  sessionHash: string;
}

/** Opens a new session (a fresh id on every login: no fixation) and returns its Set-Cookie. */
export async function createSession(db: Db, userId: number, now = new Date()): Promise<string> {
  return sessionSetCookie(writeTransaction(db, (tx) => openSession(tx, userId, now)));
}

/** The same inside the caller's transaction: returns the new session's token (for sessionSetCookie). */
export function openSession(tx: Db, userId: number, now = new Date()): string {
  const token = randomToken();
  tx.insert(sessions)
    .values({
      idHash: hashToken(token),
      userId,
      createdAt: now.toISOString(),
      lastSeenAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + ABSOLUTE_TIMEOUT_MS).toISOString(),
    })
    .run();
  return token;
}

/** The Set-Cookie that hands a session's token to the browser. */
export function sessionSetCookie(token: string): Promise<string> {
  return sessionCookie().serialize(token);
}

async function tokenFrom(request: Request): Promise<string | null> {
  const value: unknown = await sessionCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 0 ? value : null;
}

/**
 * The logged-in user, or null. A session is valid while not expired, not idle for longer than
 * the idle timeout, and its user is not disabled.
 */
export async function getSessionUser(db: Db, request: Request, now = new Date()): Promise<SessionUser | null> {
  const token = await tokenFrom(request);
  if (!token) return null;
  const idHash = hashToken(token);
  const session = db
    .select()
    .from(sessions)
    .where(and(eq(sessions.idHash, idHash), gt(sessions.expiresAt, now.toISOString())))
    .get();
  if (!session) return null;
  if (now.getTime() - Date.parse(session.lastSeenAt) > IDLE_TIMEOUT_MS) return null;
  const user = getUserById(db, session.userId);
  if (!user || user.disabledAt) return null;
  if (now.getTime() - Date.parse(session.lastSeenAt) > TOUCH_INTERVAL_MS) {
    writeTransaction(db, (tx) =>
      tx.update(sessions).set({ lastSeenAt: now.toISOString() }).where(eq(sessions.idHash, idHash)).run(),
    );
  }
  return { user, comuni: comuniOfUser(db, user.id), sessionHash: idHash };
}

/** Ends the request's session and returns the Set-Cookie that clears it. */
export async function destroySession(db: Db, request: Request): Promise<string> {
  const token = await tokenFrom(request);
  if (token) {
    writeTransaction(db, (tx) => tx.delete(sessions).where(eq(sessions.idHash, hashToken(token))).run());
  }
  return sessionCookie().serialize("", { maxAge: 0 });
}

/** Ends every session of a user (logout everywhere, disabled account, password change or reset). */
export function destroyUserSessions(db: Db, userId: number): number {
  return writeTransaction(db, (tx) => endUserSessions(tx, userId));
}

/** The same inside the caller's transaction. */
export function endUserSessions(tx: Db, userId: number): number {
  return tx.delete(sessions).where(eq(sessions.userId, userId)).run().changes;
}

/** A user's open sessions (times only: the ids stay in the database), for "I miei dati". */
export function sessionsOfUser(db: Db, userId: number) {
  return db
    .select({ createdAt: sessions.createdAt, lastSeenAt: sessions.lastSeenAt, expiresAt: sessions.expiresAt })
    .from(sessions)
    .where(eq(sessions.userId, userId))
    .orderBy(asc(sessions.createdAt))
    .all();
}

/** Retention: removes expired and idle sessions. */
export function purgeExpiredSessions(db: Db, now = new Date()): number {
  return writeTransaction(db, (tx) => deleteExpiredSessions(tx, now));
}

export function deleteExpiredSessions(tx: Db, now = new Date()): number {
  const idleLimit = new Date(now.getTime() - IDLE_TIMEOUT_MS).toISOString();
  return tx
    .delete(sessions)
    .where(or(lt(sessions.expiresAt, now.toISOString()), lt(sessions.lastSeenAt, idleLimit)))
    .run().changes;
}

