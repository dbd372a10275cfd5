import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "~db/client.server";
import { hashPassword } from "~/auth/password.server";
import { createUser } from "~/data/users.server";
import { runImport } from "~/jobs/import.server";
import { chromiumSkipReason, collectPageErrors, expectNoAxeViolations, hasChromium, launchBrowser, submitLogin } from "../setup/browser";
import { startServer, type RunningServer } from "../setup/server";

const fixtures = join(import.meta.dirname, "..", "fixtures");
const RTD = { email: "rtd@bergamo.example", password: "una-password-lunga-1" };
const CURATOR = { email: "redazione@anci.example", password: "una-password-lunga-2" };

async function login(browser: Browser, server: RunningServer, who: { email: string; password: string }, options: { javaScriptEnabled?: boolean } = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await page.goto(`${server.url}/accedi?redirectTo=%2Fcomuni%2F016024`);
  await submitLogin(page, who.email, who.password);
  await page.waitForURL(/\/comuni\/016024$/);
  return { context, page };
}

describe.skipIf(!hasChromium)(`browser: an RTD keeps the comune profile current${chromiumSkipReason}`, { timeout: 90_000 }, () => {
  let server: RunningServer;
  let browser: Browser;
  let rtd: { context: BrowserContext; page: Page };

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    const db = openDatabase(server.databasePath);
    createUser(db, { email: RTD.email, role: "rtd", comuni: ["016024"], passwordHash: await hashPassword(RTD.password) });
    createUser(db, { email: CURATOR.email, role: "redazione", passwordHash: await hashPassword(CURATOR.password) });
    runImport(db, {
      kind: "candidature-padigitale",
      content: readFileSync(join(fixtures, "padigitale2026", "candidature_finanziate_144_estratto.csv")),
      input: "144.csv",
    });
    runImport(db, { kind: "aggregazioni", content: readFileSync(join(fixtures, "aggregazioni", "aggregazioni.csv")), input: "a.csv" });
    db.$client.close();
    rtd = await login(browser, server, RTD);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("adds a programming item, sets a maturity state, and sees both on the comune page", async () => {
    const { page } = rtd;
    const errors = collectPageErrors(page);
    await page.getByRole("link", { name: "Aggiungi una voce di programmazione" }).click();
    // Client-side navigation: the URL changes before the new page renders; wait for its heading.
    await page.waitForSelector('h1:has-text("Nuova voce di programmazione")');

    // First a mistake: the error summary and the field say what is wrong, in Italian.
    await page.getByLabel("Titolo").fill("Cl");
    await page.getByRole("button", { name: "Aggiungi la voce" }).click();
    await page.waitForSelector("#riepilogo-errori");
    expect(await page.textContent("#riepilogo-errori")).toContain("Il titolo deve avere almeno 3 caratteri");
    expect(await page.getAttribute("#titolo", "aria-invalid")).toBe("true");
    await expectNoAxeViolations(page);

    await page.getByLabel("Titolo").fill("Migrazione al cloud dei servizi demografici");
    // Bootstrap Italia draws the checkbox on its label, which is what a person clicks.
    await page.click('label[for="temi-cloud"]');
    await page.click('label[for="temi-anagrafe"]');
    expect(await page.getByLabel("Migrazione al cloud").isChecked()).toBe(true);
    await page.getByLabel("Strumento di programmazione").selectOption("PT-ICT");
    await page.getByLabel("Importo previsto (euro)").fill("120.000");
    await page.getByLabel("Anno di inizio").fill("2026");
    await page.getByLabel("Anno di fine").fill("2027");
    await page.getByRole("button", { name: "Aggiungi la voce" }).click();
    await page.waitForURL(/\/comuni\/016024(#programmazione)?$/);
    const row = page.locator("#programmazione ~ div table tbody tr", { hasText: "Migrazione al cloud dei servizi demografici" });
    await row.waitFor();
    expect(await row.textContent()).toContain("€ 120.000,00");
    expect(await row.textContent()).toContain("2026–2027");

    await page.getByRole("link", { name: "Aggiorna la checklist di maturità digitale" }).click();
    await page.waitForSelector('h1:has-text("Maturità digitale")');
    await expectNoAxeViolations(page);
    await page.getByLabel("Stato: Migrazione al cloud").selectOption("in-corso");
    await page.getByLabel("Data: Migrazione al cloud").fill("2026-02-01");
    await page.getByRole("button", { name: "Salva la checklist" }).click();
    await page.waitForURL(/\/comuni\/016024(#maturita)?$/);
    await page.waitForSelector('h1:text-is("Bergamo")');
    const maturity = page.locator('section[aria-labelledby="maturita"]');
    const cloud = maturity.locator("tr", { has: page.getByRole("rowheader", { name: "Migrazione al cloud", exact: true }) });
    expect(await cloud.textContent()).toContain("In corso");
    expect(await cloud.textContent()).toContain("01/02/2026");
    expect(await cloud.textContent()).toContain("RTD del comune");
    // Inferred from the funding history, marked as such.
    const spid = maturity.locator("tr", { has: page.getByRole("rowheader", { name: "Accesso con SPID", exact: true }) });
    expect(await spid.textContent()).toContain("Dedotto dai finanziamenti");
    expect(await page.textContent("main")).toContain("Finanziamenti ottenuti");
    expect(await page.textContent("main")).toContain("Fonte: PA digitale 2026 — Dipartimento per la trasformazione digitale, CC-BY 4.0");
    expect(errors).toEqual([]);
  });

  it("the programming form works without JavaScript", async () => {
    const { context, page } = await login(browser, server, RTD, { javaScriptEnabled: false });
    await page.goto(`${server.url}/comuni/016024/programmazione/nuova`);
    await page.getByLabel("Titolo").fill("Sportello telematico per le pratiche edilizie");
    await page.click('label[for="temi-procedimenti"]');
    await page.getByLabel("Strumento di programmazione").selectOption("DUP");
    await page.getByRole("button", { name: "Aggiungi la voce" }).click();
    await page.waitForURL(/\/comuni\/016024(#programmazione)?$/);
    expect(await page.textContent("#programmazione ~ div table")).toContain("Sportello telematico per le pratiche edilizie");
    await context.close();
  });

  it("axe-core WCAG 2.1 AA on the profile pages, logged in: 0 violations", async () => {
    const { page } = rtd;
    for (const path of ["/comuni/016024", "/comuni/016024/programmazione/nuova", "/comuni/016024/maturita", "/comuni/016001", "/comuni/016002", "/aggregazioni"]) {
      await page.goto(server.url + path);
      await expectNoAxeViolations(page);
    }
    await page.goto(`${server.url}/comuni/016024`);
    await page.getByRole("link", { name: /^Modifica/ }).first().click();
    await page.waitForSelector('h1:has-text("Modifica voce di programmazione")');
    await expectNoAxeViolations(page);
  });

  it("curators edit aggregations (axe: 0 violations); RTDs may not", async () => {
    const curator = await login(browser, server, CURATOR);
    const { page } = curator;
    await page.goto(`${server.url}/aggregazioni`);
    await page.getByRole("link", { name: "Nuova aggregazione" }).click();
    await page.waitForSelector('h1:has-text("Nuova aggregazione")');
    await expectNoAxeViolations(page);
    await page.getByLabel("Nome").fill("Unione dei comuni di prova");
    await page.getByLabel("Tipo").selectOption("unione-di-comuni");
    await page.getByLabel("Comuni aderenti").fill("016024 Bergamo\n016001");
    await page.getByLabel("Codice ISTAT del comune capofila").fill("016024");
    await page.getByRole("button", { name: "Crea l'aggregazione" }).click();
    await page.waitForSelector('h1:has-text("Unione dei comuni di prova")');
    await expectNoAxeViolations(page);
    await page.getByRole("link", { name: "Modifica l'aggregazione" }).click();
    await page.waitForSelector('h1:has-text("Modifica l\'aggregazione")');
    await expectNoAxeViolations(page);
    await page.goto(`${server.url}/comuni/016024`);
    expect(await page.textContent("#aggregazioni ~ ul")).toContain("Unione dei comuni di prova");
    await curator.context.close();

    const response = await rtd.page.goto(`${server.url}/aggregazioni/nuova`);
    expect(response?.status()).toBe(403);
  });

  it("anonymous visitors see the profile, without edit links (axe: 0 violations)", async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/comuni/016024`);
    expect(await page.textContent("main")).toContain("Migrazione al cloud dei servizi demografici");
    expect(await page.getByRole("link", { name: "Aggiungi una voce di programmazione" }).count()).toBe(0);
    expect(await page.textContent("main")).not.toContain(RTD.email);
    await expectNoAxeViolations(page);
    await page.close();
  });
});
