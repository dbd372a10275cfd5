import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, chromiumSkipReason, collectPageErrors, hasChromium, launchBrowser } from "../setup/browser";
import { startServer, type RunningServer } from "../setup/server";

describe.skipIf(!hasChromium)(`browser: find a comune${chromiumSkipReason}`, () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("searches Bergamo on /comuni and opens its page", async () => {
    const page = await browser.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${server.url}/comuni`);
    expect(await page.getAttribute("html", "lang")).toBe("it");
    expect(await page.textContent("header")).toContain("Cruscotto digitale — ANCI Lombardia");
    expect(await page.getAttribute('footer a[href="/dichiarazione-accessibilita"]', "href")).toBe("/dichiarazione-accessibilita");

    await page.getByLabel("Nome del comune").fill("Bergamo");
    await page.getByRole("button", { name: "Cerca" }).click();
    await page.waitForURL(/q=Bergamo/);
    // Wait for the results of the search (client-side navigation renders after the URL changes).
    await page.waitForSelector('[role="status"]:has-text("1 comune trovato")');
    const first = page.locator("tbody tr").first();
    expect(await first.locator("th").textContent()).toBe("Bergamo");
    expect(await first.locator("td").nth(1).textContent()).toBe("115.349");

    await first.getByRole("link", { name: "Bergamo" }).click();
    await page.waitForURL(/\/comuni\/016024$/);
    // The URL changes before the new page renders: wait for its heading.
    await page.getByRole("heading", { level: 1, name: "Bergamo" }).waitFor();
    expect(await page.textContent("h1")).toBe("Bergamo");
    expect(await page.textContent("main")).toContain("Grande (oltre 15.000 abitanti)");
    expect(errors).toEqual([]);
    await page.close();
  });

  it.each(["/", "/comuni", "/comuni?q=Bergamo", "/comuni/016024", "/dichiarazione-accessibilita", "/accedi"])(
    "axe-core WCAG 2.1 AA on %s: 0 violations",
    async (path) => {
      const page = await browser.newPage();
      await page.goto(server.url + path);
      const violations = await axeViolations(page);
      expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
      await page.close();
    },
  );

  it("works at phone width without horizontal scrolling", async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true });
    const page = await context.newPage();
    await page.goto(`${server.url}/comuni?provincia=BG`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});
