import Database from "better-sqlite3";
import { join } from "node:path";
import { count, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { applyPragmas, openDatabase } from "~db/client.server";
import { comuni, securityLog } from "~db/schema";
import { ensureSeeded } from "~db/seed/index.server";
import { backupDatabase } from "~/jobs/backup.server";
import { tempDir } from "../setup/db";

describe("backup with the online backup API (SECURITY.md 21)", () => {
  const dir = tempDir();
  afterAll(() => dir.cleanup());

  it("copies a live database while another connection keeps writing, and the copy restores", async () => {
    const livePath = join(dir.path, "live.db");
    const db = openDatabase(livePath);
    ensureSeeded(db);
    // Make the file big enough that the copy takes many steps.
    const insert = db.$client.prepare("INSERT INTO security_log (at, actor, action, target) VALUES (?, ?, ?, ?)");
    db.$client.transaction(() => {
      for (let i = 0; i < 20_000; i++) insert.run(new Date().toISOString(), `attore-${i}`, "prova", "x".repeat(100));
    })();
    const before = db.select({ n: count() }).from(securityLog).get()?.n ?? 0;

    // A second connection writes continuously while the backup runs.
    const writer = new Database(livePath);
    applyPragmas(writer);
    const write = writer.prepare("INSERT INTO security_log (at, actor, action) VALUES (?, 'writer', 'durante-backup')");
    let writes = 0;
    let timer: NodeJS.Timeout | undefined;
    const startWriter = () => {
      timer = setInterval(() => {
        write.run(new Date().toISOString());
        writes++;
      }, 1);
    };

    const copyPath = join(dir.path, "copia", "backup.db");
    let steps = 0;
    // The writer starts once the copy is under way (after 12 steps), so that the step count does
    // not depend on how fast a loaded machine turns the event loop.
    const result = await backupDatabase(db, copyPath, {
      pagesPerStep: 8,
      onProgress: () => {
        if (++steps === 12) startWriter();
      },
    });
    clearInterval(timer);
    writer.close();

    // The copy proceeded in several steps and the other connection wrote in between.
    expect(writes).toBeGreaterThan(0);
    expect(steps).toBeGreaterThan(1);
    expect(result.integrity).toBe("ok");

    // Restore: open the copy as the app would (migrations are a no-op) and read it.
    const restored = openDatabase(copyPath);
    expect(restored.$client.pragma("integrity_check", { simple: true })).toBe("ok");
    expect(restored.select({ n: count() }).from(comuni).get()?.n).toBe(1506);
    const copied = restored.select({ n: count() }).from(securityLog).get()?.n ?? 0;
    expect(copied).toBeGreaterThanOrEqual(before);
    expect(restored.get<{ ok: number }>(sql`SELECT 1 AS ok`)).toEqual({ ok: 1 });
    restored.$client.close();
    db.$client.close();
  });

  it("refuses to overwrite the live database", async () => {
    const livePath = join(dir.path, "self.db");
    const db = openDatabase(livePath);
    await expect(backupDatabase(db, livePath)).rejects.toThrow(/database in uso/);
    db.$client.close();
  });
});
