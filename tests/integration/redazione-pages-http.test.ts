import { readFileSync } from "node:fs";
import { join } from "node:path";
import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "~db/client.server";
import { runs } from "~db/schema";
import { resolveCall, versionsOf } from "~/data/calls.server";
import { findAll, findOne, parseHtml, rawText, tableRows, textOf, type HtmlElement } from "../setup/html";
import { startServer, type RunningServer } from "../setup/server";
import { addUser, loginCookie } from "../setup/staff";

const fixtures = join(import.meta.dirname, "..", "fixtures");

/**
 * The curators' pages through the production server with a staff session (issue 3.6): a run
 * page lists the rejects of its run, and the edit form stores what it is sent.
 */
describe("redazione pages over HTTP (production build)", () => {
  let server: RunningServer;
  let staff = "";
  beforeAll(async () => {
    server = await startServer();
    await addUser(server.databasePath, "redattrice@example.org", "redazione");
    staff = await loginCookie(server.url, "redattrice@example.org");
  });
  afterAll(async () => {
    await server?.stop();
  });

  const get = (path: string) => fetch(server.url + path, { headers: { Cookie: staff }, redirect: "manual" });
  const post = (path: string, body: FormData | URLSearchParams) =>
    fetch(server.url + path, { method: "POST", body, headers: { Origin: server.url, Cookie: staff }, redirect: "manual" });
  async function page(path: string) {
    const res = await get(path);
    expect(res.status, path).toBe(200);
    return parseHtml(await res.text());
  }

  describe("run page", () => {
    function upload(fonte: string, name: string, type: string, bytes: Uint8Array) {
      const form = new FormData();
      form.set("fonte", fonte);
      form.set("file", new File([new Uint8Array(bytes)], name, { type }));
      return post("/redazione/carica", form);
    }
    /** The run page's figures: label → value as shown. */
    function figures(doc: ReturnType<typeof parseHtml>): Record<string, string> {
      const items = findAll(doc, "li").filter((li) => findAll(li, "span", { class: "cd-figure d-block" }).length === 1);
      return Object.fromEntries(items.map((li) => [textOf(li).replace(/^\S+ /, ""), textOf(findOne(li, "span"))]));
    }
    const rejectsTable = (doc: ReturnType<typeof parseHtml>) =>
      findAll(doc, "table").find((t) => textOf(findOne(t, "caption")) === "Elementi scartati con riga o posizione e motivo");

    it("lists each reject of a JSON file with its element, field and reason", async () => {
      const res = await upload("bando-json", "bandi-esempio.json", "application/json", readFileSync(join(fixtures, "bando-json", "bandi-esempio.json")));
      expect(res.status).toBe(302);
      const location = res.headers.get("location")!;
      expect(location).toMatch(/^\/redazione\/esecuzioni\/\d+$/);
      const doc = await page(location);
      expect(textOf(findOne(doc, "h1"))).toMatch(/^Importazione n\. \d+ — bando-json$/);
      expect(figures(doc)).toEqual({ Letti: "8", Nuovi: "3", Aggiornati: "0", Invariati: "0", Scartati: "5" });
      const table = rejectsTable(doc);
      expect(table, "tabella degli scarti").toBeDefined();
      expect(tableRows(table!)).toEqual([
        ["Riga o elemento", "Campo", "Motivo"],
        ["elemento 3", "temi", 'tema sconosciuto "blockchain"'],
        ["elemento 4", "beneficiari", 'beneficiario sconosciuto "condominio"'],
        ["elemento 5", "titolo", "campo obbligatorio mancante"],
        ["elemento 6", "scadenza", "data non valida «fine marzo»: usare AAAA-MM-GG, AAAA-MM-GGTHH:MM o GG/MM/AAAA"],
        ["elemento 7", "—", "l'elemento non è un oggetto"],
      ]);
    });

    it("lists the rejects of a CSV file by line", async () => {
      const res = await upload("csv-template", "bandi-modello.csv", "text/csv", readFileSync(join(fixtures, "csv-template", "bandi-modello.csv")));
      expect(res.status).toBe(302);
      const doc = await page(res.headers.get("location")!);
      // (Nuovi depends on what the JSON file of the previous test already brought: duplicates merge.)
      expect(figures(doc)).toMatchObject({ Letti: "5", Scartati: "2" });
      expect(tableRows(rejectsTable(doc)!).slice(1)).toEqual([
        ["riga 5", "temi", 'tema sconosciuto "intelligenza-artificiale"'],
        ["riga 6", "Importi per fascia", "fascia non leggibile «da 0 a 5000 = 100»: usare ad esempio 0-5000: 23147"],
      ]);
    });

    it("says “Nessuno.” when nothing was rejected, and shows why a failed run failed", async () => {
      // A clean file: no reject table, just "Nessuno." under the heading.
      const clean = "Identificativo;Titolo;Ente erogatore;Beneficiari;Scadenza\n900;Bando senza errori;Regione Lombardia;comune;2030-01-31\n";
      const ok = await upload("csv-template", "pulito.csv", "text/csv", Buffer.from(clean));
      expect(ok.status).toBe(302);
      const okDoc = await page(ok.headers.get("location")!);
      expect(figures(okDoc)).toMatchObject({ Letti: "1", Scartati: "0" });
      expect(rejectsTable(okDoc)).toBeUndefined();
      const heading = findAll(okDoc, "h2").find((h) => textOf(h) === "Elementi scartati")!;
      expect(heading).toBeDefined();
      const next = heading.next && "name" in heading.next ? (heading.next as HtmlElement) : undefined;
      expect(next && textOf(next)).toBe("Nessuno.");

      const broken = await upload("bando-json", "rotto.json", "application/json", Buffer.from('{"fonte": "x", "bandi": ['));
      expect(broken.status).toBe(422);
      const db = openDatabase(server.databasePath);
      const failed = db.select().from(runs).where(eq(runs.type, "ingest")).orderBy(desc(runs.id)).limit(1).get()!;
      db.$client.close();
      expect(failed).toMatchObject({ status: "fallito", input: "rotto.json" });
      const doc = await page(`/redazione/esecuzioni/${failed.id}`);
      expect(textOf(doc)).toContain(`Importazione non riuscita: ${failed.error}. Non è stato scritto nessun bando.`);
      expect(failed.error).toMatch(/^rotto\.json: JSON non valido/);
    });
  });

  describe("edit form of a call", () => {
    /** What a browser would send for a form: every named control with its current value. */
    function formValues(form: HtmlElement): [string, string][] {
      const pairs: [string, string][] = [];
      for (const el of findAll(form, "input")) {
        const { name, type = "text", value = "" } = el.attribs;
        if (!name) continue;
        if (type === "checkbox" || type === "radio") {
          if (el.attribs.checked !== undefined) pairs.push([name, value || "on"]);
        } else if (type !== "submit" && type !== "file") pairs.push([name, value]);
      }
      // A newline right after <textarea> is not part of the value (HTML parsing rules).
      for (const el of findAll(form, "textarea")) if (el.attribs.name) pairs.push([el.attribs.name, rawText(el).replace(/^\r?\n/, "")]);
      for (const el of findAll(form, "select")) {
        if (!el.attribs.name) continue;
        const options = findAll(el, "option");
        const chosen = options.find((o) => o.attribs.selected !== undefined) ?? options[0];
        pairs.push([el.attribs.name, chosen?.attribs.value ?? ""]);
      }
      return pairs;
    }
    const editForm = (doc: ReturnType<typeof parseHtml>) => findOne(doc, "form", { method: "post", class: "cd-form" });
    /** The form as loaded, with some fields replaced (a list replaces every value of that name). */
    function edited(pairs: [string, string][], changes: Record<string, string | string[]>): URLSearchParams {
      const body = new URLSearchParams();
      for (const [name, value] of pairs) if (!(name in changes)) body.append(name, value);
      for (const [name, value] of Object.entries(changes)) for (const v of [value].flat()) body.append(name, v);
      return body;
    }

    it("saves beneficiaries, territory, co-financing and procedure, and changes nothing else", async () => {
      let db = openDatabase(server.databasePath);
      const before = resolveCall(db, "demo:pnrr-145-comuni-2026")!;
      db.$client.close();
      expect(before).toMatchObject({ beneficiaries: ["comune"], cofinancingPct: null, procedure: "sportello" });
      expect(before.territory).toEqual({ regions: [], provinces: [], comuni: [] });
      const path = `/redazione/bandi/${before.id}/modifica`;

      const loaded = formValues(editForm(await page(path)));
      expect(loaded).toContainEqual(["beneficiari", "comune"]);
      expect(loaded).toContainEqual(["procedura", "sportello"]);
      const res = await post(
        path,
        edited(loaded, {
          beneficiari: ["comune", "unione-di-comuni", "comunita-montana"],
          regioni: "03",
          province: "bg, BS",
          comuni: "16024 017029",
          cofinanziamentoPct: "12,5",
          procedura: "graduatoria",
        }),
      );
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toBe(`/redazione/bandi/${before.id}?esito=modificato`);

      db = openDatabase(server.databasePath);
      const after = resolveCall(db, "demo:pnrr-145-comuni-2026")!;
      const [latest] = versionsOf(db, before.id);
      db.$client.close();
      expect(after).toMatchObject({
        beneficiaries: ["comune", "unione-di-comuni", "comunita-montana"],
        territory: { regions: ["03"], provinces: ["BG", "BS"], comuni: ["016024", "017029"] },
        cofinancingPct: 12.5,
        procedure: "graduatoria",
        version: before.version + 1,
      });
      // Everything the form did not change stays as it was.
      for (const field of ["title", "issuer", "issuerLevel", "description", "url", "themes", "populationMin", "populationMax", "associatedOnly", "budget", "amountMin", "amountMax", "amountBands", "opensAt", "deadline", "pnrrMeasure", "reviewState"] as const) {
        expect(after[field], field).toEqual(before[field]);
      }
      // Curator fields are kept from later imports; the change is recorded with who made it.
      expect(after.curatorFields).toEqual(expect.arrayContaining(["beneficiaries", "territory", "cofinancingPct", "procedure"]));
      expect(latest).toMatchObject({ action: "modificato", actorType: "redazione", actor: expect.stringContaining("redattrice@example.org") });
      expect([...latest!.changedFields].sort()).toEqual(["beneficiaries", "cofinancingPct", "procedure", "territory"]);

      // The form shows the stored values when opened again.
      const reloaded = formValues(editForm(await page(path)));
      expect(reloaded.filter(([n]) => n === "beneficiari").map(([, v]) => v)).toEqual(["comune", "unione-di-comuni", "comunita-montana"]);
      expect(Object.fromEntries(reloaded.filter(([n]) => ["regioni", "province", "comuni", "cofinanziamentoPct", "procedura"].includes(n)))).toEqual({
        regioni: "03",
        province: "BG, BS",
        comuni: "016024, 017029",
        cofinanziamentoPct: "12,5",
        procedura: "graduatoria",
      });
    });

    it("refuses bad values with the field's message and stores nothing", async () => {
      let db = openDatabase(server.databasePath);
      const before = resolveCall(db, "demo:pnrr-145-comuni-2026-b")!;
      db.$client.close();
      const path = `/redazione/bandi/${before.id}/modifica`;
      const loaded = formValues(editForm(await page(path)));
      const res = await post(path, edited(loaded, { beneficiari: ["comune", "condominio"], province: "Bergamo", cofinanziamentoPct: "120", procedura: "lotteria" }));
      expect(res.status).toBe(422);
      const doc = parseHtml(await res.text());
      const messages = findAll(findOne(doc, "div", { role: "alert" }), "li").map(textOf);
      expect(messages).toEqual([
        "Beneficiari: Beneficiario sconosciuto",
        "Province (sigle, es. BG, BS): Sigla di provincia non valida «BERGAMO»: due lettere, ad esempio BG",
        "Cofinanziamento richiesto (%): Cofinanziamento: una percentuale da 0 a 100",
        "Procedura: Procedura non ammessa",
      ]);
      db = openDatabase(server.databasePath);
      const after = resolveCall(db, "demo:pnrr-145-comuni-2026-b")!;
      db.$client.close();
      expect(after.version).toBe(before.version);
      expect(after).toMatchObject({ beneficiaries: before.beneficiaries, territory: before.territory, cofinancingPct: before.cofinancingPct, procedure: before.procedure });
    });
  });
});
