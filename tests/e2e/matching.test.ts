import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "~db/client.server";
import { hashPassword } from "~/auth/password.server";
import { createUser } from "~/data/users.server";
import { chromiumSkipReason, collectPageErrors, expectNoAxeViolations, hasChromium, launchBrowser, submitLogin } from "../setup/browser";
import { startServer, type RunningServer } from "../setup/server";

const ADMIN = { email: "admin@anci.example", password: "una-password-lunga-3" };
const RTD = { email: "rtd@bergamo.example", password: "una-password-lunga-4" };

async function login(browser: Browser, server: RunningServer, who: { email: string; password: string }, to: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${server.url}/accedi?redirectTo=${encodeURIComponent(to)}`);
  await submitLogin(page, who.email, who.password);
  await page.waitForURL((url) => url.pathname === to);
  return page;
}

describe.skipIf(!hasChromium)(`browser: scoring weights and "non pertinente"${chromiumSkipReason}`, { timeout: 90_000 }, () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    const db = openDatabase(server.databasePath);
    createUser(db, { email: ADMIN.email, role: "admin", passwordHash: await hashPassword(ADMIN.password) });
    createUser(db, { email: RTD.email, role: "rtd", comuni: ["016024"], passwordHash: await hashPassword(RTD.password) });
    db.$client.close();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("an admin changes the weights: Italian errors first, then a new revision", async () => {
    const page = await login(browser, server, ADMIN, "/amministrazione/punteggio");
    const errors = collectPageErrors(page);
    await page.waitForSelector('h1:has-text("Punteggio degli abbinamenti")');
    await expectNoAxeViolations(page);

    await page.getByLabel("Coerenza con la programmazione del comune").fill("40");
    await page.getByRole("button", { name: "Salva e ricalcola" }).click();
    await page.waitForSelector("#riepilogo-errori");
    expect(await page.textContent("#riepilogo-errori")).toContain("I pesi devono sommare a 100 (ora 105).");
    await expectNoAxeViolations(page);

    await page.getByLabel("Bando mirato alla fascia del comune").fill("5");
    await page.getByLabel("Nota sulla modifica (facoltativa)").fill("Più peso alla programmazione");
    await page.getByRole("button", { name: "Salva e ricalcola" }).click();
    await page.waitForSelector('.alert-success:has-text("Configurazione salvata (revisione 2)")');
    await page.waitForSelector('th:has-text("2 (attiva)")');
    expect(await page.textContent("table")).toContain("admin@anci.example");
    await expectNoAxeViolations(page);
    expect(errors).toEqual([]);
  });

  it("an RTD marks a call as not relevant and withdraws it", async () => {
    const page = await login(browser, server, RTD, "/comuni/016024/segnalazioni");
    const errors = collectPageErrors(page);
    await page.waitForSelector('h1:has-text("Bandi segnalati come non pertinenti")');
    await expectNoAxeViolations(page);

    await page.getByLabel("Identificativo del bando (es. demo:pnrr-145-comuni-2026)").fill("demo:pnrr-145-comuni-2026");
    await page.getByLabel("Motivo").selectOption("gia-realizzato");
    await page.getByRole("button", { name: "Segnala come non pertinente" }).click();
    await page.waitForSelector('td:has-text("intervento già realizzato o già finanziato")');
    await expectNoAxeViolations(page);

    await page.getByRole("button", { name: /Annulla/ }).click();
    await page.waitForSelector('p:has-text("Nessun bando segnalato.")');
    expect(errors).toEqual([]);
  });
});
