import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "~db/client.server";
import { securityLog } from "~db/schema";
import { attemptLogin, changeRoleAndComuni, deleteOwnAccount, recordExport } from "~/auth/accounts.server";
import { resetAllLimits } from "~/auth/rate-limit.server";
import { listSecurityLog, logSecurityEvent, logValue } from "~/data/security-log.server";
import { runImport } from "~/jobs/import.server";
import { toCsv } from "~/lib/spreadsheet-safe";
import { createTestDb, useTestDb } from "../setup/db";
import { makeUser, TEST_PASSWORD } from "../setup/accounts";

describe("security log (SECURITY.md 27)", () => {
  let db: Db;
  beforeEach(() => {
    db = useTestDb(createTestDb({ seedComuni: true }));
    resetAllLimits();
  });
  afterEach(() => db.$client.close());

  it("records login success and failure, role changes, imports, exports and deletions with UTC time, actor, action, target", async () => {
    const admin = await makeUser(db, { role: "admin" });
    const user = await makeUser(db, { role: "rtd", comuni: ["016024"] });
    await attemptLogin(db, { email: user.email, password: "sbagliata", ip: "192.0.2.7" });
    await attemptLogin(db, { email: user.email, password: TEST_PASSWORD, ip: "192.0.2.7" });
    changeRoleAndComuni(db, admin, user.id, { role: "lettore", comuni: [] }, "192.0.2.8");
    runImport(db, { kind: "comuni-istat", content: new TextEncoder().encode("non,un,csv\n"), input: "prova.csv", context: { actor: `utente:${admin.id}` } });
    recordExport(db, { ref: `utente:${admin.id}`, ip: "192.0.2.8" }, "utenti.csv righe:2");
    await deleteOwnAccount(db, user, TEST_PASSWORD, "192.0.2.7");
    const rows = db.select().from(securityLog).all();
    const actions = rows.map((r) => r.action);
    expect(actions).toEqual(["login-fallito", "login", "ruolo-modificato", "comuni-modificati", "import", "dati-esportati", "account-eliminato"]);
    for (const row of rows) expect(row.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(rows[0]).toMatchObject({ actor: user.email, target: `utente:${user.id}`, ip: "192.0.2.7" });
    expect(rows[1]).toMatchObject({ actor: `utente:${user.id}`, action: "login" });
    expect(rows[4]!.target).toMatch(/^run:\d+ tipo:comuni-istat esito:(completato|fallito)$/);
    expect(rows[4]!.actor).toBe(`utente:${admin.id}`);
    // No secret anywhere: neither the password tried nor the right one.
    const text = JSON.stringify(rows);
    expect(text).not.toContain("sbagliata");
    expect(text).not.toContain(TEST_PASSWORD);
  });

  it("user input cannot forge a line: control characters become spaces, in the table and in the CSV export", () => {
    const forged = "mallory@example.org\n2026-11-23T10:00:00.000Z admin login\r\u2028x\u0085y";
    logSecurityEvent(db, { actor: forged, action: "login-fallito", target: "=cmd|' /C calc'!A0" });
    const { items } = listSecurityLog(db, { page: 1, perPage: 10 });
    expect(items).toHaveLength(1);
    expect(items[0]!.actor).not.toMatch(/[\r\n\u2028\u0085]/);
    expect(items[0]!.actor).toBe("mallory@example.org 2026-11-23T10:00:00.000Z admin login  x y");
    const csv = toCsv(["ora", "azione", "autore", "oggetto"], items.map((e) => [e.at, e.action, e.actor, e.target]));
    expect(csv.trimEnd().split("\r\n")).toHaveLength(2);
    expect(csv).toContain(",'=cmd|' /C calc'!A0");
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (value) => {
        // eslint-disable-next-line no-control-regex
        expect(logValue(value)).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
      }),
      { numRuns: 1000, seed: 20261123 },
    );
  });
});
