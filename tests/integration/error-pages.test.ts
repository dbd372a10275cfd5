import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "~db/client.server";
import { startServer, type RunningServer } from "../setup/server";

/**
 * SECURITY.md 13: a production error shows a generic Italian message, never a stack trace. The
 * error is real and caused from outside the app (a table renamed under the running server), so
 * no test-only switch ships in the build.
 */
describe("production error pages", () => {
  let server: RunningServer;
  let db: Db;
  beforeAll(async () => {
    server = await startServer();
    db = openDatabase(server.databasePath);
    db.$client.exec("ALTER TABLE comuni RENAME TO comuni_nascosti");
  });
  afterAll(async () => {
    db?.$client.exec("ALTER TABLE comuni_nascosti RENAME TO comuni");
    db?.$client.close();
    await server?.stop();
  });

  const LEAKS = [/no such table/i, /SqliteError/, /comuni_nascosti/, /\bat [\w.<>]+ \(/, /node_modules/, /\.server\.ts/, /build\/server/];

  it("a page whose loader fails answers 500 with the generic Italian page", async () => {
    const res = await fetch(`${server.url}/comuni`);
    expect(res.status).toBe(500);
    const html = await res.text();
    expect(html).toContain("Si è verificato un errore");
    expect(html).toContain("Non è stato possibile completare la richiesta");
    for (const leak of LEAKS) expect(html).not.toMatch(leak);
    // The cause is in the server's log, for the operators.
    expect(server.output()).toMatch(/no such table/i);
  });

  it("the same failure through single fetch and through the API carries no detail", async () => {
    for (const path of ["/comuni.data", "/comuni?_data=routes%2Fcomuni._index", "/api/v1/comuni", "/"]) {
      const res = await fetch(server.url + path);
      expect(res.status, path).toBe(500);
      const body = await res.text();
      for (const leak of LEAKS) expect(body, path).not.toMatch(leak);
    }
  });
});
