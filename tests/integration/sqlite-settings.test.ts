import Database from "better-sqlite3";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, writeTransaction, type Db } from "~db/client.server";
import { themes } from "~db/schema";
import { tempDir } from "../setup/db";

/**
 * SECURITY.md 18–19 and docs/decisions/0002: on a real file (WAL is skipped for `:memory:`, so
 * the in-memory databases of the other tests cannot show it).
 */
describe("SQLite settings on a database file", () => {
  const dir = tempDir("cruscotto-sqlite-");
  const path = join(dir.path, "impostazioni.db");
  let first: Db;
  let second: Db;

  beforeAll(() => {
    first = openDatabase(path);
    second = openDatabase(path);
  });
  afterAll(() => {
    first?.$client.close();
    second?.$client.close();
    dir.cleanup();
  });

  it("sets WAL, synchronous=NORMAL, busy_timeout=5000 and foreign keys on every connection", () => {
    for (const db of [first, second]) {
      const sqlite = db.$client;
      expect(sqlite.pragma("journal_mode", { simple: true })).toBe("wal");
      expect(sqlite.pragma("synchronous", { simple: true })).toBe(1); // NORMAL
      expect(sqlite.pragma("busy_timeout", { simple: true })).toBe(5000);
      expect(sqlite.pragma("foreign_keys", { simple: true })).toBe(1);
    }
    // WAL is a property of the file: a plain connection without our pragmas sees it too.
    const plain = new Database(path, { readonly: true });
    expect(plain.pragma("journal_mode", { simple: true })).toBe("wal");
    plain.close();
  });

  describe("writeTransaction takes the write lock at BEGIN (BEGIN IMMEDIATE)", () => {
    // Short timeouts so that a lock conflict fails at once instead of waiting 5 s.
    beforeAll(() => {
      first.$client.pragma("busy_timeout = 0");
      second.$client.pragma("busy_timeout = 0");
    });
    afterAll(() => {
      first.$client.pragma("busy_timeout = 5000");
      second.$client.pragma("busy_timeout = 5000");
    });

    it("holds the lock before its first write: another writer is refused while the callback only reads", () => {
      let otherWriter: unknown = "non provato";
      writeTransaction(first, (tx) => {
        // No write yet: a deferred transaction would hold no lock here, and the other BEGIN IMMEDIATE would succeed.
        tx.select().from(themes).all();
        try {
          second.$client.exec("BEGIN IMMEDIATE");
          second.$client.exec("ROLLBACK");
          otherWriter = "ok";
        } catch (error) {
          otherWriter = (error as { code?: string }).code;
        }
      });
      expect(otherWriter).toBe("SQLITE_BUSY");
      // The lock is gone with the commit.
      second.$client.exec("BEGIN IMMEDIATE");
      second.$client.exec("ROLLBACK");
    });

    it("fails with SQLITE_BUSY before running the callback while another connection holds the write lock", () => {
      second.$client.exec("BEGIN IMMEDIATE");
      let ran = false;
      const started = Date.now();
      try {
        // A deferred BEGIN would succeed here and run the callback (which only reads) to its commit.
        expect(() =>
          writeTransaction(first, (tx) => {
            ran = true;
            return tx.select().from(themes).all();
          }),
        ).toThrow(expect.objectContaining({ code: "SQLITE_BUSY" }));
      } finally {
        second.$client.exec("ROLLBACK");
      }
      expect(ran).toBe(false);
      expect(Date.now() - started).toBeLessThan(2000);
      // Once the other writer is gone the same call goes through.
      expect(writeTransaction(first, (tx) => Array.isArray(tx.select().from(themes).all()))).toBe(true);
    });
  });
});
