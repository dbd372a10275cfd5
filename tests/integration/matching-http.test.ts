import { describe, expect, it } from "vitest";
import type { ApiOpportunity } from "~/domain/matching";
import { makeUser, serverWithDb, sessionCookieFor } from "../setup/accounts";

interface Answer {
  items: ApiOpportunity[];
}

/** Polls until `check` holds (a background job, not a timing assertion). */
async function eventually<T>(probe: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let value = await probe();
  while (!check(value) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 200));
    value = await probe();
  }
  return value;
}

/** The production server with its matching worker on (scripts/serve.ts), end to end over HTTP. */
describe("matching worker in the production server", () => {
  const state = serverWithDb({ env: { MATCH_WORKER: "on" } });
  const opportunities = async () => (await (await fetch(`${state.server.url}/api/v1/comuni/016024/opportunita`)).json()) as Answer;

  it("matches the demo data on first start, and re-matches a comune after an RTD's dismissal", async () => {
    const first = await eventually(opportunities, (a) => a.items.length > 0);
    expect(first.items.length).toBeGreaterThan(10);
    expect(state.server.output()).toMatch(/abbinamento completo \(primo abbinamento\)/);
    const target = first.items.find((i) => i.bando.id === "demo:pnrr-145-comuni-2026")!;
    expect(target.componenti.segnalazioni.punti).toBe(target.componenti.segnalazioni.max);

    const rtd = await makeUser(state.db, { role: "rtd", comuni: ["016024"], email: "rtd-bergamo@example.org" });
    const res = await fetch(`${state.server.url}/comuni/016024/segnalazioni`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: state.server.url, Cookie: await sessionCookieFor(state.db, rtd.id) },
      body: new URLSearchParams({ intent: "segnala", bando: "demo:pnrr-145-comuni-2026", motivo: "tema-non-pertinente", redirectTo: "/comuni/016024" }),
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/comuni/016024");
    const after = await eventually(opportunities, (a) => a.items.find((i) => i.bando.id === "demo:pnrr-145-comuni-2026")?.componenti.segnalazioni.punti === 0);
    const dismissed = after.items.find((i) => i.bando.id === "demo:pnrr-145-comuni-2026")!;
    expect(dismissed.componenti.segnalazioni.punti).toBe(0);
    expect(dismissed.punteggio).toBeLessThan(target.punteggio);
    expect(dismissed.motivazioni).toContain("Segnalato dal comune come non pertinente (tema non di interesse per il comune).");
    expect(state.server.output()).toMatch(/abbinamento incrementale \(lavoratore\): 0 bandi, 1 comuni/);
  });
});
