import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";
import { openDatabase, setDb, type Db } from "~db/client.server";
import { startServer, type RunningServer } from "./server";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const hasChromium = existsSync(CHROMIUM_PATH);
export const chromiumSkipReason = hasChromium
  ? ""
  : ` — SALTATI: ${CHROMIUM_PATH} non presente (installare il pacchetto Debian "chromium"; .ci/run lo installa)`;

if (!hasChromium) {
  console.warn(`Test nel browser saltati: ${CHROMIUM_PATH} non trovato. Installare il pacchetto Debian "chromium".`);
}

/** Headless Debian Chromium driven by playwright-core, with the flags this machine needs. */
export async function launchBrowser(): Promise<Browser> {
  const { chromium } = await import("playwright-core");
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
      "--no-first-run",
    ],
  });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; html: string }[];
}

/** Runs axe-core with the WCAG 2.1 A/AA tags (SECURITY.md 28) and returns the violations. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol, so the page's CSP stays enforced and untouched.
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, html: n.html })),
    }));
  });
}

/** Collects console errors and CSP violations of a page; tests assert the list is empty. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(msg.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  return errors;
}

/** Fails the test with the page's address and every axe violation found on it. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const violations = await axeViolations(page);
  expect(violations, `${page.url()}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
}

/** Fills and submits the login form the page shows (/accedi); the caller waits for where it leads. */
export async function submitLogin(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel("Indirizzo e-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Accedi" }).click();
}

/**
 * The production server, a browser and a connection to the server's database (installed as the
 * process-wide one, so factories here write where the server reads) for a describe block.
 */
export function browserSuite(): { server: RunningServer; browser: Browser; db: Db } {
  const state = {} as { server: RunningServer; browser: Browser; db: Db };
  beforeAll(async () => {
    [state.server, state.browser] = await Promise.all([startServer(), launchBrowser()]);
    state.db = openDatabase(state.server.databasePath);
    setDb(state.db);
  });
  afterAll(async () => {
    await state.browser?.close();
    state.db?.$client.close();
    await state.server?.stop();
  });
  return state;
}
