import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "~db/client.server";
import { countCalls, resolveCall } from "~/data/calls.server";
import { startServer, type RunningServer } from "../setup/server";
import { addUser, loginCookie } from "../setup/staff";

const fixtures = join(import.meta.dirname, "..", "fixtures");

/** The curators' area through the production server: guards on every loader and action, upload limits. */
describe("redazione over HTTP (production build)", () => {
  let server: RunningServer;
  let staff = "";
  let rtd = "";
  beforeAll(async () => {
    server = await startServer();
    await addUser(server.databasePath, "redazione@example.org", "redazione");
    await addUser(server.databasePath, "rtd@example.org", "rtd", ["016024"]);
    staff = await loginCookie(server.url, "redazione@example.org");
    rtd = await loginCookie(server.url, "rtd@example.org");
  });
  afterAll(async () => {
    await server?.stop();
  });

  const get = (path: string, cookie = "") => fetch(server.url + path, { headers: cookie ? { Cookie: cookie } : {}, redirect: "manual" });
  const post = (path: string, body: BodyInit, cookie: string, headers: Record<string, string> = {}) =>
    fetch(server.url + path, { method: "POST", body, headers: { Origin: server.url, Cookie: cookie, ...headers }, redirect: "manual" });

  it("guards every page: anonymous → login, RTD → 403 (pages, data requests and actions)", async () => {
    const db = openDatabase(server.databasePath);
    const id = resolveCall(db, "demo:pnrr-145-comuni-2026")!.id;
    db.$client.close();
    const pages = ["/redazione", "/redazione/revisione", "/redazione/bandi", `/redazione/bandi/${id}`, `/redazione/bandi/${id}/modifica`, "/redazione/esecuzioni", "/redazione/carica", "/redazione/fonti", "/redazione/registro", "/redazione/modello.csv", "/redazione/modello.xlsx", "/redazione/bandi.csv"];
    for (const path of pages) {
      const anonymous = await get(path);
      expect(anonymous.status, path).toBe(302);
      expect(anonymous.headers.get("location"), path).toMatch(/^\/accedi\?redirectTo=/);
      expect((await get(path, rtd)).status, path).toBe(403);
      expect((await get(path, staff)).status, path).toBe(200);
    }
    expect((await get(`/redazione/bandi/${id}.data`, rtd)).status).toBe(403);
    const discard = await post(`/redazione/bandi/${id}`, new URLSearchParams({ intent: "discard" }), rtd);
    expect(discard.status).toBe(403);
    expect((await (await fetch(`${server.url}/api/v1/bandi/demo:pnrr-145-comuni-2026`)).json()) as object).toMatchObject({ id: "demo:pnrr-145-comuni-2026" });
  });

  it("shows the Redazione nav item to staff only", async () => {
    const nav = (html: string) => /<nav aria-label="Navigazione principale">[\s\S]*?<\/nav>/.exec(html)?.[0] ?? "";
    expect(nav(await (await get("/", staff)).text())).toContain('href="/redazione"');
    expect(nav(await (await get("/", rtd)).text())).not.toContain('href="/redazione"');
    expect(nav(await (await get("/")).text())).not.toContain('href="/redazione"');
  });

  it("serves the templates as CSV and XLSX, formula-safe", async () => {
    const csv = await get("/redazione/modello.csv", staff);
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(await csv.text()).toMatch(/^\ufeff?Identificativo;Titolo;Ente erogatore;/);
    const xlsx = await get("/redazione/modello.xlsx", staff);
    expect(xlsx.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(Buffer.from(await xlsx.arrayBuffer()).subarray(0, 2).toString()).toBe("PK");
  });

  it("uploads: a template loads; wrong type → 415, unreadable → 422, too big → 413; the file name is only a label", async () => {
    const upload = (name: string, type: string, bytes: Uint8Array, fonte: string, cookie = staff) => {
      const form = new FormData();
      form.set("fonte", fonte);
      form.set("file", new File([new Uint8Array(bytes)], name, { type }));
      return post("/redazione/carica", form, cookie);
    };
    const xlsx = readFileSync(join(fixtures, "xlsx-template", "bandi-modello.xlsx"));
    const ok = await upload("../../etc/passwd/bandi.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx, "xlsx-template");
    expect(ok.status).toBe(302);
    const runPage = await get(ok.headers.get("location")!, staff);
    const html = await runPage.text();
    expect(html).toContain("bandi.xlsx");
    expect(html).not.toContain("etc/passwd");
    expect(html).toContain("riga 5");

    expect((await upload("x.xlsx", "image/png", xlsx, "xlsx-template")).status).toBe(415);
    expect((await upload("x.json", "application/json", Buffer.from("{rotto"), "bando-json")).status).toBe(422);
    expect((await upload("x.json", "application/json", Buffer.alloc(21 * 1024 * 1024, 32), "bando-json")).status).toBe(413);
    expect((await post("/redazione/carica", new URLSearchParams({ fonte: "bando-json" }), staff)).status).toBe(415);
    expect((await upload("x.json", "application/json", Buffer.from("{}"), "bando-json", rtd)).status).toBe(403);
    const db = openDatabase(server.databasePath);
    expect(resolveCall(db, "xlsx-template:101")).toMatchObject({ reviewState: "da-revisionare", amountMax: 35000 });
    expect(countCalls(db)).toBeGreaterThan(60);
    db.$client.close();
  });

  it("configures a scheduled source with validation", async () => {
    const bad = await post("/redazione/fonti", new URLSearchParams({ name: "Feed", adapter: "bando-json", url: "ftp://x", schedule: "quando capita", enabled: "on" }), staff);
    expect(bad.status).toBe(422);
    const text = await bad.text();
    expect(text).toContain("Indirizzo non valido");
    expect(text).toContain("Pianificazione non riconosciuta");
    const ok = await post("/redazione/fonti", new URLSearchParams({ name: "Bandi ANCI", adapter: "bando-json", url: "https://example.org/bandi.json", schedule: "ogni giorno alle 06:00", enabled: "on" }), staff);
    expect(ok.status).toBe(302);
    expect(ok.headers.get("location")).toMatch(/^\/redazione\/fonti\/\d+\?esito=creata$/);
  });
});
