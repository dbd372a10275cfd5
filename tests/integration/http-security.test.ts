import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "~db/client.server";
import { hashPassword } from "~/auth/password.server";
import { createUser } from "~/data/users.server";
import { startServer, type RunningServer } from "../setup/server";

/** Foundation security: headers, CSRF origin check, session cookie, login and logout. */
describe("HTTP security (production build)", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
    const db = openDatabase(server.databasePath);
    createUser(db, { email: "redazione@example.org", role: "redazione", passwordHash: await hashPassword("una password lunga") });
    db.$client.close();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it.each(["/", "/comuni", "/comuni/016024", "/accedi", "/dichiarazione-accessibilita", "/pagina-inesistente"])(
    "%s carries CSP with a fresh nonce and the other security headers",
    async (path) => {
      const first = await fetch(server.url + path);
      const second = await fetch(server.url + path);
      const csp = first.headers.get("content-security-policy") ?? "";
      expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}'/);
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("base-uri 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toBe(second.headers.get("content-security-policy"));
      expect(first.headers.get("x-content-type-options")).toBe("nosniff");
      expect(first.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
      expect(first.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
      expect(first.headers.get("x-powered-by")).toBeNull();
      const html = await first.text();
      const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
      // Every script tag carries the response's nonce.
      const scripts = html.match(/<script\b[^>]*>/g) ?? [];
      expect(scripts.length).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    },
  );

  it("answers unknown pages with 404 and a generic Italian page, no stack trace", async () => {
    const res = await fetch(`${server.url}/pagina-inesistente`);
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain("Pagina non trovata");
    expect(html).not.toMatch(/at \w+ \(|node_modules|Error:/);
  });

  it("refuses cross-origin POSTs with 403 before they reach a handler", async () => {
    const body = new URLSearchParams({ email: "redazione@example.org", password: "una password lunga" });
    const foreign = await fetch(`${server.url}/accedi`, {
      method: "POST",
      body,
      headers: { Origin: "https://attacker.example", "Content-Type": "application/x-www-form-urlencoded" },
      redirect: "manual",
    });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get("set-cookie")).toBeNull();
    const crossSite = await fetch(`${server.url}/accedi`, {
      method: "POST",
      body,
      headers: { "Sec-Fetch-Site": "cross-site", "Content-Type": "application/x-www-form-urlencoded" },
      redirect: "manual",
    });
    expect(crossSite.status).toBe(403);
  });

  it("logs in with a __Host- session cookie (Secure, HttpOnly, SameSite=Lax, Path=/) and logs out", async () => {
    const login = await fetch(`${server.url}/accedi`, {
      method: "POST",
      body: new URLSearchParams({ email: "Redazione@Example.org", password: "una password lunga", redirectTo: "/comuni" }),
      headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" },
      redirect: "manual",
    });
    expect(login.status).toBe(302);
    expect(login.headers.get("location")).toBe("/comuni");
    const setCookie = login.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/^__Host-cruscotto_session=/);
    expect(setCookie).toMatch(/; Secure/);
    expect(setCookie).toMatch(/; HttpOnly/);
    expect(setCookie).toMatch(/; SameSite=Lax/);
    expect(setCookie).toMatch(/; Path=\//);
    expect(setCookie).not.toMatch(/Domain=/i);
    const cookie = setCookie.split(";")[0]!;

    const page = await fetch(`${server.url}/comuni`, { headers: { Cookie: cookie } });
    expect(await page.text()).toContain("redazione@example.org");
    expect(page.headers.get("cache-control")).toBe("no-store");

    const logout = await fetch(`${server.url}/esci`, {
      method: "POST",
      headers: { Cookie: cookie, Origin: server.url },
      redirect: "manual",
    });
    expect(logout.status).toBe(302);
    // The old cookie no longer opens a session: the session row is gone.
    const after = await fetch(`${server.url}/comuni`, { headers: { Cookie: cookie } });
    expect(await after.text()).not.toContain("redazione@example.org");
  });

  it("rejects a wrong password with a generic message and no cookie", async () => {
    const res = await fetch(`${server.url}/accedi`, {
      method: "POST",
      body: new URLSearchParams({ email: "redazione@example.org", password: "sbagliata!" }),
      headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" },
      redirect: "manual",
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("set-cookie")).toBeNull();
    expect(await res.text()).toContain("E-mail o password non corretti");
  });

  it("redirects only to same-site paths after login", async () => {
    const login = await fetch(`${server.url}/accedi`, {
      method: "POST",
      body: new URLSearchParams({ email: "redazione@example.org", password: "una password lunga", redirectTo: "//evil.example/x" }),
      headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" },
      redirect: "manual",
    });
    expect(login.headers.get("location")).toBe("/");
  });
});
