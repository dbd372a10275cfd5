import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "./schema";
import { defaultDatabasePath, migrationsFolder } from "./paths.server";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
export { schema };

/**
 * Pragmas on every connection (SECURITY.md 18; docs/decisions/0002-sqlite.md):
 * WAL so readers never block the writer; synchronous=NORMAL, which in WAL mode keeps the
 * database consistent after any crash and durable after an application crash (only a power
 * loss can drop the last commits, which imports can replay); a 5 s busy timeout; foreign keys on.
 */
export function applyPragmas(sqlite: Database.Database): void {
  if (sqlite.name !== ":memory:") sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("foreign_keys = ON");
}

export interface OpenOptions {
  /** Apply the committed migrations (default true). */
  migrate?: boolean;
  readonly?: boolean;
}

/** Opens (creating if needed) the SQLite file, sets the pragmas and applies migrations. */
export function openDatabase(path: string, options: OpenOptions = {}): Db {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path, { readonly: options.readonly ?? false });
  applyPragmas(sqlite);
  const db = drizzle(sqlite, { schema }) as Db;
  if (options.migrate !== false && !options.readonly) {
    migrate(db, { migrationsFolder: migrationsFolder() });
  }
  return db;
}

const GLOBAL_KEY = Symbol.for("cruscotto.db");
type GlobalWithDb = typeof globalThis & { [GLOBAL_KEY]?: Db };

/**
 * The process-wide connection. Kept on globalThis so that the server entry (run by tsx) and the
 * Remix server bundle share one connection, and dev-server reloads do not leak connections.
 */
export function getDb(): Db {
  const g = globalThis as GlobalWithDb;
  if (!g[GLOBAL_KEY]) g[GLOBAL_KEY] = openDatabase(defaultDatabasePath());
  return g[GLOBAL_KEY];
}

/** Replaces the process-wide connection (tests and scripts that choose their own file). */
export function setDb(db: Db | undefined): void {
  (globalThis as GlobalWithDb)[GLOBAL_KEY] = db;
}

/** Every write goes through here: BEGIN IMMEDIATE (SECURITY.md 19). */
export function writeTransaction<T>(db: Db, fn: (tx: Db) => T): T {
  return db.transaction((tx) => fn(tx as unknown as Db), { behavior: "immediate" });
}

export function nowIso(): string {
  return new Date().toISOString();
}
