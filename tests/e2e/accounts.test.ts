import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { writeTransaction } from "~db/client.server";
import { generateTotpSecret, totpCode } from "~/auth/totp.server";
import { findUserByEmail, setTotp } from "~/data/users.server";
import { makeUser, sentTo, TEST_PASSWORD, waitForEml } from "../setup/accounts";
import { axeViolations, browserSuite, chromiumSkipReason, collectPageErrors, hasChromium, submitLogin } from "../setup/browser";

describe.skipIf(!hasChromium)(`browser: accounts${chromiumSkipReason}`, () => {
  const suite = browserSuite();
  let adminEmail: string;
  beforeAll(async () => {
    adminEmail = (await makeUser(suite.db, { role: "admin", name: "Amministratrice Prova", email: "admin-e2e@example.org" })).email;
  });

  async function loginAs(page: Page, email: string, password = TEST_PASSWORD) {
    await page.goto(`${suite.server.url}/accedi`);
    await submitLogin(page, email, password);
    await page.waitForURL((url) => url.pathname !== "/accedi");
    await page.waitForSelector('header a:has-text("Il mio account")');
  }

  /** The invitation e-mail the worker wrote as an .eml file (SMTP_URL unset). */
  async function invitationLink(to: string): Promise<string> {
    const mail = await waitForEml(suite.server, (m) => sentTo(m) === to && (m.subject ?? "").startsWith("Invito"));
    return /https?:\/\/\S+\/invito\/[\w-]+/.exec(mail.text ?? "")![0];
  }

  it("logs in and out", async () => {
    const page = await suite.browser.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${suite.server.url}/account`);
    await page.waitForURL(/\/accedi\?redirectTo=%2Faccount/);
    await submitLogin(page, adminEmail, "sbagliata");
    await page.waitForSelector('[role="alert"]:has-text("E-mail o password non corretti")');
    await page.getByLabel("Password").fill(TEST_PASSWORD);
    await page.getByRole("button", { name: "Accedi" }).click();
    await page.waitForURL(/\/account$/);
    await page.waitForSelector('h1:has-text("Il mio account")');
    expect(await page.textContent("main")).toContain(adminEmail);
    await page.getByRole("button", { name: "Esci" }).click();
    await page.waitForURL(`${suite.server.url}/`);
    await page.waitForSelector('header a:has-text("Accedi")');
    expect(errors).toEqual([]);
    await page.close();
  });

  it("an admin invites an RTD, the invitation e-mail arrives, the person sets a password from the link and is in", async () => {
    const admin = await suite.browser.newContext();
    const page = await admin.newPage();
    const errors = collectPageErrors(page);
    await loginAs(page, adminEmail);
    await page.goto(`${suite.server.url}/amministrazione/utenti`);
    await page.getByRole("link", { name: "Invita un utente" }).click();
    await page.waitForURL(/\/utenti\/nuovo$/);
    await page.getByLabel("Indirizzo e-mail").fill("rtd.bergamo@comune.example.it");
    await page.getByLabel("Nome e cognome (facoltativo)").fill("Rita Rossi");
    await page.getByLabel("Ruolo").selectOption("rtd");
    await page.getByLabel("Comuni (solo per gli RTD)").fill("Bergamo, 016035");
    await page.getByRole("button", { name: "Invia l'invito" }).click();
    await page.waitForURL(/\/amministrazione\/utenti\/\d+\?esito=invitato$/);
    await page.waitForSelector('[role="status"]:has-text("Invito inviato.")');
    expect(await page.textContent("main")).toContain("Bergamo (016024)");
    expect(errors).toEqual([]);

    const link = await invitationLink("rtd.bergamo@comune.example.it");
    expect(link.startsWith(suite.server.url)).toBe(true);
    const invitee = await suite.browser.newContext();
    const rita = await invitee.newPage();
    const ritaErrors = collectPageErrors(rita);
    await rita.goto(link);
    expect(await rita.textContent("main")).toContain("rtd.bergamo@comune.example.it");
    expect(await axeViolations(rita)).toEqual([]);
    await rita.getByLabel("Password", { exact: true }).fill("la mia frase per il cruscotto");
    await rita.getByLabel("Ripeti la password").fill("la mia frase per il cruscotto");
    await rita.getByRole("button", { name: "Attiva l'account" }).click();
    await rita.waitForURL(/\/account\?esito=benvenuto$/);
    await rita.waitForSelector('[role="status"]:has-text("Account attivato")');
    expect(await rita.textContent("main")).toContain("Bergamo");
    // The link works once.
    await rita.goto(link);
    expect(await rita.textContent("main")).toContain("non è valido");
    expect(ritaErrors).toEqual([]);
    await invitee.close();
    await admin.close();
  });

  it("an admin changes a user's role and the change is in the security log", async () => {
    const target = await makeUser(suite.db, { role: "rtd", comuni: ["016024"], email: "da-promuovere@example.org" });
    const context = await suite.browser.newContext();
    const page = await context.newPage();
    await loginAs(page, adminEmail);
    await page.goto(`${suite.server.url}/amministrazione/utenti?q=da-promuovere`);
    await page.getByRole("link", { name: "da-promuovere@example.org" }).click();
    await page.waitForURL(new RegExp(`/amministrazione/utenti/${target.id}$`));
    await page.waitForSelector(`h1:has-text("${target.email}")`);
    await page.getByLabel("Ruolo", { exact: true }).selectOption("redazione");
    await page.getByLabel("Comuni (solo per gli RTD)").fill("");
    await page.getByRole("button", { name: "Salva ruolo e comuni" }).click();
    await page.waitForSelector('[role="status"]:has-text("Ruolo e comuni aggiornati.")');
    expect(findUserByEmail(suite.db, target.email)!.role).toBe("redazione");
    await page.goto(`${suite.server.url}/amministrazione/registro?azione=ruolo-modificato`);
    expect(await page.textContent("tbody")).toContain(`utente:${target.id} ruolo:rtd→redazione`);
    await context.close();
  });

  it("a user with TOTP types the code after the password", async () => {
    const user = await makeUser(suite.db, { role: "redazione", email: "totp-e2e@example.org" });
    const secret = generateTotpSecret();
    writeTransaction(suite.db, (tx) => setTotp(tx, user.id, { secret, step: 0 }));
    const context = await suite.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${suite.server.url}/accedi`);
    await submitLogin(page, user.email, TEST_PASSWORD);
    await page.waitForURL(/\/accedi\/verifica$/);
    await page.waitForSelector('h1:has-text("Verifica in due passaggi")');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel("Codice di verifica").fill(totpCode(secret, new Date()));
    await page.getByRole("button", { name: "Verifica e accedi" }).click();
    await page.waitForURL(`${suite.server.url}/`);
    await page.waitForSelector('header a:has-text("Il mio account")');
    await context.close();
  });

  const PUBLIC_PAGES = ["/accedi", "/password-dimenticata", "/reimposta-password/non-valido", "/invito/non-valido", "/conferma-email/non-valido"];
  it.each(PUBLIC_PAGES)("axe-core WCAG 2.1 AA, logged out, on %s: 0 violations", async (path) => {
    const page = await suite.browser.newPage();
    await page.goto(suite.server.url + path);
    const violations = await axeViolations(page);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
    await page.close();
  });

  it("axe-core on the forgot-password answer and on a form with errors: 0 violations", async () => {
    const page = await suite.browser.newPage();
    await page.goto(`${suite.server.url}/password-dimenticata`);
    await page.getByLabel("Indirizzo e-mail").fill("qualcuno@example.org");
    await page.getByRole("button", { name: "Invia il collegamento" }).click();
    await page.waitForSelector('[role="status"]:has-text("Se l\'indirizzo corrisponde")');
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  const LOGGED_IN_PAGES = [
    "/",
    "/comuni",
    "/account",
    "/account/password",
    "/account/email",
    "/account/verifica-due-passaggi",
    "/account/dati",
    "/amministrazione",
    "/amministrazione/utenti",
    "/amministrazione/utenti/nuovo",
    "/amministrazione/utenti/1",
    "/amministrazione/registro",
    "/amministrazione/posta",
  ];
  it("axe-core WCAG 2.1 AA, logged in as admin, on every account and admin page: 0 violations", async () => {
    const context = await suite.browser.newContext();
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await loginAs(page, adminEmail);
    for (const path of LOGGED_IN_PAGES) {
      await page.goto(suite.server.url + path);
      const violations = await axeViolations(page);
      expect(violations, `${path}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
    }
    expect(errors).toEqual([]);
    // A form answered with field errors (HTTP 400, which the browser reports) is accessible too.
    await page.goto(`${suite.server.url}/account/password`);
    await page.getByLabel("Password attuale").fill("sbagliata");
    await page.getByLabel("Nuova password", { exact: true }).fill("nuova password lunga");
    await page.getByLabel("Ripeti la nuova password").fill("diversa");
    await page.getByRole("button", { name: "Cambia la password" }).click();
    await page.waitForSelector('[role="alert"]');
    expect(await page.textContent("main")).toContain("Le due password non coincidono.");
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  it("the account pages work at phone width without horizontal scrolling", async () => {
    const context = await suite.browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true });
    const page = await context.newPage();
    await loginAs(page, adminEmail);
    for (const path of ["/account", "/amministrazione/utenti", "/amministrazione/registro", "/account/verifica-due-passaggi"]) {
      await page.goto(suite.server.url + path);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
    await context.close();
  });
});
