import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { simpleParser } from "mailparser";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { writeTransaction, type Db } from "~db/client.server";
import { mailSuppressions, outbox, users } from "~db/schema";
import { getOutboxMessage, isSuppressed } from "~/data/outbox.server";
import { insertUser } from "~/data/users.server";
import { deliverDueMail, LOCK_MS, MAX_ATTEMPTS, retryDelayMs } from "~/jobs/mail.server";
import { queueMail } from "~/mail/queue.server";
import { renderMail } from "~/mail/render.server";
import { invitationMail } from "~/mail/templates.server";
import { fileTransport, smtpTransport, type MailTransport } from "~/mail/transport.server";
import { createTestDb, tempDir } from "../setup/db";
import { startSmtp, type TestSmtp } from "../setup/smtp";

const sample = (subject = "Prova") =>
  renderMail({ subject, greeting: "Gentile utente,", paragraphs: ["Un paragrafo con <b>markup</b> & accenti: è"] });

function queue(db: Db, to: string, options: { sensitive?: boolean; now?: Date } = {}) {
  const row = writeTransaction(db, (tx) => queueMail(tx, sample(), { kind: "prova", to, ...options }));
  if (!row) throw new Error("messaggio non scritto");
  return row;
}

describe("mail outbox and worker against a real SMTP server on loopback", () => {
  let smtp: TestSmtp;
  let transport: MailTransport;
  let db: Db;
  beforeAll(async () => {
    smtp = await startSmtp();
    transport = smtpTransport(smtp.url);
  });
  afterAll(async () => {
    transport?.close();
    await smtp?.stop();
  });
  beforeEach(() => {
    db = createTestDb();
    smtp.messages.length = 0;
    smtp.script.clear();
  });
  afterEach(() => db.$client.close());

  it("writes the message in the same transaction as its cause: a rollback leaves no message", () => {
    expect(() =>
      writeTransaction(db, (tx) => {
        insertUser(tx, { email: "nuovo@comune.example.it", role: "lettore" });
        queueMail(tx, sample(), { kind: "invito", to: "nuovo@comune.example.it" });
        throw new Error("errore dopo la scrittura");
      }),
    ).toThrow("errore dopo la scrittura");
    expect(db.select().from(outbox).all()).toEqual([]);
    expect(db.select().from(users).all()).toEqual([]);
  });

  it("delivers an Italian text + HTML message with its headers and a stable Message-ID", async () => {
    const at = new Date("2026-11-23T10:00:00Z");
    const mail = invitationMail({ name: "Maria <Rossi>", role: "rtd", comuni: ["Bergamo"], link: "http://localhost:3000/invito/abc", expiresAt: at });
    const row = writeTransaction(db, (tx) => queueMail(tx, mail, { kind: "invito", to: "Maria.Rossi@Comune.Example.it", sensitive: true, headers: { "X-Cruscotto-Tipo": "invito" } }))!;
    const report = await deliverDueMail(db, transport, { from: '"Cruscotto" <noreply@example.org>' });
    expect(report).toEqual({ sent: 1, retried: 0, failed: 0, suppressed: 0 });
    expect(smtp.messages).toHaveLength(1);
    const received = smtp.messages[0]!;
    expect(received.messageId).toBe(row.messageId);
    expect(received.subject).toBe("Invito al Cruscotto digitale dei comuni lombardi");
    expect(received.envelopeTo).toEqual(["maria.rossi@comune.example.it"]);
    expect(received.from?.text).toContain("noreply@example.org");
    expect(received.headers.get("x-cruscotto-tipo")).toBe("invito");
    expect(received.text).toContain("Gentile Maria <Rossi>,");
    expect(received.text).toContain("http://localhost:3000/invito/abc");
    expect(received.html).toContain('<html lang="it">');
    // The name is escaped in the HTML part: no markup injection.
    expect(received.html).toContain("Gentile Maria &lt;Rossi&gt;,");
    const stored = getOutboxMessage(db, row.id)!;
    expect(stored.status).toBe("inviato");
    expect(stored.attempts).toBe(1);
    // The link was a secret: once sent, the body is no longer kept.
    expect(stored.text).toBe("");
    expect(stored.html).toBeNull();
  });

  it("retries a 451 with backoff and jitter, then delivers on 250 with the same Message-ID", async () => {
    smtp.script.set("lento@comune.example.it", [451]);
    const start = new Date("2026-11-23T10:00:00Z");
    const row = queue(db, "lento@comune.example.it", { now: start });
    const first = await deliverDueMail(db, transport, { now: () => start, random: () => 0.5 });
    expect(first.retried).toBe(1);
    const waiting = getOutboxMessage(db, row.id)!;
    expect(waiting.status).toBe("in-attesa");
    expect(waiting.lastError).toMatch(/^451/);
    // attempt 1: between 30 and 60 s; with random 0.5 exactly 45 s.
    expect(Date.parse(waiting.nextAttemptAt) - start.getTime()).toBe(45_000);
    // Not due yet: nothing happens.
    expect((await deliverDueMail(db, transport, { now: () => new Date(start.getTime() + 44_000) })).sent).toBe(0);
    const second = await deliverDueMail(db, transport, { now: () => new Date(start.getTime() + 45_000) });
    expect(second.sent).toBe(1);
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]!.messageId).toBe(row.messageId);
    expect(getOutboxMessage(db, row.id)!.attempts).toBe(2);
  });

  it("a 550 is not retried: the message is a dead letter and the address is suppressed", async () => {
    smtp.script.set("inesistente@comune.example.it", [550, 550]);
    const row = queue(db, "inesistente@comune.example.it");
    const later = queue(db, "inesistente@comune.example.it", { now: new Date(Date.now() + 3_600_000) });
    const report = await deliverDueMail(db, transport);
    expect(report.suppressed).toBe(1);
    expect(smtp.messages).toHaveLength(0);
    const failed = getOutboxMessage(db, row.id)!;
    expect(failed.status).toBe("fallito");
    expect(failed.attempts).toBe(1);
    expect(failed.lastError).toMatch(/^550/);
    expect(isSuppressed(db, "Inesistente@comune.example.it")).toBe(true);
    // The other message waiting for that address is not sent either.
    expect(getOutboxMessage(db, later.id)!.status).toBe("soppresso");
    // New messages to a suppressed address are recorded but never sent.
    const next = queue(db, "inesistente@comune.example.it");
    expect(next.status).toBe("soppresso");
    expect(smtp.script.get("inesistente@comune.example.it")).toEqual([550]);
  });

  it("after the last attempt a temporarily refused message becomes a dead letter, not suppressed", async () => {
    smtp.script.set("pieno@comune.example.it", Array.from({ length: MAX_ATTEMPTS + 2 }, () => 452));
    let clock = new Date("2026-11-23T10:00:00Z").getTime();
    const row = queue(db, "pieno@comune.example.it", { now: new Date(clock) });
    const waits: number[] = [];
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      await deliverDueMail(db, transport, { now: () => new Date(clock), random: () => 1 });
      const current = getOutboxMessage(db, row.id)!;
      if (current.status !== "in-attesa") break;
      const wait = Date.parse(current.nextAttemptAt) - clock;
      waits.push(wait);
      clock += wait;
    }
    const dead = getOutboxMessage(db, row.id)!;
    expect(dead.status).toBe("fallito");
    expect(dead.attempts).toBe(MAX_ATTEMPTS);
    expect(isSuppressed(db, "pieno@comune.example.it")).toBe(false);
    // Exponential: each wait doubles (random = 1 gives the ceiling) up to the cap.
    expect(waits.slice(0, 4)).toEqual([60_000, 120_000, 240_000, 480_000]);
    expect(db.select().from(mailSuppressions).all()).toEqual([]);
  });

  it("a message claimed by a worker that died is claimed again after the lock and resent with the same Message-ID", async () => {
    const start = new Date("2026-11-23T10:00:00Z");
    const row = queue(db, "ripresa@comune.example.it", { now: start });
    // A worker claims the message and dies before marking it sent.
    db.update(outbox).set({ status: "in-invio", lockedUntil: new Date(start.getTime() + LOCK_MS).toISOString(), attempts: 1 }).where(eq(outbox.id, row.id)).run();
    expect((await deliverDueMail(db, transport, { now: () => start })).sent).toBe(0);
    const report = await deliverDueMail(db, transport, { now: () => new Date(start.getTime() + LOCK_MS) });
    expect(report.sent).toBe(1);
    expect(smtp.messages.map((m) => m.messageId)).toEqual([row.messageId]);
  });

  it("retryDelayMs stays within [ceiling/2, ceiling] and is capped", () => {
    for (let attempt = 1; attempt <= 20; attempt++) {
      const ceiling = Math.min(6 * 3_600_000, 60_000 * 2 ** (attempt - 1));
      expect(retryDelayMs(attempt, () => 0)).toBe(ceiling / 2);
      expect(retryDelayMs(attempt, () => 1)).toBe(ceiling);
    }
  });
});

describe("the embedded default: .eml files in the outbox folder", () => {
  it("writes one .eml per message with its headers; a resend overwrites the same file", async () => {
    const dir = tempDir();
    const db = createTestDb();
    try {
      const transport = fileTransport(join(dir.path, "outbox"));
      const row = queue(db, "file@comune.example.it");
      await deliverDueMail(db, transport, { from: "noreply@example.org" });
      await transport.send({ messageId: row.messageId, from: "noreply@example.org", to: row.recipient, subject: row.subject, text: "x" });
      const files = readdirSync(join(dir.path, "outbox"));
      expect(files).toHaveLength(1);
      expect(files[0]).toMatch(/\.eml$/);
      const parsed = await simpleParser(readFileSync(join(dir.path, "outbox", files[0]!)));
      expect(parsed.messageId).toBe(row.messageId);
      expect(parsed.to && "text" in parsed.to ? parsed.to.text : "").toBe("file@comune.example.it");
    } finally {
      db.$client.close();
      dir.cleanup();
    }
  });
});
