import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "~db/client.server";
import { setDb } from "~db/client.server";
import { aggregations, comuni, maturityEntries, programmeItems } from "~db/schema";
import { createSession } from "~/auth/session.server";
import { createProgrammeItem, listProgramme } from "~/data/programme.server";
import { createUser } from "~/data/users.server";
import * as aggregationEdit from "~/routes/aggregazioni.$id.modifica";
import * as aggregationNew from "~/routes/aggregazioni.nuova";
import * as comunePage from "~/routes/comuni.$istat._index";
import * as maturityRoute from "~/routes/comuni.$istat.maturita";
import * as programmeEdit from "~/routes/comuni.$istat.programmazione.$id";
import * as programmeNew from "~/routes/comuni.$istat.programmazione.nuova";
import { createTestDb, useTestDb } from "../setup/db";
import { routeArgs } from "../setup/routes";
import { clearRematch as clearAllRematch } from "../setup/rematch";

/**
 * The profile editors' guards and actions, called as Remix calls them (SECURITY.md 8): every
 * loader and action checks on its own; an RTD of comune A gets 403/404 on comune B.
 */

type Args = Parameters<typeof programmeNew.action>[0];
let db: Db;
const cookies: Record<string, string> = {};

function args(path: string, params: Record<string, string>, init: { user?: string; form?: Record<string, string | string[]> } = {}): Args {
  return routeArgs(cookies, path, params, init);
}

/** Runs a loader or action; a thrown Response is returned, so tests can check status and location. */
async function run<T>(fn: (a: Args) => Promise<T>, a: Args): Promise<T | Response> {
  try {
    return await fn(a);
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
}

const status = (r: unknown) => (r instanceof Response ? r.status : 200);
const pending = (istat: string) => db.select({ p: comuni.rematchPending }).from(comuni).where(eq(comuni.istat, istat)).get()?.p;
const clearRematch = () => clearAllRematch(db);

const goodItem = {
  intent: "salva",
  title: "Migrazione al cloud dei servizi demografici",
  description: "",
  themes: ["cloud", "anagrafe"],
  amount: "120.000",
  startYear: "2026",
  endYear: "2027",
  instrument: "PT-ICT",
  state: "previsto",
};

beforeAll(async () => {
  db = useTestDb(createTestDb({ seedComuni: true }));
  const users = {
    rtdBergamo: createUser(db, { email: "rtd@bergamo.example", role: "rtd", comuni: ["016024"] }),
    rtdAdrara: createUser(db, { email: "rtd@adrara.example", role: "rtd", comuni: ["016001"] }),
    lettore: createUser(db, { email: "lettore@example.org", role: "lettore" }),
    redazione: createUser(db, { email: "redazione@anci.example", role: "redazione" }),
  };
  for (const [name, user] of Object.entries(users)) cookies[name] = (await createSession(db, user.id)).split(";")[0]!;
});

afterAll(() => setDb(undefined));

beforeEach(() => {
  db.delete(programmeItems).where(eq(programmeItems.istat, "016024")).run();
  db.delete(maturityEntries).where(eq(maturityEntries.istat, "016024")).run();
  clearRematch();
});

describe("programming editor", () => {
  it("sends anonymous visitors to the login page, and refuses readers and other comuni's RTDs", async () => {
    const anon = await run(programmeNew.loader, args("/comuni/016024/programmazione/nuova", { istat: "016024" }));
    expect(status(anon)).toBe(302);
    expect((anon as Response).headers.get("Location")).toBe("/accedi?redirectTo=%2Fcomuni%2F016024%2Fprogrammazione%2Fnuova");
    for (const user of ["lettore", "rtdAdrara"]) {
      expect(status(await run(programmeNew.loader, args("/comuni/016024/programmazione/nuova", { istat: "016024" }, { user })))).toBe(403);
      const post = await run(programmeNew.action, args("/comuni/016024/programmazione/nuova", { istat: "016024" }, { user, form: goodItem }));
      expect(status(post)).toBe(403);
    }
    expect(listProgramme(db, "016024")).toEqual([]);
    expect(pending("016024")).toBe(false);
  });

  it("lets the comune's RTD add an item (marking the comune for re-matching), with Italian errors first", async () => {
    const bad = await run(
      programmeNew.action,
      args("/comuni/016024/programmazione/nuova", { istat: "016024" }, { user: "rtdBergamo", form: { ...goodItem, title: "", amount: "tanti" } }),
    );
    expect(bad).toMatchObject({ errors: { title: "Il titolo deve avere almeno 3 caratteri", amount: expect.stringContaining("Importo non valido") } });
    expect(listProgramme(db, "016024")).toEqual([]);

    // An extra istat field in the form is ignored: the comune comes from the URL.
    const ok = await run(
      programmeNew.action,
      args("/comuni/016024/programmazione/nuova", { istat: "016024" }, { user: "rtdBergamo", form: { ...goodItem, istat: "016001" } }),
    );
    expect(status(ok)).toBe(302);
    expect((ok as Response).headers.get("Location")).toBe("/comuni/016024#programmazione");
    expect(listProgramme(db, "016024")).toEqual([
      expect.objectContaining({ title: goodItem.title, amount: 120000, themes: ["cloud", "anagrafe"], startYear: 2026, endYear: 2027 }),
    ]);
    expect(listProgramme(db, "016001")).toEqual([]);
    expect(pending("016024")).toBe(true);

    const duplicate = await run(
      programmeNew.action,
      args("/comuni/016024/programmazione/nuova", { istat: "016024" }, { user: "rtdBergamo", form: { ...goodItem, title: "MIGRAZIONE al cloud dei servizi  demografici" } }),
    );
    expect(duplicate).toMatchObject({ errors: { title: expect.stringContaining("Esiste già") } });
  });

  it("edits and deletes only through the item's own comune", async () => {
    const created = createProgrammeItem(db, "016024", {
      title: "Sito web",
      description: null,
      themes: ["servizi-digitali"],
      amount: null,
      startYear: 2026,
      endYear: null,
      instrument: "DUP",
      state: "previsto",
    });
    if (!created.ok) throw new Error("setup");
    const id = String(created.id);
    clearRematch();
    // Adrara's RTD, through Adrara's URL: the item is not found there.
    const foreign = await run(programmeEdit.loader, args(`/comuni/016001/programmazione/${id}`, { istat: "016001", id }, { user: "rtdAdrara" }));
    expect(status(foreign)).toBe(404);
    const foreignDelete = await run(
      programmeEdit.action,
      args(`/comuni/016001/programmazione/${id}`, { istat: "016001", id }, { user: "rtdAdrara", form: { intent: "elimina" } }),
    );
    expect(status(foreignDelete)).toBe(404);
    expect(status(await run(programmeEdit.loader, args(`/comuni/016024/programmazione/${id}`, { istat: "016024", id }, { user: "rtdAdrara" })))).toBe(403);

    const edited = await run(
      programmeEdit.action,
      args(`/comuni/016024/programmazione/${id}`, { istat: "016024", id }, { user: "rtdBergamo", form: { ...goodItem, title: "Sito web", state: "in-corso" } }),
    );
    expect(status(edited)).toBe(302);
    expect(listProgramme(db, "016024")[0]).toMatchObject({ state: "in-corso", instrument: "PT-ICT" });
    expect(pending("016024")).toBe(true);

    clearRematch();
    const deleted = await run(
      programmeEdit.action,
      args(`/comuni/016024/programmazione/${id}`, { istat: "016024", id }, { user: "rtdBergamo", form: { intent: "elimina" } }),
    );
    expect(status(deleted)).toBe(302);
    expect(listProgramme(db, "016024")).toEqual([]);
    expect(pending("016024")).toBe(true);
  });
});

describe("maturity editor", () => {
  it("is guarded, records the RTD as setter, and shows the role, never the person, on the public page", async () => {
    const form = { "stato-send": "completato", "data-send": "2025-03-01", "stato-spid": "in-corso", "data-spid": "" };
    expect(status(await run(maturityRoute.action, args("/comuni/016024/maturita", { istat: "016024" }, { user: "rtdAdrara", form })))).toBe(403);
    expect(status(await run(maturityRoute.loader, args("/comuni/016024/maturita", { istat: "016024" }, { user: "lettore" })))).toBe(403);

    const saved = await run(maturityRoute.action, args("/comuni/016024/maturita", { istat: "016024" }, { user: "rtdBergamo", form }));
    expect(status(saved)).toBe(302);
    expect(pending("016024")).toBe(true);
    const rows = db.select().from(maturityEntries).where(eq(maturityEntries.istat, "016024")).orderBy(maturityEntries.key).all();
    expect(rows.map((r) => [r.key, r.state, r.setBy, r.date])).toEqual([
      ["send", "completato", "rtd", "2025-03-01"],
      ["spid", "in-corso", "rtd", expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/)],
    ]);
    expect(rows[0]?.setByUserId).toEqual(expect.any(Number));

    const page = await run(comunePage.loader, args("/comuni/016024", { istat: "016024" }));
    const text = JSON.stringify(page);
    expect(text).toContain('"setBy":"rtd"');
    expect(text).not.toContain("rtd@bergamo.example");
    expect(text).not.toContain("setByUserId");

    const invalid = await run(
      maturityRoute.action,
      args("/comuni/016024/maturita", { istat: "016024" }, { user: "rtdBergamo", form: { "stato-cie": "completato", "data-cie": "2999-01-01" } }),
    );
    expect(invalid).toMatchObject({ errors: { cie: expect.stringContaining("futura") } });
  });

  it("marks the comune for re-matching only when something changed", async () => {
    const form = { "stato-send": "completato", "data-send": "2025-03-01" };
    await run(maturityRoute.action, args("/comuni/016024/maturita", { istat: "016024" }, { user: "rtdBergamo", form }));
    clearRematch();
    await run(maturityRoute.action, args("/comuni/016024/maturita", { istat: "016024" }, { user: "rtdBergamo", form }));
    expect(pending("016024")).toBe(false);
  });
});

describe("aggregation editor (curators only)", () => {
  const form = { intent: "salva", name: "Unione di prova", type: "unione-di-comuni", leadIstat: "016001", members: "016001 Adrara San Martino\n016002" };

  it("refuses RTDs and readers, lets the redazione create, edit and delete, re-matching the members", async () => {
    for (const user of ["rtdBergamo", "lettore"]) {
      expect(status(await run(aggregationNew.loader, args("/aggregazioni/nuova", {}, { user })))).toBe(403);
      expect(status(await run(aggregationNew.action, args("/aggregazioni/nuova", {}, { user, form })))).toBe(403);
    }
    expect(db.select().from(aggregations).all()).toEqual([]);

    const unknown = await run(aggregationNew.action, args("/aggregazioni/nuova", {}, { user: "redazione", form: { ...form, members: "016001\n999999" } }));
    expect(unknown).toMatchObject({ errors: { members: "Codici ISTAT sconosciuti: 999999" } });

    const created = await run(aggregationNew.action, args("/aggregazioni/nuova", {}, { user: "redazione", form }));
    expect(status(created)).toBe(302);
    const id = (created as Response).headers.get("Location")!.split("/").pop()!;
    expect(pending("016001") && pending("016002")).toBe(true);

    clearRematch();
    const edited = await run(
      aggregationEdit.action,
      args(`/aggregazioni/${id}/modifica`, { id }, { user: "redazione", form: { ...form, members: "016001\n016003" } }),
    );
    expect(status(edited)).toBe(302);
    expect([pending("016001"), pending("016002"), pending("016003")]).toEqual([false, true, true]);
    expect(status(await run(aggregationEdit.action, args(`/aggregazioni/${id}/modifica`, { id }, { user: "rtdBergamo", form: { intent: "elimina" } })))).toBe(403);

    clearRematch();
    const removed = await run(aggregationEdit.action, args(`/aggregazioni/${id}/modifica`, { id }, { user: "redazione", form: { intent: "elimina" } }));
    expect(status(removed)).toBe(302);
    expect(db.select().from(aggregations).all()).toEqual([]);
    expect([pending("016001"), pending("016003")]).toEqual([true, true]);
  });
});

describe("aggregations CSV export", () => {
  it("writes the import format, formula-safe, and re-importing it changes nothing", async () => {
    const { saveAggregation } = await import("~/data/aggregations.server");
    const { runImport } = await import("~/jobs/import.server");
    const { loader } = await import("~/routes/aggregazioni[.]csv");
    saveAggregation(db, undefined, { name: "=HYPERLINK(\"x\") Unione", type: "altro", leadIstat: "016024", members: ["016024", "016001"] });
    const response = await loader();
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString("utf8");
    expect(text.startsWith("\ufeffnome;tipo;capofila;comuni\r\n")).toBe(true);
    expect(text).toContain(`"'=HYPERLINK(""x"") Unione";altro;016024;016001|016024`);
    const again = runImport(db, { kind: "aggregazioni", content: Buffer.from(text.replace("'=HYPERLINK", "=HYPERLINK")), input: "export.csv" });
    expect(again).toMatchObject({ status: "completato", created: 0, updated: 0, unchanged: 1, rejected: 0 });
  });
});
