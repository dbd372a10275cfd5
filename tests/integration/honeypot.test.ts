import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "~db/client.server";
import { outbox } from "~db/schema";
import { resetAllLimits } from "~/auth/rate-limit.server";
import { action, GENERIC_ANSWER } from "~/routes/password-dimenticata";
import { HONEYPOT_FIELD, HONEYPOT_TIME_FIELD, honeypotFields, honeypotProblem } from "~/utils/honeypot.server";
import { createTestDb, useTestDb } from "../setup/db";
import { makeUser } from "../setup/accounts";

function form(values: Record<string, string>): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(values)) data.set(k, v);
  return data;
}

describe("honeypot for public forms (SECURITY.md 5)", () => {
  let db: Db;
  beforeEach(() => {
    db = useTestDb(createTestDb());
    resetAllLimits();
  });
  afterEach(() => db.$client.close());

  it("accepts a form served by us with the bait field empty, and refuses everything else", () => {
    const served = new Date("2026-11-23T10:00:00Z");
    const fields = honeypotFields(served, db);
    const good = form({ [HONEYPOT_FIELD]: "", [HONEYPOT_TIME_FIELD]: fields.timeValue });
    const later = new Date(served.getTime() + 5000);
    expect(honeypotProblem(good, { now: later, db })).toBeNull();
    expect(honeypotProblem(form({ [HONEYPOT_FIELD]: "http://spam.example", [HONEYPOT_TIME_FIELD]: fields.timeValue }), { now: later, db })).toBe("campo esca compilato");
    expect(honeypotProblem(form({ [HONEYPOT_FIELD]: "" }), { now: later, db })).toBe("marca temporale assente");
    const [t] = fields.timeValue.split(".");
    expect(honeypotProblem(form({ [HONEYPOT_TIME_FIELD]: `${t}.firmafalsa` }), { now: later, db })).toBe("firma non valida");
    expect(honeypotProblem(form({ [HONEYPOT_TIME_FIELD]: `${Number(t) - 1}.${fields.timeValue.split(".")[1]}` }), { now: later, db })).toBe("firma non valida");
    expect(honeypotProblem(good, { now: later, db, minDelayMs: 10_000 })).toBe("modulo inviato troppo presto");
    expect(honeypotProblem(good, { now: new Date(served.getTime() + 2 * 86_400_000), db })).toBe("modulo scaduto");
  });

  it("the forgot-password form refuses a filled honeypot with 400 and sends nothing; a real request gets the generic answer", async () => {
    const user = await makeUser(db, { role: "lettore" });
    const fields = honeypotFields(new Date(), db);
    // The request arrives under a forged host: links in e-mails still come from APP_URL (SECURITY.md 9).
    const post = (values: Record<string, string>) =>
      action({ request: new Request("http://evil.example/password-dimenticata", { method: "POST", body: form(values) }), params: {}, context: { cspNonce: "", clientIp: "198.51.100.1" } });

    const bot = await post({ email: user.email, [HONEYPOT_FIELD]: "x", [HONEYPOT_TIME_FIELD]: fields.timeValue }).catch((e: unknown) => e);
    expect(bot).toBeInstanceOf(Response);
    expect((bot as Response).status).toBe(400);
    expect(db.select().from(outbox).all()).toEqual([]);

    const known = await post({ email: user.email, [HONEYPOT_FIELD]: "", [HONEYPOT_TIME_FIELD]: fields.timeValue });
    const unknown = await post({ email: "nessuno@example.org", [HONEYPOT_FIELD]: "", [HONEYPOT_TIME_FIELD]: fields.timeValue });
    expect(known).toEqual({ ok: GENERIC_ANSWER, error: undefined });
    expect(unknown).toEqual(known);
    const mails = db.select().from(outbox).all();
    expect(mails.map((m) => m.recipient)).toEqual([user.email]);
    expect(mails[0]!.text).toMatch(/http:\/\/localhost:3000\/reimposta-password\/[\w-]{43}/);
    expect(mails[0]!.text).not.toContain("evil.example");
  });
});
