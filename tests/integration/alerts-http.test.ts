import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { alertCursors, alertRuns, alertSubscriptions, notifications, outbox } from "~db/schema";
import { unsubscribeToken } from "~/alerts/tokens.server";
import { addNotification } from "~/data/alerts.server";
import { honeypotFields } from "~/utils/honeypot.server";
import { makeUser, sentTo, serverWithDb, sessionCookieFor, waitForEml } from "../setup/accounts";
import { subscribe } from "../setup/alerts";

const BERGAMO = "016024";
let address = 0;
/** Each case comes from its own address (TRUST_PROXY=1), so the per-address limits do not mix cases. */
const nextAddress = () => `10.7.${(++address >> 8) & 255}.${address & 255}`;

describe("alerts over HTTP (production build)", () => {
  const env = serverWithDb({ env: { TRUST_PROXY: "1" } });

  function post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
    return fetch(`${env.server.url}${path}`, {
      method: "POST",
      body: new URLSearchParams(fields),
      redirect: "manual",
      headers: { Origin: env.server.url, "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": nextAddress(), ...headers },
    });
  }

  function guestForm(email: string, extra: Record<string, string> = {}) {
    const hp = honeypotFields(new Date(), env.db);
    return { email, comune: "Bergamo", frequenza: "settimanale", punteggioMinimo: "60", promemoria: "30, 14, 3", temi: "cloud", [hp.nameField]: "", [hp.timeField]: hp.timeValue, ...extra };
  }

  const guestRow = (email: string) => env.db.select().from(alertSubscriptions).where(eq(alertSubscriptions.email, email)).get();

  it("a comune's office subscribes without an account: double opt-in, the GET of the link changes nothing", async () => {
    const email = "protocollo@comune.bergamo.example.it";
    const form = await fetch(`${env.server.url}/avvisi/iscrizione?comune=016024`);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('value="016024"');

    const res = await post("/avvisi/iscrizione", guestForm(email));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Richiesta ricevuta");
    expect(guestRow(email)).toMatchObject({ status: "da-confermare", istat: BERGAMO, userId: null });

    const mail = await waitForEml(env.server, (m) => sentTo(m) === email);
    expect(mail.subject).toBe("Conferma l'iscrizione agli avvisi per Bergamo");
    const link = /(\S+\/avvisi\/conferma\/[\w-]+)/.exec(mail.text ?? "")![1]!;
    expect(link.startsWith(`${env.server.url}/avvisi/conferma/`)).toBe(true);

    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(page.headers.get("referrer-policy")).toBe("no-referrer");
    expect(await page.text()).toContain("Conferma l&#x27;iscrizione");
    expect(guestRow(email)!.status).toBe("da-confermare");

    const confirm = await post(new URL(link).pathname, {});
    expect(await confirm.text()).toContain("Iscrizione confermata");
    expect(guestRow(email)).toMatchObject({ status: "attiva", frequency: "settimanale", minScore: 60, themes: ["cloud"], reminderDays: [30, 14, 3], changeAlerts: false });
    // The link works once.
    expect(await (await post(new URL(link).pathname, {})).text()).toContain("Collegamento non valido");
  });

  it("the honeypot refuses bots; a bad field is reported and nothing is written", async () => {
    const bot = await post("/avvisi/iscrizione", guestForm("bot@example.org", { sito_web: "http://spam.example" }));
    expect(bot.status).toBe(400);
    expect(guestRow("bot@example.org")).toBeUndefined();
    const bad = await post("/avvisi/iscrizione", guestForm("non-un-indirizzo", { comune: "Atlantide", promemoria: "tre" }));
    expect(bad.status).toBe(400);
    const text = await bad.text();
    expect(text).toContain("Indirizzo e-mail non valido.");
    expect(text).toContain("Indica un comune lombardo");
    expect(text).toContain("«tre» non è un numero di giorni.");
  });

  it("rate limit: after 5 requests for one address in 15 minutes no more e-mails, with the same answer", async () => {
    const email = "limite@comune.example.it";
    const count = () => env.db.select().from(outbox).where(eq(outbox.recipient, email)).all().length;
    for (let i = 0; i < 7; i++) {
      const res = await post("/avvisi/iscrizione", guestForm(email));
      expect(res.status).toBe(200);
      expect(await res.text()).toContain("Richiesta ricevuta");
    }
    expect(count()).toBe(5);
  });

  it("rate limit per address: after 5 requests from one address in 15 minutes, whatever the e-mails, nothing more is written or sent; same Italian answer", async () => {
    const address = "10.9.0.1";
    const emails = Array.from({ length: 7 }, (_, i) => `ufficio-${i}@comune.limite.example.it`);
    const queued = (email: string) => env.db.select().from(outbox).where(eq(outbox.recipient, email)).all().length;
    for (const email of emails) {
      const res = await post("/avvisi/iscrizione", guestForm(email), { "X-Forwarded-For": address });
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).toContain("Richiesta ricevuta.");
      expect(text).toContain("gli avvisi partono solo dopo la conferma");
    }
    expect(emails.map((e) => [guestRow(e) !== undefined, queued(e)])).toEqual([...Array(5).fill([true, 1]), [false, 0], [false, 0]]);
    // The limit is the address's: the same e-mail from another address goes through.
    await post("/avvisi/iscrizione", guestForm(emails[5]!));
    expect(guestRow(emails[5]!)).toMatchObject({ status: "da-confermare" });
  });

  it("RFC 8058 one-click unsubscribe: a POST without cookies or Origin turns the subscription off; the GET only asks", async () => {
    const user = await makeUser(env.db, { role: "rtd", comuni: [BERGAMO] });
    const subscription = subscribe(env.db, user.id, BERGAMO);
    const path = `/avvisi/disiscrizione/${unsubscribeToken([subscription], env.db)}`;
    const status = () => env.db.select().from(alertSubscriptions).where(eq(alertSubscriptions.id, subscription.id)).get()!.status;

    const page = await fetch(`${env.server.url}${path}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Disattiva gli avvisi");
    expect(status()).toBe("attiva");

    // What a mail provider sends (RFC 8058 §3.2): multipart/form-data, no cookies, no Origin.
    const body = new FormData();
    body.set("List-Unsubscribe", "One-Click");
    const oneClick = await fetch(`${env.server.url}${path}`, { method: "POST", body, redirect: "manual" });
    expect(oneClick.status).toBe(200);
    expect(status()).toBe("disattivata");
    // Again: still fine, nothing else changes.
    const again = await fetch(`${env.server.url}${path}`, { method: "POST", body: "List-Unsubscribe=One-Click", headers: { "Content-Type": "application/x-www-form-urlencoded" } });
    expect(again.status).toBe(200);

    const forged = await fetch(`${env.server.url}/avvisi/disiscrizione/${subscription.id}.${"A".repeat(43)}`, { method: "POST", body });
    expect(forged.status).toBe(404);
    const crossSite = await fetch(`${env.server.url}${path}`, { method: "POST", body, headers: { Origin: "https://attacker.example" } });
    expect(crossSite.status).toBe(403);
  });

  it("a user manages their own subscriptions; change alerts only for comuni whose tracking they can see", async () => {
    const user = await makeUser(env.db, { role: "rtd", comuni: ["015146"] });
    const cookie = await sessionCookieFor(env.db, user.id);
    const res = await post("/account/avvisi?index", { intent: "crea", comune: "Bergamo", frequenza: "immediata", punteggioMinimo: "40", promemoria: "7", modifiche: "si" }, { Cookie: cookie });
    expect(res.status).toBe(200);
    const row = env.db.select().from(alertSubscriptions).where(eq(alertSubscriptions.userId, user.id)).get()!;
    expect(row).toMatchObject({ istat: BERGAMO, status: "attiva", frequency: "immediata", minScore: 40, reminderDays: [7], changeAlerts: false });
    const milano = await post("/account/avvisi?index", { intent: "crea", comune: "015146", frequenza: "immediata", punteggioMinimo: "40", promemoria: "", modifiche: "si" }, { Cookie: cookie });
    expect(milano.status).toBe(200);
    expect(env.db.select().from(alertSubscriptions).where(eq(alertSubscriptions.istat, "015146")).all().find((s) => s.userId === user.id)?.changeAlerts).toBe(true);

    // Someone else's subscription cannot be touched: 404, nothing changes.
    const other = await makeUser(env.db, { role: "lettore" });
    const otherCookie = await sessionCookieFor(env.db, other.id);
    expect((await post("/account/avvisi?index", { intent: "elimina", id: String(row.id) }, { Cookie: otherCookie })).status).toBe(404);
    expect((await fetch(`${env.server.url}/account/avvisi/${row.id}`, { headers: { Cookie: otherCookie } })).status).toBe(404);
    expect(env.db.select().from(alertSubscriptions).where(eq(alertSubscriptions.id, row.id)).get()).toBeDefined();
  });

  it("the notification centre: the unread count in the header, read one, read all; only one's own", async () => {
    const user = await makeUser(env.db, { role: "rtd", comuni: [BERGAMO] });
    const other = await makeUser(env.db, { role: "rtd", comuni: [BERGAMO] });
    const cookie = await sessionCookieFor(env.db, user.id);
    const note = (userId: number, key: string) =>
      addNotification(env.db, { userId, kind: "nuovo-bando", key, title: `Nuovo bando per Bergamo: ${key}`, body: "Perché sì", link: "/comuni/016024" }, new Date());
    note(user.id, "a");
    note(user.id, "b");
    note(other.id, "c");
    const home = await (await fetch(`${env.server.url}/`, { headers: { Cookie: cookie } })).text();
    expect(home).toContain("Notifiche");
    expect(home).toContain(": 2 da leggere");

    const [mine] = env.db.select().from(notifications).where(eq(notifications.userId, user.id)).all();
    const [theirs] = env.db.select().from(notifications).where(eq(notifications.userId, other.id)).all();
    await post("/notifiche", { intent: "letta", id: String(theirs!.id) }, { Cookie: cookie });
    expect(env.db.select().from(notifications).where(eq(notifications.id, theirs!.id)).get()!.readAt).toBeNull();
    await post("/notifiche", { intent: "letta", id: String(mine!.id) }, { Cookie: cookie });
    expect(await (await fetch(`${env.server.url}/notifiche`, { headers: { Cookie: cookie } })).text()).toContain("1 notifica da leggere");
    await post("/notifiche", { intent: "tutte" }, { Cookie: cookie });
    const after = await (await fetch(`${env.server.url}/`, { headers: { Cookie: cookie } })).text();
    expect(after).not.toContain("da leggere");
    expect(env.db.select().from(notifications).where(eq(notifications.id, theirs!.id)).get()!.readAt).toBeNull();
  });
});

describe("the server process runs the alerts job (scripts/serve.ts)", () => {
  const env = serverWithDb({ env: { ALERTS_JOB: "on" } });

  it("a pass at start, recorded as a run, the cursor placed after the history", () => {
    const runs = env.db.select().from(alertRuns).all();
    expect(runs.length).toBeGreaterThanOrEqual(1);
    expect(runs[0]!.status).toBe("completato");
    expect(env.db.select().from(alertCursors).all().map((c) => c.name)).toContain("call_versions");
  });
});
