import { asc, eq } from "drizzle-orm";
import { nowIso, writeTransaction, type Db } from "~db/client.server";
import { userComuni, users, type Role, type UserRow } from "~db/schema";

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function findUserByEmail(db: Db, email: string): UserRow | undefined {
  return db.select().from(users).where(eq(users.email, normaliseEmail(email))).get();
}

export function getUserById(db: Db, id: number): UserRow | undefined {
  return db.select().from(users).where(eq(users.id, id)).get();
}

export function comuniOfUser(db: Db, userId: number): string[] {
  return db
    .select({ istat: userComuni.istat })
    .from(userComuni)
    .where(eq(userComuni.userId, userId))
    .orderBy(asc(userComuni.istat))
    .all()
    .map((r) => r.istat);
}

export interface NewUser {
  email: string;
  name?: string | null;
  role: Role;
  passwordHash?: string | null;
  comuni?: string[];
}

export function createUser(db: Db, input: NewUser): UserRow {
  return writeTransaction(db, (tx) => {
    const row = tx
      .insert(users)
      .values({
        email: normaliseEmail(input.email),
        name: input.name ?? null,
        role: input.role,
        passwordHash: input.passwordHash ?? null,
        passwordChangedAt: input.passwordHash ? nowIso() : null,
      })
      .returning()
      .get();
    for (const istat of new Set(input.comuni ?? [])) {
      tx.insert(userComuni).values({ userId: row.id, istat }).run();
    }
    return row;
  });
}
