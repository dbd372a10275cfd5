import { describe, expect, it } from "vitest";
import { makeUser, serverWithDb, TEST_PASSWORD } from "../setup/accounts";
import type { RunningServer } from "../setup/server";

/** SECURITY.md 4: the 11th failed login for one account or one address within a minute gets 429. */
async function login(server: RunningServer, email: string, password: string, forwardedFor?: string) {
  const res = await fetch(`${server.url}/accedi`, {
    method: "POST",
    body: new URLSearchParams({ email, password }),
    redirect: "manual",
    headers: {
      Origin: server.url,
      "Content-Type": "application/x-www-form-urlencoded",
      ...(forwardedFor ? { "X-Forwarded-For": forwardedFor } : {}),
    },
  });
  return { status: res.status, retryAfter: res.headers.get("retry-after"), body: await res.text(), cookie: res.headers.get("set-cookie") };
}

describe("login rate limits without a trusted proxy (TRUST_PROXY unset)", () => {
  const env = serverWithDb();

  it("a spoofed X-Forwarded-For does not reset the per-address count: the 11th failure gets 429 with Retry-After", async () => {
    const { server, db } = env;
    const user = await makeUser(db, { role: "lettore" });
    for (let i = 1; i <= 10; i++) {
      const attempt = await login(server, `sconosciuto-${i}@example.org`, "sbagliata", `203.0.113.${i}`);
      expect(attempt.status, `tentativo ${i}`).toBe(200);
      expect(attempt.body).toContain("E-mail o password non corretti");
    }
    const eleventh = await login(server, `sconosciuto-11@example.org`, "sbagliata", "198.51.100.77");
    expect(eleventh.status).toBe(429);
    expect(Number(eleventh.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(eleventh.retryAfter)).toBeLessThanOrEqual(60);
    expect(eleventh.body).toContain("Troppi tentativi");
    // Blocked before the password is checked: even the right one does not open a session.
    const right = await login(server, user.email, TEST_PASSWORD, "192.0.2.200");
    expect(right.status).toBe(429);
    expect(right.cookie).toBeNull();
  });
});

describe("login rate limits behind one trusted proxy (TRUST_PROXY=1)", () => {
  const env = serverWithDb({ env: { TRUST_PROXY: "1" } });

  it("per account: the 11th failure for one account within a minute gets 429 from any address; other accounts are unaffected", async () => {
    const { server, db } = env;
    const target = await makeUser(db, { role: "redazione" });
    const other = await makeUser(db, { role: "redazione" });
    for (let i = 1; i <= 10; i++) expect((await login(server, target.email, "sbagliata", `198.51.100.${i}`)).status).toBe(200);
    const eleventh = await login(server, target.email, TEST_PASSWORD, "198.51.100.50");
    expect(eleventh.status).toBe(429);
    expect(eleventh.retryAfter).toMatch(/^\d+$/);
    const unaffected = await login(server, other.email, TEST_PASSWORD, "198.51.100.51");
    expect(unaffected.status).toBe(302);
    expect(unaffected.cookie).toMatch(/^__Host-cruscotto_session=/);
  });

  it("per address: the 11th failure from one address gets 429 whatever the account; the proxy's other clients are unaffected", async () => {
    const { server, db } = env;
    const user = await makeUser(db, { role: "lettore" });
    for (let i = 1; i <= 10; i++) expect((await login(server, `nessuno-${i}@example.org`, "sbagliata", "192.0.2.10")).status).toBe(200);
    expect((await login(server, user.email, TEST_PASSWORD, "192.0.2.10")).status).toBe(429);
    expect((await login(server, user.email, TEST_PASSWORD, "192.0.2.11")).status).toBe(302);
  });
});
