import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { unsubscribeToken } from "~/alerts/tokens.server";
import { addNotification } from "~/data/alerts.server";
import { makeUser, TEST_PASSWORD } from "../setup/accounts";
import { subscribe } from "../setup/alerts";
import { axeViolations, browserSuite, chromiumSkipReason, collectPageErrors, hasChromium, submitLogin } from "../setup/browser";

/** The alert pages in a real browser: keyboard-free flows work, axe finds nothing (SECURITY.md 28). */
describe.skipIf(!hasChromium)(`browser: alerts${chromiumSkipReason}`, () => {
  const suite = browserSuite();

  async function loginAs(page: Page, email: string) {
    await page.goto(`${suite.server.url}/accedi`);
    await submitLogin(page, email, TEST_PASSWORD);
    await page.waitForURL((url) => url.pathname !== "/accedi");
    await page.waitForSelector('header a:has-text("Il mio account")');
  }

  it("an RTD turns alerts on for their comune, sees the unread count and reads the notification centre", async () => {
    const user = await makeUser(suite.db, { role: "rtd", comuni: ["016024"], email: "rtd-avvisi-e2e@example.org" });
    addNotification(suite.db, { userId: user.id, kind: "promemoria", key: "e2e", title: "Promemoria, scade tra 3 giorni: Cloud (Bergamo)", body: "Scadenza: 31/03/2026.", link: "/comuni/016024" }, new Date());
    const page = await suite.browser.newPage();
    const errors = collectPageErrors(page);
    await loginAs(page, user.email);
    expect(await page.textContent("header")).toContain("1 da leggere");

    await page.goto(`${suite.server.url}/account/avvisi`);
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

    await page.goto(`${suite.server.url}/notifiche`);
    await page.waitForSelector('h1:has-text("Notifiche")');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Segna tutte come lette" }).click();
    await page.waitForSelector('[role="status"]:has-text("Nessuna notifica da leggere")');
    expect(await page.textContent("header")).not.toContain("da leggere");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("the public subscription form and the unsubscribe page are accessible; the button unsubscribes", async () => {
    const page = await suite.browser.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${suite.server.url}/avvisi/iscrizione?comune=016024`);
    await page.waitForSelector('h1:has-text("Ricevi gli avvisi per e-mail")');
    expect(await axeViolations(page)).toEqual([]);

    const user = await makeUser(suite.db, { role: "lettore", email: "lettore-avvisi-e2e@example.org" });
    const subscription = subscribe(suite.db, user.id, "016024");
    await page.goto(`${suite.server.url}/avvisi/disiscrizione/${unsubscribeToken([subscription], suite.db)}`);
    await page.waitForSelector('h1:has-text("Non ricevere più gli avvisi")');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Disattiva gli avvisi" }).click();
    await page.waitForSelector('h1:has-text("Avvisi disattivati")');
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
