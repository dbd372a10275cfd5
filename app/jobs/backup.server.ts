import Database from "better-sqlite3";
import { existsSync, mkdirSync, realpathSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Db } from "~db/client.server";

export interface BackupResult {
  path: string;
  pages: number;
  restarts: number;
  integrity: string;
}

/**
 * A consistent copy of the live database with SQLite's online backup API (SECURITY.md 21).
 * Writes may continue meanwhile: the copy proceeds in steps; if another connection writes and
 * SQLite restarts the copy, the next step copies every page at once (under WAL a reader does not
 * block writers, so one big step is safe). The copy is then checked with PRAGMA integrity_check.
 */
export async function backupDatabase(
  db: Db,
  to: string,
  options: { pagesPerStep?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<BackupResult> {
  const source = db.$client;
  const target = resolve(to);
  if (source.name !== ":memory:" && existsSync(target) && realpathSync(target) === realpathSync(source.name)) {
    throw new Error("la copia non può sovrascrivere il database in uso");
  }
  mkdirSync(dirname(target), { recursive: true });
  let step = options.pagesPerStep ?? 4096;
  let lastRemaining = Number.POSITIVE_INFINITY;
  let restarts = 0;
  let pages = 0;
  await source.backup(target, {
    progress({ totalPages, remainingPages }) {
      pages = totalPages;
      if (remainingPages > lastRemaining) {
        restarts++;
        step = Math.max(totalPages, 1);
      }
      lastRemaining = remainingPages;
      options.onProgress?.(totalPages - remainingPages, totalPages);
      return step;
    },
  });
  const copy = new Database(target, { readonly: true });
  try {
    const integrity = String(copy.pragma("integrity_check", { simple: true }));
    if (integrity !== "ok") throw new Error(`integrity_check della copia fallito: ${integrity}`);
    return { path: target, pages, restarts, integrity };
  } finally {
    copy.close();
  }
}
