import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

let cachedRoot: string | undefined;

/**
 * The project root: the nearest folder above this module that holds `db/migrations`.
 * Works from the sources (db/) and from the server bundle (build/server/).
 */
export function projectRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    if (existsSync(join(dir, "db", "migrations", "meta", "_journal.json"))) {
      cachedRoot = dir;
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  cachedRoot = process.cwd();
  return cachedRoot;
}

export function migrationsFolder(): string {
  return join(projectRoot(), "db", "migrations");
}

export function defaultDatabasePath(): string {
  return resolve(projectRoot(), process.env.DATABASE_PATH ?? join("data", "cruscotto.db"));
}
