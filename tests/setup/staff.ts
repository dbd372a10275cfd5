import { openDatabase } from "~db/client.server";
import { hashPassword } from "~/auth/password.server";
import { createUser } from "~/data/users.server";
import type { Role } from "~db/schema";

export const STAFF_PASSWORD = "una password lunga e sicura";

/** Creates a user in a running server's database (the server reads it live). */
export async function addUser(databasePath: string, email: string, role: Role, comuni: string[] = []): Promise<void> {
  const db = openDatabase(databasePath);
  createUser(db, { email, role, passwordHash: await hashPassword(STAFF_PASSWORD), comuni });
  db.$client.close();
}

/** Logs in through the real form and returns the session cookie for fetch. */
export async function loginCookie(baseUrl: string, email: string): Promise<string> {
  const res = await fetch(`${baseUrl}/accedi`, {
    method: "POST",
    body: new URLSearchParams({ email, password: STAFF_PASSWORD, redirectTo: "/" }),
    headers: { Origin: baseUrl, "Content-Type": "application/x-www-form-urlencoded" },
    redirect: "manual",
  });
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  if (!cookie.includes("=")) throw new Error(`login fallito per ${email}: ${res.status}`);
  return cookie;
}
