import { readFileSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "~db/client.server";
import { hashPassword } from "~/auth/password.server";
import { createUser } from "~/data/users.server";
import { chromiumSkipReason, collectPageErrors, expectNoAxeViolations, hasChromium, launchBrowser, submitLogin } from "../setup/browser";
import { startServer, type RunningServer } from "../setup/server";

/**
 * The dashboards in a real browser (issue 6, point 6) against the production build: find a
 * comune, open its dashboard, expand a reason, track a call, search the catalogue with a typo,
 * filter, export; the same forms without JavaScript; axe-core WCAG 2.1 AA on every page, logged
 * in and out; a phone-width run.
 */
const RTD = { email: "rtd@bergamo.example", password: "una-password-lunga-1" };
const STAFF = { email: "redazione@anci.example", password: "una-password-lunga-2" };
const CALL = "demo:rl-piccoli-comuni-cloud";

describe.skipIf(!hasChromium)(`browser: dashboards, catalogue, call page, overview${chromiumSkipReason}`, { timeout: 120_000 }, () => {
  let server: RunningServer;
  let browser: Browser;

  async function login(who: { email: string; password: string }, options: { javaScriptEnabled?: boolean; viewport?: { width: number; height: number } } = {}) {
    const context = await browser.newContext({ ...options, acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(`${server.url}/accedi?redirectTo=%2Fcomuni%2F016024`);
    await submitLogin(page, who.email, who.password);
    await page.waitForURL(/\/comuni\/016024$/);
    await page.waitForSelector('h1:text-is("Bergamo")');
    return { context, page };
  }

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ env: { MATCH_WORKER: "on" } }), launchBrowser()]);
    const db = openDatabase(server.databasePath);
    createUser(db, { email: RTD.email, role: "rtd", comuni: ["016024"], passwordHash: await hashPassword(RTD.password) });
    createUser(db, { email: STAFF.email, role: "redazione", passwordHash: await hashPassword(STAFF.password) });
    db.$client.close();
    // The server's matching worker matches the demo calls on first start.
    for (let i = 0; i < 120; i++) {
      const body = (await (await fetch(`${server.url}/api/v1/comuni/016024/opportunita`)).json()) as { items: unknown[] };
      if (body.items.length > 0) break;
      await new Promise((r) => setTimeout(r, 500));
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("finds a comune, opens its dashboard, expands a reason and sees the charts", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(server.url);
    await page.getByLabel("Cerca il tuo comune").fill("bergamo");
    await page.getByRole("button", { name: "Cerca" }).click();
    await page.waitForURL(/\/comuni\?q=bergamo/);
    await page.getByRole("link", { name: "Bergamo", exact: true }).click();
    await page.waitForSelector('h1:text-is("Bergamo")');
    expect(await page.textContent(".cd-kpis")).toMatch(/bandi aperti per il comune/);
    const first = page.locator(".cd-opp").first();
    await first.locator("summary", { hasText: "Perché te lo proponiamo" }).click();
    const why = first.locator("details", { has: page.locator("summary", { hasText: "Perché te lo proponiamo" }) });
    expect(await why.getAttribute("open")).not.toBeNull();
    expect(await why.textContent()).toContain("Coerenza con la programmazione del comune");
    const missing = first.locator("details", { has: page.locator("summary", { hasText: "Cosa manca" }) });
    const missingBody = missing.locator(":scope > ul, :scope > p").first();
    expect(await missingBody.isVisible()).toBe(false);
    await first.locator("summary", { hasText: "Cosa manca" }).click();
    expect(await missing.getAttribute("open")).not.toBeNull();
    expect(await missingBody.isVisible()).toBe(true);
    // Either the engine's sentences (associated form, co-financing, low components) or the "nothing" sentence.
    const missingText = (await missingBody.innerText()).trim();
    expect(missingText).toMatch(/^(Niente di rilevante: il comune ha i requisiti|.*(forma associata|cofinanziamento|\(\d+ su \d+ punti\)))/s);
    // The comune's deadlines as iCal and Atom, linked from the dashboard and served.
    for (const [name, path, type] of [
      ["Calendario (iCal)", "/comuni/016024/scadenze.ics", "text/calendar"],
      ["Feed Atom", "/comuni/016024/feed.atom", "application/atom+xml"],
    ] as const) {
      const link = page.getByRole("link", { name, exact: true });
      expect(await link.getAttribute("href")).toBe(path);
      const res = await fetch(new URL((await link.getAttribute("href"))!, server.url));
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toContain(type);
    }
    // The charts are drawn after hydration; their data tables are there without JavaScript.
    await page.waitForSelector('[data-chart="grafico-temi"] svg');
    await page.locator('figure:has(#grafico-temi-titolo) summary:has-text("Tabella dei dati")').click();
    expect(await page.locator("figure:has(#grafico-temi-titolo) table tbody tr").count()).toBeGreaterThan(0);
    await expectNoAxeViolations(page);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("searches the catalogue with a typo, filters, opens a call, and exports the result", async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${server.url}/bandi`);
    await page.getByLabel("Cerca nei bandi").fill("clod");
    await page.getByRole("button", { name: "Cerca", exact: true }).click();
    await page.waitForURL(/\/bandi\?q=clod/);
    await page.waitForSelector('[role="status"]:has-text("per «clod»")');
    const titles = await page.locator(".cd-result h3").allTextContents();
    expect(titles.slice(0, 2).every((t) => /cloud/i.test(t))).toBe(true);
    await expectNoAxeViolations(page);

    // A facet applies at once with JavaScript; the state is in the URL.
    await page.goto(`${server.url}/bandi`);
    const before = await page.textContent('[role="status"]');
    await page.click('label[for="livello-regionale"]');
    await page.waitForURL(/livello=regionale/);
    await page.waitForFunction((b) => document.querySelector('[role="status"]')?.textContent !== b, before);
    const levels = await page.locator(".cd-result").allTextContents();
    expect(levels.length).toBeGreaterThan(0);
    expect(levels.every((t) => t.includes("Regionale"))).toBe(true);
    expect(await page.textContent(".cd-active-filters")).toContain("Regionale");

    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "CSV", exact: true }).click();
    const file = await download;
    const csv = readFileSync((await file.path())!, "utf8");
    expect(csv.startsWith("\uFEFFTitolo;Ente erogatore")).toBe(true);
    // One row per call of the result (every page), as the status line counts them.
    const total = Number(/(\d+) bandi? trovat/.exec((await page.textContent('[role="status"]')) ?? "")?.[1]);
    expect(csv.trim().split("\r\n").length - 1).toBe(total);

    await page.locator(".cd-result h3 a").first().click();
    await page.waitForSelector("#regole");
    await page.getByLabel("Verifica per un comune").fill("Adrara San Martino");
    await page.getByRole("button", { name: "Verifica" }).click();
    await page.waitForSelector(".callout-title:has-text('Adrara San Martino')");
    await expectNoAxeViolations(page);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("an RTD tracks a call from the dashboard, moves it along the pipeline and marks another as not relevant", async () => {
    const { context, page } = await login(RTD);
    const errors = collectPageErrors(page);
    const card = page.locator(".cd-opp").first();
    const title = (await card.locator("h3").textContent())!.trim();
    await card.getByRole("button", { name: /^Segui questo bando/ }).click();
    await page.waitForSelector(`.cd-opp:has-text("${title}") dd:has-text("Interessato")`);
    const pipeline = page.locator("#seguiti ~ .cd-pipeline, section[aria-labelledby='seguiti'] .cd-pipeline");
    const item = pipeline.locator("li li", { hasText: title });
    await item.locator("summary").click();
    await item.getByLabel("Stato").selectOption("in-preparazione");
    await item.getByLabel("Note di lavoro").fill("Delibera di giunta entro fine mese");
    await item.getByRole("button", { name: "Salva" }).click();
    await page.waitForSelector(`section[aria-labelledby='seguiti'] .cd-pipeline > li:nth-child(2) li:has-text("${title}")`);
    expect(await page.textContent("section[aria-labelledby='seguiti']")).toContain("Delibera di giunta entro fine mese");
    await expectNoAxeViolations(page);

    const other = page.locator(".cd-opp").nth(1);
    const otherTitle = (await other.locator("h3").textContent())!.trim();
    await other.locator("summary", { hasText: "Non pertinente" }).click();
    await other.getByLabel("Motivo").selectOption("gia-realizzato");
    // The URL does not change (the action redirects back here): wait for the POST itself.
    const dismissed = page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/comuni/016024/segnalazioni"));
    await other.getByRole("button", { name: "Segnala come non pertinente" }).click();
    await dismissed;
    await page.waitForURL(/\/comuni\/016024/);
    await page.goto(`${server.url}/comuni/016024/segnalazioni`);
    expect(await page.textContent("main")).toContain(otherTitle);

    await page.goto(`${server.url}/comuni/016024/candidature`);
    await page.waitForSelector('h1:has-text("Bandi seguiti")');
    expect(await page.textContent("main")).toContain(title);
    await expectNoAxeViolations(page);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("forms work without JavaScript: catalogue filters (GET) and following a call (POST)", async () => {
    const { context, page } = await login(RTD, { javaScriptEnabled: false });
    await page.goto(`${server.url}/bandi`);
    await page.click('label[for="tema-cloud"]');
    await page.getByRole("button", { name: "Applica i filtri" }).click();
    await page.waitForURL(/tema=cloud/);
    const results = await page.locator(".cd-result").allTextContents();
    expect(results.length).toBeGreaterThan(0);
    expect(results.every((t) => t.includes("Migrazione al cloud"))).toBe(true);
    await page.goto(`${server.url}/bandi/${CALL}?comune=016024`);
    expect(await page.textContent("#partecipare ~ *, section[aria-labelledby='partecipare']")).toContain("No, non può partecipare");
    await page.goto(`${server.url}/comuni/016024`);
    const card = page.locator(".cd-opp").nth(2);
    const title = (await card.locator("h3").textContent())!.trim();
    await card.getByRole("button", { name: /^Segui questo bando/ }).click();
    await page.waitForURL(/\/comuni\/016024/);
    expect(await page.locator(`.cd-opp:has-text("${title}") dd`, { hasText: "Interessato" }).count()).toBe(1);
    await context.close();
  });

  it("forms work without JavaScript: tracking update and stop, 'Non pertinente' from a card, 'Verifica', the matched comuni's filters", async () => {
    const { context, page } = await login(RTD, { javaScriptEnabled: false });
    const seguiti = page.locator("section[aria-labelledby='seguiti']");

    // Follow a call not followed yet, then update it from the pipeline's editor (a <details> form).
    const card = page.locator(".cd-opp", { has: page.getByRole("button", { name: /^Segui questo bando/ }) }).first();
    const title = (await card.locator("h3").textContent())!.trim();
    await card.getByRole("button", { name: /^Segui questo bando/ }).click();
    await page.waitForURL(/\/comuni\/016024/);
    const item = seguiti.locator(".cd-pipeline li li", { hasText: title });
    await item.locator("summary").first().click();
    await item.getByLabel("Stato").selectOption("candidatura-inviata");
    await item.getByLabel("Note di lavoro").fill("Inviata via PEC senza JavaScript");
    await item.getByRole("button", { name: "Salva" }).click();
    await page.waitForURL(/\/comuni\/016024/);
    const sent = seguiti.locator(".cd-pipeline > li:nth-child(3) li", { hasText: title });
    expect(await sent.count()).toBe(1);
    expect(await seguiti.textContent()).toContain("Inviata via PEC senza JavaScript");

    // Stop following it.
    const again = seguiti.locator(".cd-pipeline li li", { hasText: title });
    await again.locator("summary").first().click();
    await again.getByRole("button", { name: /^Smetti di seguire/ }).click();
    await page.waitForURL(/\/comuni\/016024/);
    expect(await seguiti.locator(".cd-pipeline li li", { hasText: title }).count()).toBe(0);
    await page.goto(`${server.url}/comuni/016024/candidature`);
    expect(await page.textContent("main")).not.toContain("Inviata via PEC senza JavaScript");

    // "Non pertinente" from a card: the reason is required, the call is listed among the reports.
    await page.goto(`${server.url}/comuni/016024`);
    const other = page.locator(".cd-opp", { has: page.getByRole("button", { name: /^Segui questo bando/ }) }).nth(1);
    const otherTitle = (await other.locator("h3").textContent())!.trim();
    await other.locator("summary", { hasText: "Non pertinente" }).click();
    await other.getByLabel("Motivo").selectOption("tempi-insufficienti");
    await other.getByRole("button", { name: "Segnala come non pertinente" }).click();
    await page.waitForURL(/\/comuni\/016024/);
    await page.goto(`${server.url}/comuni/016024/segnalazioni`);
    expect(await page.textContent("main")).toContain(otherTitle);
    await context.close();

    // "Il mio comune può partecipare?": the GET form, submitted without JavaScript.
    const anonymous = await browser.newContext({ javaScriptEnabled: false });
    const call = await anonymous.newPage();
    await call.goto(`${server.url}/bandi/${CALL}`);
    await call.getByLabel("Verifica per un comune").fill("Bergamo");
    await call.getByRole("button", { name: "Verifica", exact: true }).click();
    await call.waitForURL(/comune=Bergamo/);
    expect(await call.locator(".callout-title", { hasText: "Bergamo" }).count()).toBe(1);
    expect(await call.textContent("section[aria-labelledby='partecipare']")).toContain("No, non può partecipare");
    await call.getByLabel("Verifica per un comune").fill("Adrara San Martino");
    await call.getByRole("button", { name: "Verifica", exact: true }).click();
    await call.waitForURL(/comune=Adrara/);
    expect(await call.locator(".callout-title", { hasText: "Adrara San Martino" }).count()).toBe(1);
    expect(await call.textContent("section[aria-labelledby='partecipare']")).not.toContain("No, non può partecipare");
    await anonymous.close();

    // The redazione's list of matched comuni: filters and order through the GET form.
    const staff = await login(STAFF, { javaScriptEnabled: false });
    await staff.page.goto(`${server.url}/bandi/${CALL}/comuni`);
    const all = Number(/([\d.]+) comun/.exec((await staff.page.textContent('[role="status"]')) ?? "")?.[1]?.replace(/\./g, ""));
    await staff.page.getByLabel("Provincia").selectOption("BG");
    await staff.page.getByLabel("Fascia").selectOption("piccolo");
    await staff.page.getByLabel("Ordina per").selectOption("popolazione");
    await staff.page.getByRole("button", { name: "Cerca", exact: true }).click();
    await staff.page.waitForURL(/provincia=BG/);
    expect(staff.page.url()).toMatch(/fascia=piccolo/);
    expect(staff.page.url()).toMatch(/ordina=popolazione/);
    const filtered = Number(/([\d.]+) comun/.exec((await staff.page.textContent('[role="status"]')) ?? "")?.[1]?.replace(/\./g, ""));
    expect(filtered).toBeGreaterThan(0);
    expect(filtered).toBeLessThan(all);
    const rows = await staff.page.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("th, td")].map((c) => c.textContent?.trim() ?? "")));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r[1] === "BG" && r[2] === "piccolo")).toBe(true);
    const populations = rows.map((r) => Number(r[3]!.replace(/\./g, "")));
    expect(populations).toEqual([...populations].sort((a, b) => b - a));
    // The form keeps the chosen values.
    expect(await staff.page.getByLabel("Provincia").inputValue()).toBe("BG");
    await staff.context.close();
  });

  it("axe-core WCAG 2.1 AA: 0 violations on every dashboard page, logged out, as RTD and as staff", async () => {
    const anonymous = await (await browser.newContext()).newPage();
    for (const path of ["/", "/bandi", "/bandi?q=clod&stato=aperto&ordina=importo", `/bandi/${CALL}`, `/bandi/${CALL}?comune=Bergamo`, "/comuni/016024", "/comuni/016024?page=2"]) {
      await anonymous.goto(server.url + path);
      await anonymous.waitForLoadState("networkidle");
      await expectNoAxeViolations(anonymous);
    }
    const rtd = await login(RTD);
    for (const path of ["/comuni/016024", "/comuni/016024/candidature", `/bandi/${CALL}`]) {
      await rtd.page.goto(server.url + path);
      await rtd.page.waitForLoadState("networkidle");
      await expectNoAxeViolations(rtd.page);
    }
    const staff = await login(STAFF);
    for (const path of ["/panoramica", `/bandi/${CALL}`, `/bandi/${CALL}/comuni`, "/comuni/016024"]) {
      await staff.page.goto(server.url + path);
      await staff.page.waitForLoadState("networkidle");
      // Every <details> open, so hidden tables and forms are checked too.
      await staff.page.evaluate(() => document.querySelectorAll("details").forEach((d) => d.setAttribute("open", "")));
      await expectNoAxeViolations(staff.page);
    }
    await rtd.context.close();
    await staff.context.close();
  });

  it("phone width (375 px): no horizontal scrolling, charts fit, 0 axe violations", async () => {
    const { context, page } = await login(RTD, { viewport: { width: 375, height: 812 } });
    for (const path of ["/comuni/016024", "/bandi?q=clod", `/bandi/${CALL}`, "/comuni/016024/candidature"]) {
      await page.goto(server.url + path);
      await page.waitForLoadState("networkidle");
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${path} scorre in orizzontale di ${overflow}px`).toBeLessThanOrEqual(0);
      await expectNoAxeViolations(page);
    }
    await page.goto(`${server.url}/comuni/016024`);
    await page.waitForSelector('[data-chart="grafico-scadenze"] svg');
    const width = await page.locator('[data-chart="grafico-scadenze"] svg').first().evaluate((el) => el.getBoundingClientRect().width);
    expect(width).toBeLessThanOrEqual(375);
    await context.close();
  });
});
