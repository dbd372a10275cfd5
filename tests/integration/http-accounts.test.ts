import { describe, expect, it } from "vitest";
import { honeypotFields } from "~/utils/honeypot.server";
import { makeUser, sentTo, serverWithDb, TEST_PASSWORD, waitForEml } from "../setup/accounts";

/** Password reset end to end over HTTP, with a forged Host (SECURITY.md 3, 7, 9). */
describe("password reset through the production server", () => {
  const env = serverWithDb();
  const login = (email: string, cookie?: string) =>
    fetch(`${env.server.url}/accedi`, {
      method: "POST",
      body: new URLSearchParams({ email, password: TEST_PASSWORD }),
      headers: { Origin: env.server.url, "Content-Type": "application/x-www-form-urlencoded", ...(cookie ? { Cookie: cookie } : {}) },
      redirect: "manual",
    });

  it("the e-mailed link is built on APP_URL even when Host and X-Forwarded-Host are forged, and its GET changes nothing", async () => {
    const { server, db } = env;
    const user = await makeUser(db, { role: "rtd", comuni: ["016024"] });
    const hp = honeypotFields(new Date(), db);
    const res = await fetch(`${server.url}/password-dimenticata`, {
      method: "POST",
      body: new URLSearchParams({ email: user.email, [hp.nameField]: "", [hp.timeField]: hp.timeValue }),
      headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-Host": "evil.example", Host: `localhost:${server.port}` },
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Se l&#x27;indirizzo corrisponde a un account attivo");
    const text = (await waitForEml(server, (m) => sentTo(m) === user.email)).text ?? "";
    const link = /(\S+\/reimposta-password\/[\w-]+)/.exec(text)![1]!;
    expect(link.startsWith(`${server.url}/reimposta-password/`)).toBe(true);
    expect(text).not.toContain("evil.example");

    // Opening the link (GET) shows the form; the password is still the old one.
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(page.headers.get("cache-control")).toBe("no-store");
    expect(page.headers.get("referrer-policy")).toBe("no-referrer");
    expect(await page.text()).toContain("Scegli una nuova password");
    const stillOld = await login(user.email);
    expect(stillOld.status).toBe(302);

    // The POST sets the new password; the old session ends, the old password no longer works.
    const oldCookie = stillOld.headers.get("set-cookie")!.split(";")[0]!;
    const reset = await fetch(link, {
      method: "POST",
      body: new URLSearchParams({ password: "nuova frase segreta", confirm: "nuova frase segreta" }),
      headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" },
      redirect: "manual",
    });
    expect(reset.status).toBe(302);
    expect(reset.headers.get("location")).toBe("/accedi?esito=password-impostata");
    const account = await fetch(`${server.url}/account`, { headers: { Cookie: oldCookie }, redirect: "manual" });
    expect(account.status).toBe(302);
    expect(account.headers.get("location")).toMatch(/^\/accedi/);
  });

  it("changing the password ends every session, the one that made the change too, and sets a new session cookie", async () => {
    const { server, db } = env;
    const user = await makeUser(db, { role: "rtd", comuni: ["016024"] });
    const sessionOf = async (res: Response) => {
      expect(res.status).toBe(302);
      return res.headers.get("set-cookie")!.split(";")[0]!;
    };
    const here = await sessionOf(await login(user.email));
    const elsewhere = await sessionOf(await login(user.email));
    const change = await fetch(`${server.url}/account/password`, {
      method: "POST",
      body: new URLSearchParams({ currentPassword: TEST_PASSWORD, newPassword: "nuova frase segreta", confirm: "nuova frase segreta" }),
      headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded", Cookie: here },
      redirect: "manual",
    });
    expect(change.status).toBe(302);
    expect(change.headers.get("location")).toBe("/account?esito=password-modificata");
    const setCookie = change.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/^__Host-cruscotto_session=[^;]+;.*HttpOnly/i);
    const fresh = setCookie.split(";")[0]!;
    expect(fresh).not.toBe(here);
    for (const old of [here, elsewhere]) {
      const res = await fetch(`${server.url}/account`, { headers: { Cookie: old }, redirect: "manual" });
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toMatch(/^\/accedi/);
    }
    const page = await fetch(`${server.url}/account?esito=password-modificata`, { headers: { Cookie: fresh }, redirect: "manual" });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(user.email);
    expect(html).toContain("Tutte le sessioni aperte sono state chiuse");
  });

  it("logging in ends the session the browser already carried and issues a new id (no fixation)", async () => {
    const { server, db } = env;
    const user = await makeUser(db, { role: "lettore" });
    const other = await makeUser(db, { role: "lettore" });
    const first = (await login(other.email)).headers.get("set-cookie")!.split(";")[0]!;
    const second = (await login(user.email, first)).headers.get("set-cookie")!.split(";")[0]!;
    expect(second).not.toBe(first);
    const before = await fetch(`${server.url}/account`, { headers: { Cookie: first }, redirect: "manual" });
    expect(before.status).toBe(302);
    const after = await fetch(`${server.url}/account`, { headers: { Cookie: second } });
    expect(await after.text()).toContain(user.email);
  });
});
