import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, setDb, type Db } from "~db/client.server";
import { unsubscribeToken } from "~/alerts/tokens.server";
import { addNotification } from "~/data/alerts.server";
import { makeUser, TEST_PASSWORD } from "../setup/accounts";
import { subscribe } from "../setup/alerts";
import { axeViolations, chromiumSkipReason, collectPageErrors, hasChromium, launchBrowser } from "../setup/browser";
import { startServer, type RunningServer } from "../setup/server";

/** The alert pages in a real browser: keyboard-free flows work, axe finds nothing (SECURITY.md 28). */
describe.skipIf(!hasChromium)(`browser: alerts${chromiumSkipReason}`, () => {
  let server: RunningServer;
  let browser: Browser;
  let db: Db;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    db = openDatabase(server.databasePath);
    setDb(db);
  });
  afterAll(async () => {
    await browser?.close();
    db?.$client.close();
    await server?.stop();
  });

  async function loginAs(page: Page, email: string) {
    await page.goto(`${server.url}/accedi`);
    await page.getByLabel("Indirizzo e-mail").fill(email);
    await page.getByLabel("Password").fill(TEST_PASSWORD);
    await page.getByRole("button", { name: "Accedi" }).click();
    await page.waitForURL((url) => url.pathname !== "/accedi");
    await page.waitForSelector('header a:has-text("Il mio account")');
  }

  it("an RTD turns alerts on for their comune, sees the unread count and reads the notification centre", async () => {
    const user = await makeUser(db, { role: "rtd", comuni: ["016024"], email: "rtd-avvisi-e2e@example.org" });
    addNotification(db, { userId: user.id, kind: "promemoria", key: "e2e", title: "Promemoria, scade tra 3 giorni: Cloud (Bergamo)", body: "Scadenza: 31/03/2026.", link: "/comuni/016024" }, new Date());
    const page = await browser.newPage();
    const errors = collectPageErrors(page);
    await loginAs(page, user.email);
    expect(await page.textContent("header")).toContain("1 da leggere");

    await page.goto(`${server.url}/account/avvisi`);
    await page.waitForSelector('h1:has-text("I miei avvisi")');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel("Quando ricevere i nuovi bandi").selectOption("giornaliera");
    await page.getByLabel("Punteggio minimo di adeguatezza (da 0 a 100)").fill("60");
    await page.getByRole("button", { name: "Attiva l'avviso" }).click();
    await page.waitForSelector('[role="status"]:has-text("Avviso attivato")');
    expect(await page.textContent("table")).toContain("Bergamo");
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole("link", { name: "Modifica l'avviso per Bergamo" }).click();
    await page.waitForSelector('h1:has-text("Avvisi per Bergamo")');
    expect(await axeViolations(page)).toEqual([]);

    await page.goto(`${server.url}/notifiche`);
    await page.waitForSelector('h1:has-text("Notifiche")');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Segna tutte come lette" }).click();
    await page.waitForSelector('[role="status"]:has-text("Nessuna notifica da leggere")');
    expect(await page.textContent("header")).not.toContain("da leggere");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("the public subscription form and the unsubscribe page are accessible; the button unsubscribes", async () => {
    const page = await browser.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${server.url}/avvisi/iscrizione?comune=016024`);
    await page.waitForSelector('h1:has-text("Ricevi gli avvisi per e-mail")');
    expect(await axeViolations(page)).toEqual([]);

    const user = await makeUser(db, { role: "lettore", email: "lettore-avvisi-e2e@example.org" });
    const subscription = subscribe(db, user.id, "016024");
    await page.goto(`${server.url}/avvisi/disiscrizione/${unsubscribeToken([subscription], db)}`);
    await page.waitForSelector('h1:has-text("Non ricevere più gli avvisi")');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Disattiva gli avvisi" }).click();
    await page.waitForSelector('h1:has-text("Avvisi disattivati")');
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
