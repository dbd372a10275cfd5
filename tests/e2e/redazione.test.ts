import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "~db/client.server";
import { resolveCall } from "~/data/calls.server";
import { runIngest } from "~/ingestion/pipeline.server";
import { axeViolations, chromiumSkipReason, collectPageErrors, hasChromium, launchBrowser, submitLogin } from "../setup/browser";
import { startServer, type RunningServer } from "../setup/server";
import { addUser, STAFF_PASSWORD } from "../setup/staff";

const bando = (importoMax: number, scadenza: string) =>
  Buffer.from(JSON.stringify({ fonte: "prova-e2e", bandi: [{ idFonte: "42", titolo: "Contributi per la sicurezza informatica delle unioni", ente: "Regione Lombardia", beneficiari: ["unione-di-comuni"], importoMax, scadenza }] }));

describe.skipIf(!hasChromium)(`browser: the curators' area${chromiumSkipReason}`, () => {
  let server: RunningServer;
  let browser: Browser;
  let callId = 0;
  let runId = 0;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    await addUser(server.databasePath, "redazione@example.org", "redazione");
    const db = openDatabase(server.databasePath);
    await runIngest(db, { source: "bando-json", content: bando(40000, "2030-05-31"), input: "v1.json", publish: true });
    runId = (await runIngest(db, { source: "bando-json", content: bando(45000, "2030-06-30T12:00"), input: "v2.json" })).runId;
    callId = resolveCall(db, "prova-e2e:42")!.id;
    db.$client.close();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function login(page: Page) {
    await page.goto(`${server.url}/redazione`);
    await page.waitForURL(/\/accedi\?redirectTo=%2Fredazione/);
    await submitLogin(page, "redazione@example.org", STAFF_PASSWORD);
    await page.waitForURL(/\/redazione$/);
    await page.waitForSelector('h1:has-text("Redazione")');
  }

  it("shows the review queue and the field-by-field diff of a changed published call", async () => {
    const page = await browser.newPage();
    const errors = collectPageErrors(page);
    await login(page);
    expect(await page.getByRole("navigation", { name: "Navigazione principale" }).getByRole("link", { name: "Redazione" }).count()).toBe(1);
    await page.getByRole("link", { name: "Da revisionare" }).first().click();
    await page.waitForURL(/\/redazione\/revisione/);
    await page.getByRole("link", { name: "Contributi per la sicurezza informatica delle unioni" }).click();
    await page.waitForURL(new RegExp(`/redazione/bandi/${callId}$`));
    const diff = page.locator("table.cd-diff");
    expect(await diff.locator("caption").textContent()).toContain("Differenze tra la versione pubblicata e la modifica proposta");
    const rows = await diff.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("th, td")].map((c) => c.textContent?.trim())));
    expect(rows).toEqual([
      ["Importo massimo", "€ 40.000,00", "€ 45.000,00"],
      ["Scadenza", "31/05/2030, 23:59", "30/06/2030, 12:00"],
    ]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("approves the change without JavaScript: it goes live and the history records who and what", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await login(page);
    await page.goto(`${server.url}/redazione/bandi/${callId}`);
    await page.getByRole("button", { name: "Approva la modifica" }).click();
    await page.waitForURL(/esito=approve/);
    expect(await page.locator('[role="status"]').first().textContent()).toContain("Modifica approvata");
    expect(await page.locator("table.cd-diff").count()).toBe(0);
    const history = await page.locator("section[aria-labelledby=storia] tbody tr").first().textContent();
    expect(history).toContain("redazione@example.org");
    expect(history).toContain("approvato");
    expect(history).toContain("Importo massimo, Scadenza");
    const api = (await (await fetch(`${server.url}/api/v1/bandi/prova-e2e:42`)).json()) as { importoMax: number; versione: number };
    expect(api).toMatchObject({ importoMax: 45000, versione: 2 });
    await context.close();
  });

  it("validates the edit form with clear Italian errors (without JavaScript)", { timeout: 60_000 }, async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await login(page);
    await page.goto(`${server.url}/redazione/bandi/${callId}/modifica`);
    await page.getByLabel("Popolazione minima (inclusa)").fill("5000");
    await page.getByLabel("Popolazione massima (inclusa)").fill("100");
    await page.getByLabel(/Importi per fascia/).fill("da zero a mille");
    // The size clusters are a group of checkboxes named by its legend.
    const clusters = page.getByRole("group", { name: "Fasce demografiche ammesse" });
    await clusters.locator("label[for=fascia-piccolo]").click();
    page.setDefaultTimeout(8000);
    await page.getByRole("button", { name: "Salva le modifiche" }).click();
    await page.waitForSelector(".alert-danger");
    const alert = await page.locator(".alert-danger").textContent();
    expect(alert).toContain("La popolazione massima è minore della minima");
    expect(alert).toContain("Importi per fascia: riga «da zero a mille» non valida");
    expect(await page.getByLabel("Popolazione massima (inclusa)").getAttribute("aria-invalid")).toBe("true");
    expect(await clusters.getByLabel("Piccolo (meno di 5.000 abitanti)").isChecked()).toBe(true);
    await page.getByLabel("Popolazione massima (inclusa)").fill("20000");
    await page.getByLabel(/Importi per fascia/).fill("0-5000: 10.000\n5001-: 15000");
    await page.locator("label[for=tema-competenze-digitali]").click();
    await page.getByRole("button", { name: "Salva le modifiche" }).click();
    await page.waitForURL(/esito=modificato/);
    const main = await page.locator("main").textContent();
    expect(main).toContain("Campi modificati dalla redazione");
    expect(main).toContain("Fasce demografiche ammesse");
    expect(main).toContain("Piccolo (meno di 5.000 abitanti)");
    await context.close();
  });

  it("axe-core WCAG 2.1 AA on every curators' page: 0 violations", async () => {
    const page = await browser.newPage();
    await login(page);
    const paths = [
      "/redazione",
      "/redazione/revisione",
      "/redazione/bandi",
      "/redazione/bandi?stato=pubblicato&ordine=titolo",
      `/redazione/bandi/${callId}`,
      `/redazione/bandi/${callId}/modifica`,
      "/redazione/esecuzioni",
      `/redazione/esecuzioni/${runId}`,
      "/redazione/carica",
      "/redazione/fonti",
      "/redazione/registro",
      "/redazione/temi",
    ];
    for (const path of paths) {
      await page.goto(server.url + path);
      const violations = await axeViolations(page);
      expect(violations, `${path}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
    }
    await page.close();
  });
});
