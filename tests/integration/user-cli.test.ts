import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, setDb, type Db } from "~db/client.server";
import { acceptInvitation, attemptLogin, enableTotp } from "~/auth/accounts.server";
import { generateTotpSecret, totpCode } from "~/auth/totp.server";
import { findUserByEmail } from "~/data/users.server";
import { tempDir } from "../setup/db";

const run = promisify(execFile);
const root = join(import.meta.dirname, "..", "..");

/** `npm run user -- …` as an operator runs it (tsx, the real script, a database file). */
describe("npm run user", () => {
  const dir = tempDir();
  const databasePath = join(dir.path, "cli.db");
  const env = { ...process.env, DATABASE_PATH: databasePath, APP_URL: "https://cruscotto.example.it" };
  const user = (...args: string[]) => run(process.execPath, ["--import", "tsx", "scripts/user.ts", ...args], { cwd: root, env });
  let db: Db;
  beforeAll(() => {
    db = openDatabase(databasePath);
    setDb(db);
  });
  afterAll(() => {
    db.$client.close();
    dir.cleanup();
  });

  it("with --password creates a user who can log in", async () => {
    const { stdout } = await user("add", "--email", "Admin@Example.org", "--role", "admin", "--password", "una password lunga");
    expect(stdout).toContain("Utente creato: admin@example.org (admin)");
    expect((await attemptLogin(db, { email: "admin@example.org", password: "una password lunga", ip: null })).kind).toBe("ok");
  });

  it("without --password prints a single-use invitation link built on APP_URL", async () => {
    const { stdout } = await user("add", "--email", "rtd@comune.example.it", "--role", "rtd", "--comune", "016024", "--comune", "016035");
    expect(stdout).toContain("Utente invitato: rtd@comune.example.it (rtd, comuni 016024, 016035)");
    const link = /https:\/\/cruscotto\.example\.it\/invito\/([A-Za-z0-9_-]{43})/.exec(stdout);
    expect(link).not.toBeNull();
    expect(findUserByEmail(db, "rtd@comune.example.it")!.passwordHash).toBeNull();
    await acceptInvitation(db, link![1]!, "frase scelta da me", null);
    await expect(acceptInvitation(db, link![1]!, "un'altra frase", null)).rejects.toThrow();
  });

  it("refuses bad input with a clear message", async () => {
    await expect(user("add", "--email", "x@example.org", "--role", "rtd")).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining("almeno un --comune") });
    await expect(user("add", "--email", "y@example.org", "--role", "lettore", "--password", "corta")).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining("almeno 8") });
    await expect(user("add", "--email", "admin@example.org", "--role", "lettore")).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("Esiste già") });
  });

  it("reset-totp recovers an account whose authenticator is lost", async () => {
    const admin = findUserByEmail(db, "admin@example.org")!;
    const secret = generateTotpSecret();
    enableTotp(db, admin, { secret, code: totpCode(secret, new Date()) }, null);
    expect((await attemptLogin(db, { email: admin.email, password: "una password lunga", ip: null })).kind).toBe("second-factor");
    const { stdout } = await user("reset-totp", "--email", "admin@example.org");
    expect(stdout).toContain("Verifica in due passaggi disattivata");
    expect((await attemptLogin(db, { email: admin.email, password: "una password lunga", ip: null })).kind).toBe("ok");
  });
});
