import { eq } from "drizzle-orm";
import type { Db } from "~db/client.server";
import { outbox, type Role, type UserRow } from "~db/schema";
import { hashPassword } from "~/auth/password.server";
import { createSession } from "~/auth/session.server";
import { createUser } from "~/data/users.server";

/** Factories for account tests: users with a known password, and cookies of real sessions. */
export const TEST_PASSWORD = "una password lunga";
let hashed: Promise<string> | undefined;

/** argon2id costs ~50 ms: every test user shares one hash of TEST_PASSWORD. */
export function testPasswordHash(): Promise<string> {
  hashed ??= hashPassword(TEST_PASSWORD);
  return hashed;
}

let counter = 0;
export async function makeUser(db: Db, input: { role: Role; comuni?: string[]; email?: string; name?: string; password?: boolean }): Promise<UserRow> {
  counter++;
  return createUser(db, {
    email: input.email ?? `${input.role}-${counter}-${process.pid}@example.org`,
    name: input.name ?? null,
    role: input.role,
    comuni: input.comuni ?? [],
    passwordHash: input.password === false ? null : await testPasswordHash(),
  });
}

/** The Cookie header of a fresh session for a user (signed with the database's session secret). */
export async function sessionCookieFor(db: Db, userId: number): Promise<string> {
  const setCookie = await createSession(db, userId);
  return setCookie.split(";")[0]!;
}

/** The link of the last e-mail queued for an address (the outbox row, before it is sent). */
export function lastLinkTo(db: Db, email: string, path: string): string {
  const rows = db.select().from(outbox).where(eq(outbox.recipient, email.toLowerCase())).all();
  const text = rows.at(-1)?.text ?? "";
  const match = new RegExp(`https?://[^\\s]*${path}/[A-Za-z0-9_-]+`).exec(text);
  if (!match) throw new Error(`nessun collegamento ${path} nelle e-mail a ${email}`);
  return match[0];
}

export function tokenOf(link: string): string {
  return link.split("/").at(-1)!;
}
