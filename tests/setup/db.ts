import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase, setDb, type Db } from "~db/client.server";
import { ensureSeeded } from "~db/seed/index.server";
import { ensureThemes } from "~db/seed/themes.server";

/** A fresh in-memory database with the real migrations (and the themes); demo calls only when asked. */
export function createTestDb(options: { seedComuni?: boolean; demo?: boolean } = {}): Db {
  const db = openDatabase(":memory:");
  if (options.seedComuni) ensureSeeded(db, { demo: options.demo ?? false });
  else ensureThemes(db);
  return db;
}

/** Installs a test database as the process-wide connection used by routes. */
export function useTestDb(db: Db): Db {
  setDb(db);
  return db;
}

/** A temporary folder removed by the returned cleanup function. */
export function tempDir(prefix = "cruscotto-test-"): { path: string; cleanup: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}
