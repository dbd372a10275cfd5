import { and, eq, gt, isNotNull, isNull, lt, or } from "drizzle-orm";
import type { Db } from "~db/client.server";
import { userTokens, users, type TokenPurpose, type UserRow, type UserTokenRow } from "~db/schema";
import { hashToken, randomToken } from "~/auth/crypto.server";

/** How long each kind of link stays valid. */
export const TOKEN_TTL_MS: Record<TokenPurpose, number> = {
  invito: 7 * 24 * 60 * 60 * 1000,
  "reimposta-password": 60 * 60 * 1000,
  "conferma-email": 24 * 60 * 60 * 1000,
};

/**
 * Issues a single-use token (inside the caller's transaction, together with the e-mail that
 * carries it). Earlier unused tokens of the same user and purpose stop working. Returns the token
 * itself, which only the e-mail sees: the table keeps its SHA-256.
 */
export function issueToken(
  tx: Db,
  input: { userId: number; purpose: TokenPurpose; createdBy: string; payload?: string | null },
  now = new Date(),
): { token: string; expiresAt: Date } {
  tx.delete(userTokens)
    .where(and(eq(userTokens.userId, input.userId), eq(userTokens.purpose, input.purpose), isNull(userTokens.usedAt)))
    .run();
  const token = randomToken();
  const expiresAt = new Date(now.getTime() + TOKEN_TTL_MS[input.purpose]);
  tx.insert(userTokens)
    .values({
      userId: input.userId,
      purpose: input.purpose,
      tokenHash: hashToken(token),
      payload: input.payload ?? null,
      createdAt: now.toISOString(),
      expiresAt: expiresAt.toISOString(),
      createdBy: input.createdBy,
    })
    .run();
  return { token, expiresAt };
}

function validTokenWhere(token: string, purpose: TokenPurpose, now: Date) {
  return and(
    eq(userTokens.tokenHash, hashToken(token)),
    eq(userTokens.purpose, purpose),
    isNull(userTokens.usedAt),
    gt(userTokens.expiresAt, now.toISOString()),
  );
}

/** A valid (unused, unexpired) token and its user, without using it: for the page that shows the form. */
export function findValidToken(
  db: Db,
  token: string,
  purpose: TokenPurpose,
  now = new Date(),
): { token: UserTokenRow; user: UserRow } | undefined {
  if (!token || token.length > 200) return undefined;
  const row = db
    .select()
    .from(userTokens)
    .innerJoin(users, eq(users.id, userTokens.userId))
    .where(validTokenWhere(token, purpose, now))
    .get();
  return row ? { token: row.user_tokens, user: row.users } : undefined;
}

/**
 * Uses a token: one UPDATE that succeeds only for an unused, unexpired token, so two concurrent
 * requests cannot both use it. Call inside the transaction that does what the token allows.
 */
export function consumeToken(tx: Db, token: string, purpose: TokenPurpose, now = new Date()): UserTokenRow | undefined {
  if (!token || token.length > 200) return undefined;
  return tx.update(userTokens).set({ usedAt: now.toISOString() }).where(validTokenWhere(token, purpose, now)).returning().get();
}

/** Ends the pending tokens of a user (e.g. every reset link once the password is changed). */
export function revokeTokens(tx: Db, userId: number, purposes: TokenPurpose[]): void {
  for (const purpose of purposes) {
    tx.delete(userTokens)
      .where(and(eq(userTokens.userId, userId), eq(userTokens.purpose, purpose), isNull(userTokens.usedAt)))
      .run();
  }
}

export function pendingInvitation(db: Db, userId: number, now = new Date()): UserTokenRow | undefined {
  return db
    .select()
    .from(userTokens)
    .where(
      and(
        eq(userTokens.userId, userId),
        eq(userTokens.purpose, "invito"),
        isNull(userTokens.usedAt),
        gt(userTokens.expiresAt, now.toISOString()),
      ),
    )
    .get();
}

/** Retention: used tokens and expired ones are deleted. */
export function purgeTokens(tx: Db, now = new Date()): number {
  return tx
    .delete(userTokens)
    .where(or(isNotNull(userTokens.usedAt), lt(userTokens.expiresAt, now.toISOString())))
    .run().changes;
}
