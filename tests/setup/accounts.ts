import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { eq } from "drizzle-orm";
import { simpleParser, type ParsedMail } from "mailparser";
import { afterAll, beforeAll } from "vitest";
import { openDatabase, setDb, type Db } from "~db/client.server";
import { outbox, type Role, type UserRow } from "~db/schema";
import { hashPassword } from "~/auth/password.server";
import { createSession } from "~/auth/session.server";
import { createUser } from "~/data/users.server";
import { startServer, type RunningServer } from "./server";

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

/**
 * The production server for a describe block, with a connection to its database installed as
 * the process-wide one (so factories and sessions here write where the server reads).
 */
export function serverWithDb(options: { env?: Record<string, string> } = {}): { server: RunningServer; db: Db } {
  const state = {} as { server: RunningServer; db: Db };
  beforeAll(async () => {
    state.server = await startServer(options);
    state.db = openDatabase(state.server.databasePath);
    setDb(state.db);
  });
  afterAll(async () => {
    state.db?.$client.close();
    await state.server?.stop();
  });
  return state;
}

/** Waits for an `.eml` file the server's worker wrote (SMTP_URL unset) and returns it parsed. */
export async function waitForEml(server: RunningServer, match: (mail: ParsedMail) => boolean, timeoutMs = 15_000): Promise<ParsedMail> {
  const dir = join(dirname(server.databasePath), "outbox");
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".eml")) : [];
    for (const file of files) {
      const mail = await simpleParser(readFileSync(join(dir, file)));
      if (match(mail)) return mail;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("nessuna e-mail corrispondente nella cartella outbox");
}

export function sentTo(mail: ParsedMail): string {
  return mail.to && !Array.isArray(mail.to) ? mail.to.text : "";
}
