import { eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { callTrackingEvents, callTracking } from "~db/schema";
import { ensureDemoCalls } from "~db/seed/demo.server";
import { createSession } from "~/auth/session.server";
import { resolveCall } from "~/data/calls.server";
import { createUser } from "~/data/users.server";
import { runIngest } from "~/ingestion/pipeline.server";
import { rematchAll } from "~/jobs/match.server";
import { readCsv } from "~/lib/csv";
import * as callPage from "~/routes/bandi.$id._index";
import * as matchedPage from "~/routes/bandi.$id.comuni";
import { storedMatchesOfCall } from "~/data/matches.server";
import * as catalogue from "~/routes/bandi._index";
import * as catalogueCsv from "~/routes/bandi[.]csv";
import * as catalogueXlsx from "~/routes/bandi[.]xlsx";
import * as tracking from "~/routes/comuni.$istat.candidature";
import * as dashboard from "~/routes/comuni.$istat._index";
import * as opportunitiesCsv from "~/routes/comuni.$istat.opportunita[.]csv";
import * as opportunitiesXlsx from "~/routes/comuni.$istat.opportunita[.]xlsx";
import * as overview from "~/routes/panoramica";
import * as unmatchedCsv from "~/routes/panoramica_.comuni-senza-opportunita[.]csv";
import { comuni as comuniTable, matches as matchesTable } from "~db/schema";
import { getCatalogue } from "~/data/calls-search.server";
import { callStatus } from "~/domain/call";
import { createTestDb, useTestDb } from "../setup/db";

/**
 * The dashboards' loaders and actions as Remix calls them, on a real database with the comuni
 * and the demo calls: catalogue search and facets, exports (formula-safe), the call page's
 * verdicts, tracking with its guard, the comune dashboard and the regional overview.
 */

type Args = Parameters<typeof tracking.action>[0];
const cookies: Record<string, string> = {};

function args(path: string, params: Record<string, string> = {}, init: { user?: string; form?: Record<string, string> } = {}): Args {
  const headers = new Headers();
  if (init.user) headers.set("Cookie", cookies[init.user]!);
  let body: URLSearchParams | undefined;
  if (init.form) {
    body = new URLSearchParams(init.form);
    headers.set("Content-Type", "application/x-www-form-urlencoded");
  }
  return { request: new Request(`http://localhost${path}`, { method: init.form ? "POST" : "GET", headers, body }), params, context: {} } as unknown as Args;
}

async function run<T>(fn: (a: Args) => Promise<T>, a: Args): Promise<T | Response> {
  try {
    return await fn(a);
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
}

async function data<T>(fn: (a: Args) => Promise<T>, a: Args): Promise<T> {
  const result = await run(fn, a);
  if (result instanceof Response) throw new Error(`risposta ${result.status} invece dei dati`);
  return result;
}

describe("dashboards (loaders and actions on a real database)", () => {
  const db = useTestDb(createTestDb({ seedComuni: true }));
  const now = new Date();
  let cloudCallId = 0;

  beforeAll(async () => {
    ensureDemoCalls(db, now);
    await runIngest(db, {
      source: "bando-json",
      publish: true,
      input: "formula.json",
      content: Buffer.from(
        JSON.stringify({
          fonte: "prova",
          bandi: [{ idFonte: "f1", titolo: '=HYPERLINK("http://evil.example","Bando formula")', ente: "@Ente di prova", beneficiari: ["comune"], temi: ["dati"] }],
        }),
      ),
    });
    rematchAll(db, { now });
    cloudCallId = resolveCall(db, "demo:rl-piccoli-comuni-cloud")!.id;
    const users = {
      rtd: createUser(db, { email: "rtd@bergamo.example", role: "rtd", comuni: ["016024", "016001"], passwordHash: "x" }),
      altro: createUser(db, { email: "rtd@milano.example", role: "rtd", comuni: ["015146"], passwordHash: "x" }),
      staff: createUser(db, { email: "staff@anci.example", role: "redazione", passwordHash: "x" }),
    };
    for (const [name, user] of Object.entries(users)) cookies[name] = (await createSession(db, user.id)).split(";")[0]!;
  });

  it("catalogue: a typo still finds the cloud calls, facets count, the state is in the URL", async () => {
    const result = await data(catalogue.loader, args("/bandi?q=clod"));
    expect(result.total).toBeGreaterThan(0);
    expect(result.items.slice(0, 2).every((i) => /cloud/i.test(i.title))).toBe(true);
    expect(result.query.sort).toBe("pertinenza");
    const filtered = await data(catalogue.loader, args("/bandi?tema=cloud&stato=aperto&ordina=importo"));
    expect(filtered.items.every((i) => i.themes.includes("cloud") && i.status === "aperto")).toBe(true);
    const amounts = filtered.items.map((i) => i.amount ?? -1);
    expect(amounts).toEqual([...amounts].sort((a, b) => b - a));
    // The theme facet counts without the theme filter; the status facet with it.
    const all = await data(catalogue.loader, args("/bandi?stato=aperto"));
    expect(filtered.counts.themes.notifiche).toBe(all.counts.themes.notifiche);
    expect(filtered.counts.status.aperto).toBe(filtered.total);
    const page2 = await data(catalogue.loader, args("/bandi?page=2"));
    expect(page2.query.page).toBe(2);
    expect(page2.items[0]?.id).not.toBe((await data(catalogue.loader, args("/bandi"))).items[0]?.id);
  });

  it("catalogue exports: the same result as CSV and Excel, formula cells neutralised", async () => {
    const csv = (await run(catalogueCsv.loader, args("/bandi.csv?q=hyperlink"))) as Response;
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const table = readCsv((await csv.text()).replace(/^\uFEFF/, ""), { delimiter: ";" });
    expect(table.header[0]).toBe("titolo");
    const row = table.rows.map((r) => r.cells).find((r) => r[0]?.includes("HYPERLINK"));
    expect(row?.[0]).toBe(`'=HYPERLINK("http://evil.example","Bando formula")`);
    expect(row?.[1]).toBe("'@Ente di prova");
    const xlsx = (await run(catalogueXlsx.loader, args("/bandi.xlsx?stato=aperto"))) as Response;
    const { default: Excel } = await import("exceljs");
    const book = new Excel.Workbook();
    await book.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
    const sheet = book.getWorksheet("Bandi")!;
    const open = await data(catalogue.loader, args("/bandi?stato=aperto"));
    expect(sheet.rowCount - 1).toBe(open.total);
    const titles = sheet.getColumn(1).values.slice(2) as string[];
    expect(titles.filter((t) => t.startsWith("="))).toEqual([]);
    expect(titles).toContain(`'=HYPERLINK("http://evil.example","Bando formula")`);
  });

  it("call page: facts and rules for everyone, verdicts for the RTD's comuni, 404 for what is not published", async () => {
    const anonymous = await data(callPage.loader, args("/bandi/demo:rl-piccoli-comuni-cloud", { id: "demo:rl-piccoli-comuni-cloud" }));
    expect(anonymous.verdicts).toEqual([]);
    expect(anonymous.rules.find((r) => r.topic === "popolazione")?.text).toBe("Solo comuni fino a 5.000 abitanti.");
    expect(anonymous.sources[0]?.alias).toBe("demo:rl-piccoli-comuni-cloud");
    const asked = await data(callPage.loader, args("/bandi/demo:rl-piccoli-comuni-cloud?comune=bergamo", { id: "demo:rl-piccoli-comuni-cloud" }));
    expect(asked.verdicts.map((v) => [v.name, v.result.outcome, v.canTrack])).toEqual([["Bergamo", "non-idoneo", false]]);
    const rtd = await data(callPage.loader, args("/bandi/demo:rl-piccoli-comuni-cloud", { id: "demo:rl-piccoli-comuni-cloud" }, { user: "rtd" }));
    const byName = Object.fromEntries(rtd.verdicts.map((v) => [v.name, v]));
    expect(byName.Bergamo?.result.eligible).toBe(false);
    expect(byName.Bergamo?.result.checks.find((c) => !c.passed)?.rule).toBe("popolazione");
    // 016001 Adrara San Martino, a small comune of Bergamo: eligible, with the call's amount.
    expect(byName["Adrara San Martino"]?.result.eligible).toBe(true);
    expect(byName["Adrara San Martino"]?.claimable).toBe(40_000);
    expect(byName["Adrara San Martino"]?.canTrack).toBe(true);
    expect(await run(callPage.loader, args("/bandi/nessuno:1", { id: "nessuno:1" }))).toMatchObject({ status: 404 });
    expect(rtd.matched).toBeNull();
  });

  it("call page for the redazione: the comuni the store matched, with the full list searchable and sortable", async () => {
    const id = "demo:rl-piccoli-comuni-cloud";
    const stored = storedMatchesOfCall(db, cloudCallId);
    const staff = await data(callPage.loader, args(`/bandi/${id}`, { id }, { user: "staff" }));
    expect(staff.matched?.total).toBe(stored.length);
    expect(staff.matched?.byCluster.find((c) => c.cluster === "grande")?.n).toBe(0);
    expect(staff.matched?.top[0]?.score).toBe(Math.max(...stored.map((m) => m.score)));
    const list = await data(matchedPage.loader, args(`/bandi/${id}/comuni?provincia=BG&ordina=nome`, { id }, { user: "staff" }));
    expect(list.items.every((c) => c.provinceSigla === "BG")).toBe(true);
    expect(list.items.map((c) => c.name)).toEqual([...list.items.map((c) => c.name)].sort((a, b) => a.localeCompare(b, "it")));
    expect(await run(matchedPage.loader, args(`/bandi/${id}/comuni`, { id }, { user: "rtd" }))).toMatchObject({ status: 403 });
  });

  it("tracking: the comune's RTD follows, updates and stops following; another comune's RTD is refused", async () => {
    const path = "/comuni/016024/candidature";
    const refused = await run(tracking.action, args(path, { istat: "016024" }, { user: "altro", form: { intent: "segui", callId: String(cloudCallId) } }));
    expect(refused).toMatchObject({ status: 403 });
    const followed = await run(tracking.action, args(path, { istat: "016024" }, { user: "rtd", form: { intent: "segui", callId: String(cloudCallId), redirectTo: "/bandi/demo:rl-piccoli-comuni-cloud" } }));
    expect(followed).toMatchObject({ status: 302 });
    expect((followed as Response).headers.get("location")).toBe("/bandi/demo:rl-piccoli-comuni-cloud");
    await run(tracking.action, args(path, { istat: "016024" }, { user: "rtd", form: { intent: "aggiorna", callId: String(cloudCallId), stage: "in-preparazione", notes: "Serve la delibera di giunta" } }));
    const page = await data(tracking.loader, args(path, { istat: "016024" }, { user: "rtd" }));
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ stage: "in-preparazione", notes: "Serve la delibera di giunta" });
    expect(page.items[0]!.history.map((h) => h.toStage)).toEqual(["in-preparazione", "interessato"]);
    // Following again keeps the stage; an off-site redirect falls back to the pipeline.
    const again = await run(tracking.action, args(path, { istat: "016024" }, { user: "rtd", form: { intent: "segui", callId: String(cloudCallId), redirectTo: "//evil.example" } }));
    expect((again as Response).headers.get("location")).toBe(path);
    expect(db.select().from(callTracking).where(eq(callTracking.istat, "016024")).get()?.stage).toBe("in-preparazione");
    expect(await run(tracking.action, args(path, { istat: "016024" }, { user: "rtd", form: { intent: "segui", callId: "999999" } }))).toMatchObject({ status: 404 });
    expect(await run(tracking.action, args(path, { istat: "016024" }, { user: "rtd", form: { intent: "aggiorna", callId: String(cloudCallId), stage: "vinto" } }))).toMatchObject({ status: 400 });
    expect(await run(tracking.loader, args(path, { istat: "016024" }))).toMatchObject({ status: 302 });
  });

  it("dashboard: ranked opportunities, key figures and charts for everyone; tracking only for the comune", async () => {
    const anonymous = await data(dashboard.loader, args("/comuni/016024", { istat: "016024" }));
    expect(anonymous.total).toBeGreaterThan(0);
    expect(anonymous.figures.openMatches).toBe(anonymous.total);
    const scores = anonymous.opportunities.map((o) => o.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(anonymous.opportunities.every((o) => o.components.length === 6 && o.reasons.length > 0)).toBe(true);
    expect(anonymous.opportunities.some((o) => o.publicId === "demo:rl-piccoli-comuni-cloud")).toBe(false);
    expect(anonymous.charts.themes.rows.length).toBeGreaterThan(0);
    expect(anonymous.charts.themes.summary).toMatch(/^Importo richiedibile per tema/);
    expect(anonymous.canManage).toBe(false);
    expect(anonymous.tracked).toEqual([]);
    const rtd = await data(dashboard.loader, args("/comuni/016024", { istat: "016024" }, { user: "rtd" }));
    expect(rtd.canManage).toBe(true);
    expect(rtd.tracked.map((t) => t.callId)).toEqual([cloudCallId]);
    expect(await run(dashboard.loader, args("/comuni/999999", { istat: "999999" }))).toMatchObject({ status: 404 });

    const csv = (await run(opportunitiesCsv.loader, args("/comuni/016024/opportunita.csv", { istat: "016024" }))) as Response;
    const table = readCsv((await csv.text()).replace(/^\uFEFF/, ""), { delimiter: ";" });
    expect(table.header.slice(0, 3)).toEqual(["posizione", "punteggio (0-100)", "bando"]);
    expect(table.rows).toHaveLength(anonymous.total);
    expect(table.rows[0]?.cells[2]).toBe(anonymous.opportunities[0]?.title);
  });

  it("dashboard: the Excel export of a comune's opportunities has the header, a row per opportunity in rank order, numeric amounts", async () => {
    const page1 = await data(dashboard.loader, args("/comuni/016024", { istat: "016024" }));
    const res = (await run(opportunitiesXlsx.loader, args("/comuni/016024/opportunita.xlsx", { istat: "016024" }))) as Response;
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="opportunita-016024-\d{4}-\d{2}-\d{2}\.xlsx"$/);
    const { default: Excel } = await import("exceljs");
    const book = new Excel.Workbook();
    await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const sheet = book.worksheets[0]!;
    expect(sheet.name).toBe("Opportunità Bergamo");
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual([
      "Posizione",
      "Punteggio (0-100)",
      "Bando",
      "Ente erogatore",
      "Importo richiedibile (€)",
      "Scadenza",
      "Giorni alla scadenza",
      "Solo in forma associata",
      "Temi",
      "Perché te lo proponiamo",
      "Cosa manca",
      "Pagina del bando",
    ]);
    expect(sheet.rowCount - 1).toBe(page1.total);
    const rows = Array.from({ length: page1.total }, (_, i) => sheet.getRow(i + 2).values as unknown[]);
    expect(rows.map((r) => r[1])).toEqual(Array.from({ length: page1.total }, (_, i) => i + 1));
    expect(rows.slice(0, page1.opportunities.length).map((r) => r[3])).toEqual(page1.opportunities.map((o) => o.title));
    // Amounts are numbers (or empty when the call states none), formatted as euro; scores are numbers.
    const amounts = rows.map((r) => r[5]);
    expect(amounts.filter((a) => a !== undefined && a !== null).every((a) => typeof a === "number")).toBe(true);
    expect(amounts.some((a) => typeof a === "number" && a > 0)).toBe(true);
    expect(rows.every((r) => typeof r[2] === "number")).toBe(true);
    expect(sheet.getColumn(5).numFmt).toBe('"€" #,##0.00');
    expect(rows[0]?.[5]).toBe(page1.opportunities[0]?.claimable ?? undefined);
  });

  it("overview: staff only; engagement counts active accounts and the comuni they serve", async () => {
    expect(await run(overview.loader, args("/panoramica", {}, { user: "rtd" }))).toMatchObject({ status: 403 });
    const o = await data(overview.loader, args("/panoramica", {}, { user: "staff" }));
    expect(o.engagement.users).toBe(3);
    // Bergamo, Adrara San Martino, Milano, and ANCI Lombardia.
    expect(o.engagement.administrations).toBe(4);
    expect(o.openCalls).toBeGreaterThan(0);
    expect(o.byTheme.reduce((n, r) => Math.max(n, r.bandi as number), 0)).toBeLessThanOrEqual(o.openCalls);
    expect(o.uptakeProvince).toHaveLength(12);
    // Coverage from the match store: every active comune is either covered or listed as without open matches.
    const covered = o.coverageCluster.reduce((n, r) => n + (r.coperti as number), 0);
    expect(covered + o.unmatched.total).toBe(o.coverageCluster.reduce((n, r) => n + (r.comuni as number), 0));
    expect(covered).toBeGreaterThan(1000);
    expect(db.select().from(callTrackingEvents).all().length).toBeGreaterThan(0);
  });

  it("overview: per-province matches and claimable totals add up to the match store of the open calls", async () => {
    const o = await data(overview.loader, args("/panoramica", {}, { user: "staff" }));
    expect(o.coverageProvince).toHaveLength(12);
    const sum = (key: string) => o.coverageProvince.reduce((n, r) => n + (r[key] as number), 0);
    // The same totals straight from the store: every stored match of a call open today.
    const openIds = new Set(getCatalogue(db).entries.filter(({ call }) => callStatus(call, new Date()) === "aperto").map(({ call }) => call.id));
    const rows = db.select({ callId: matchesTable.callId, claimable: matchesTable.claimable }).from(matchesTable).all().filter((m) => openIds.has(m.callId));
    expect(sum("abbinamenti")).toBe(rows.length);
    expect(sum("importo")).toBeCloseTo(rows.reduce((n, m) => n + (m.claimable ?? 0), 0), 2);
    expect(sum("importo")).toBeGreaterThan(0);
    const bergamo = o.coverageProvince.find((r) => String(r.label) === "Bergamo (BG)")!;
    const bgComuni = db.select({ istat: comuniTable.istat }).from(comuniTable).where(eq(comuniTable.provinceSigla, "BG")).all().length;
    expect(bergamo.comuni).toBeLessThanOrEqual(bgComuni);
    expect((bergamo.coperti as number) + (bergamo.senza as number)).toBe(bergamo.comuni);
    // By issuer: every open call counted once.
    expect(o.byIssuer.reduce((n, r) => n + (r.bandi as number), 0)).toBe(o.openCalls);
  });

  it("overview: the full list of comuni without an open match, as a formula-safe CSV for staff only", async () => {
    expect(await run(unmatchedCsv.loader, args("/panoramica/comuni-senza-opportunita.csv", {}, { user: "rtd" }))).toMatchObject({ status: 403 });
    // The demo calls reach nearly every comune: 40 comuni lose their stored matches (last test of the file).
    const keys = [...new Set(db.select({ comune: matchesTable.comune }).from(matchesTable).all().map((m) => m.comune))].slice(0, 40);
    db.delete(matchesTable).where(inArray(matchesTable.comune, keys)).run();
    const o = await data(overview.loader, args("/panoramica", {}, { user: "staff" }));
    expect(o.unmatched.total).toBeGreaterThanOrEqual(40);
    expect(o.unmatched.shown).toHaveLength(30);
    const res = (await run(unmatchedCsv.loader, args("/panoramica/comuni-senza-opportunita.csv", {}, { user: "staff" }))) as Response;
    expect(res.headers.get("content-type")).toContain("text/csv");
    expect(res.headers.get("content-disposition")).toContain("comuni-senza-opportunita.csv");
    const table = readCsv((await res.text()).replace(/^\uFEFF/, ""), { delimiter: ";" });
    expect(table.header).toEqual(["codice istat", "comune", "provincia", "fascia", "popolazione"]);
    // Every one of them, not only the 30 the page names, and the page's 30 first.
    expect(table.rows).toHaveLength(o.unmatched.total);
    expect(table.rows.slice(0, o.unmatched.shown.length).map((r) => r.cells[0])).toEqual(o.unmatched.shown.map((c) => c.istat));
    const populations = table.rows.map((r) => Number(r.cells[4]));
    expect(populations).toEqual([...populations].sort((a, b) => b - a));
  });

  it("dashboard: 'Quasi adatti' lists an open call the comune misses on its population limit alone, with the rule's sentence", async () => {
    const bergamo = db.select({ population: comuniTable.population }).from(comuniTable).where(eq(comuniTable.istat, "016024")).get()!;
    const cap = Math.floor(bergamo.population * 0.95);
    const before = await data(dashboard.loader, args("/comuni/016024", { istat: "016024" }));
    expect(before.nearMisses.map((n) => n.title)).not.toContain("Contributi per i comuni medi");
    await runIngest(db, {
      source: "bando-json",
      publish: true,
      input: "quasi.json",
      content: Buffer.from(
        JSON.stringify({
          fonte: "prova",
          bandi: [
            { idFonte: "quasi", titolo: "Contributi per i comuni medi", ente: "Regione Lombardia", beneficiari: ["comune"], temi: ["cloud"], popolazioneMax: cap, scadenza: "2099-12-31" },
            // Another region as well: two rules fail, not a near miss.
            { idFonte: "lontano", titolo: "Contributi per i comuni medi del Piemonte", ente: "Regione Piemonte", beneficiari: ["comune"], territorio: { regioni: ["01"] }, popolazioneMax: cap, scadenza: "2099-12-31" },
          ],
        }),
      ),
    });
    const after = await data(dashboard.loader, args("/comuni/016024", { istat: "016024" }));
    const miss = after.nearMisses.find((n) => n.title === "Contributi per i comuni medi");
    expect(miss).toMatchObject({ rule: "popolazione", callId: "prova:quasi" });
    expect(miss?.message).toMatch(/^Il bando è riservato ai comuni fino a .* abitanti; il comune ne ha /);
    expect(after.nearMisses.map((n) => n.title)).not.toContain("Contributi per i comuni medi del Piemonte");
    expect(after.nearMisses.length).toBeLessThanOrEqual(5);
    // A small comune the call admits does not see it as a near miss.
    const small = await data(dashboard.loader, args("/comuni/016001", { istat: "016001" }));
    expect(small.nearMisses.map((n) => n.callId)).not.toContain("prova:quasi");
  });
});
