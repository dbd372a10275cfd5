import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { writeTransaction, type Db } from "~db/client.server";
import { outbox, securityLog, sessions, userTokens } from "~db/schema";
import { inviteUser, requestPasswordReset } from "~/auth/accounts.server";
import { resetAllLimits } from "~/auth/rate-limit.server";
import { createSession, IDLE_TIMEOUT_MS } from "~/auth/session.server";
import { logSecurityEvent } from "~/data/security-log.server";
import { consumeToken } from "~/data/tokens.server";
import { deliverDueMail } from "~/jobs/mail.server";
import { runRetention, startRetentionSchedule } from "~/jobs/retention.server";
import type { MailTransport } from "~/mail/transport.server";
import { createTestDb, useTestDb } from "../setup/db";
import { lastLinkTo, makeUser, tokenOf } from "../setup/accounts";

const DAY = 86_400_000;
const okTransport: MailTransport = { name: "prova", send: async () => {}, close() {} };

describe("retention job with a controllable clock (SECURITY.md 26)", () => {
  let db: Db;
  beforeEach(() => {
    db = useTestDb(createTestDb());
    resetAllLimits();
  });
  afterEach(() => db.$client.close());

  it("removes idle and expired sessions, used and expired tokens, old finished mail and year-old log events, and nothing else", async () => {
    const t0 = new Date("2026-01-01T08:00:00Z");
    const user = await makeUser(db, { role: "lettore" });
    await createSession(db, user.id, t0); // idle after 2 h
    const fresh = new Date(t0.getTime() + 400 * DAY - 30 * 60_000);
    await createSession(db, user.id, fresh); // still valid at "now"

    // Tokens: one used, one expired, one pending.
    requestPasswordReset(db, user.email, null, t0);
    writeTransaction(db, (tx) => consumeToken(tx, tokenOf(lastLinkTo(db, user.email, "/reimposta-password")), "reimposta-password", t0));
    inviteUser(db, { email: "scaduto@example.org", role: "lettore", comuni: [], sendEmail: false }, { ref: "cli" }, t0);
    inviteUser(db, { email: "pendente@example.org", role: "lettore", comuni: [], sendEmail: false }, { ref: "cli" }, new Date(t0.getTime() + 399 * DAY));

    // Mail: one sent long ago, one sent recently.
    await deliverDueMail(db, okTransport, { now: () => t0, from: "x@example.org" });
    requestPasswordReset(db, "pendente@example.org", null, new Date(t0.getTime() + 390 * DAY));
    await deliverDueMail(db, okTransport, { now: () => new Date(t0.getTime() + 390 * DAY), from: "x@example.org" });

    // Log: one event 13 months old, one a month old.
    logSecurityEvent(db, { actor: "vecchio", action: "login" }, t0);
    logSecurityEvent(db, { actor: "recente", action: "login" }, new Date(t0.getTime() + 370 * DAY));

    const now = new Date(t0.getTime() + 400 * DAY);
    const report = runRetention(db, now);
    // Tokens: the used reset link, the expired invitation, the later reset link (expired after an hour).
    expect(report).toEqual({ sessions: 1, tokens: 3, outbox: 1, securityLog: expect.any(Number) });
    expect(db.select().from(sessions).all().map((s) => s.createdAt)).toEqual([fresh.toISOString()]);
    expect(db.select().from(userTokens).all()).toHaveLength(1);
    expect(db.select().from(outbox).all().map((m) => m.createdAt)).toEqual([new Date(t0.getTime() + 390 * DAY).toISOString()]);
    const actors = db.select().from(securityLog).all().map((e) => e.actor);
    expect(actors).not.toContain("vecchio");
    expect(actors).toContain("recente");
    // The pass itself is logged, with its counts.
    expect(db.select().from(securityLog).where(eq(securityLog.action, "pulizia-dati")).all()[0]!.target).toBe(
      `sessioni:1 token:3 posta:1 registro:${report.securityLog}`,
    );
    // A second pass at the same time removes nothing more.
    expect(runRetention(db, now)).toEqual({ sessions: 0, tokens: 0, outbox: 0, securityLog: 0 });
  });

  it("keeps a session that is active within the idle timeout", async () => {
    const t0 = new Date("2026-01-01T08:00:00Z");
    const user = await makeUser(db, { role: "lettore" });
    await createSession(db, user.id, t0);
    expect(runRetention(db, new Date(t0.getTime() + IDLE_TIMEOUT_MS - 1000)).sessions).toBe(0);
    expect(runRetention(db, new Date(t0.getTime() + IDLE_TIMEOUT_MS + 1000)).sessions).toBe(1);
  });

  it("the schedule runs at start and then once a day", () => {
    vi.useFakeTimers();
    try {
      const runs: unknown[] = [];
      const schedule = startRetentionSchedule(db, { onRun: (r) => runs.push(r), clock: () => new Date("2027-01-01T00:00:00Z") });
      expect(runs).toHaveLength(1);
      vi.advanceTimersByTime(DAY - 1);
      expect(runs).toHaveLength(1);
      vi.advanceTimersByTime(1);
      expect(runs).toHaveLength(2);
      vi.advanceTimersByTime(3 * DAY);
      expect(runs).toHaveLength(5);
      schedule.stop();
    } finally {
      vi.useRealTimers();
    }
  });
});
