import { spawn } from "node:child_process";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, writeTransaction, type Db } from "~db/client.server";
import { outbox } from "~db/schema";
import { MATCH_ALERT_SOURCES } from "~/alerts/matches.server";
import { storedMatchesOfComune } from "~/data/matches.server";
import { getOutboxMessage, isSuppressed } from "~/data/outbox.server";
import { setTracking } from "~/data/tracking.server";
import { setNotificationsConsent } from "~/data/users.server";
import { formatEuro } from "~/domain/format";
import { runAlerts } from "~/jobs/alerts.server";
import { deliverDueMail, LOCK_MS } from "~/jobs/mail.server";
import { processPendingMatches } from "~/jobs/match.server";
import { smtpTransport, type MailTransport } from "~/mail/transport.server";
import { ensureSeeded } from "~db/seed/index.server";
import { makeUser } from "../setup/accounts";
import { editCall, publishCall, subscribe } from "../setup/alerts";
import { createTestDb, tempDir, useTestDb } from "../setup/db";
import { startSmtp, type TestSmtp } from "../setup/smtp";

const BERGAMO = "016024";
const at = (iso: string) => new Date(iso);
const FROM = '"Cruscotto" <noreply@example.org>';

/** An RTD of Bergamo subscribed (immediate) to a tracked call whose deadline a curator extends: one alert in the outbox. */
async function queueAlert(db: Db, email: string): Promise<number> {
  const rtd = await makeUser(db, { role: "rtd", comuni: [BERGAMO], email });
  writeTransaction(db, (tx) => setNotificationsConsent(tx, rtd.id, true));
  const callId = await publishCall(db, { idFonte: `cloud-${rtd.id}`, titolo: "Contributi per il cloud", scadenza: "2026-03-31" }, at("2026-01-10T09:00:00Z"));
  setTracking(db, { istat: BERGAMO, callId, stage: "interessato", userId: rtd.id });
  subscribe(db, rtd.id, BERGAMO, { frequency: "immediata" });
  runAlerts(db, { now: at("2026-01-12T09:00:00Z") });
  editCall(db, callId, { deadline: "2026-04-30T21:59:59.999Z" }, at("2026-01-13T09:00:00Z"));
  runAlerts(db, { now: at("2026-01-13T09:05:00Z") });
  const row = db.select().from(outbox).where(eq(outbox.recipient, email)).all().at(-1);
  if (!row) throw new Error("nessun avviso in coda");
  return row.id;
}

describe("alert delivery against a real SMTP server on loopback", () => {
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
    db = useTestDb(createTestDb({ seedComuni: true }));
    smtp.messages.length = 0;
    smtp.script.clear();
  });
  afterEach(() => db.$client.close());

  it("arrives with the RFC 8058 headers, an Italian text part and an accessible HTML part", async () => {
    const id = await queueAlert(db, "rtd.bergamo@comune.example.it");
    expect(await deliverDueMail(db, transport, { from: FROM })).toMatchObject({ sent: 1 });
    const received = smtp.messages[0]!;
    expect(received.messageId).toBe(getOutboxMessage(db, id)!.messageId);
    // Header lines as RFC 5322 unfolds them (long ones are folded on the wire).
    const headers = received.raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n(?=[ \t])/g, "");
    expect(headers).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    expect(headers).toMatch(/^List-Unsubscribe: <http:\/\/localhost:\d+\/avvisi\/disiscrizione\/[\d-]+\.[A-Za-z0-9_-]{43}>\r?$/m);
    expect(headers).toMatch(/^Auto-Submitted: auto-generated\r?$/m);
    expect(headers).toMatch(/^List-Id: Avvisi del Cruscotto digitale <avvisi\.localhost>\r?$/im);
    expect(received.subject).toBe("Bando modificato (Bergamo): Contributi per il cloud");
    for (const part of [received.text ?? "", received.html || ""]) {
      expect(part).toContain("Bergamo");
      expect(part).toContain("Contributi per il cloud");
      expect(part).toContain("Scadenza prorogata dal 31/03/2026 al 30/04/2026");
      expect(part).toContain("Importo richiedibile");
    }
    expect(received.html).toContain('<html lang="it">');
    expect((received.html || "").match(/<h1/g)).toHaveLength(1);
    expect(received.html).toContain("Non ricevere più questi avvisi");
  });

  it("change alerts and reminders of tracked calls carry the stored pair's claimable amount; «non indicato» only when no pair is stored", async () => {
    const email = "importi@comune.example.it";
    const rtd = await makeUser(db, { role: "rtd", comuni: [BERGAMO], email });
    writeTransaction(db, (tx) => setNotificationsConsent(tx, rtd.id, true));
    const t0 = at("2026-01-10T09:00:00Z");
    const matched = await publishCall(db, { idFonte: "importo-1", titolo: "Contributi per il cloud", scadenza: "2026-03-31", importoMax: 50000, comuni: [BERGAMO] }, t0);
    processPendingMatches(db, { now: t0 });
    // Published after the matching run: no stored pair yet.
    const unmatched = await publishCall(db, { idFonte: "importo-2", titolo: "Bando non ancora abbinato", scadenza: "2026-03-31", comuni: [BERGAMO] }, t0);
    const stored = storedMatchesOfComune(db, BERGAMO);
    expect(stored.map((m) => m.callId)).toEqual([matched]);
    expect(formatEuro(stored[0]!.claimable!)).toBe("€ 50.000,00");
    for (const callId of [matched, unmatched]) setTracking(db, { istat: BERGAMO, callId, stage: "in-preparazione", userId: rtd.id });
    subscribe(db, rtd.id, BERGAMO, { frequency: "immediata", reminderDays: [14, 3] });
    runAlerts(db, { now: at("2026-01-12T09:00:00Z"), ...MATCH_ALERT_SOURCES });

    /** The claimable amount printed in a message's text and HTML for the entry of a call. */
    const amounts = (message: { text?: string; html?: string | false }, title: string) => {
      const text = message.text ?? "";
      const fromText = /Importo richiedibile: ([^\n]+)/.exec(text.slice(text.indexOf(`: ${title}\n`)))?.[1];
      const html = message.html || "";
      const fromHtml = /Importo richiedibile<\/dt><dd[^>]*>([^<]+)<\/dd>/.exec(html.slice(html.indexOf(`>${title}</h`)))?.[1];
      return [fromText, fromHtml];
    };

    // A curator extends both deadlines: one change alert with both calls.
    for (const callId of [matched, unmatched]) editCall(db, callId, { deadline: "2026-04-30T21:59:59.999Z" }, at("2026-01-13T09:00:00Z"));
    expect(runAlerts(db, { now: at("2026-01-13T09:05:00Z"), ...MATCH_ALERT_SOURCES })).toMatchObject({ alerts: 2, messages: 1 });
    expect(await deliverDueMail(db, transport, { from: FROM })).toMatchObject({ sent: 1 });
    const change = smtp.messages.at(-1)!;
    expect(change.text).toContain("Scadenza prorogata dal 31/03/2026 al 30/04/2026");
    expect(amounts(change, "Contributi per il cloud")).toEqual(["€ 50.000,00", "€ 50.000,00"]);
    expect(amounts(change, "Bando non ancora abbinato")).toEqual(["non indicato", "non indicato"]);

    // The 14-day reminder from the tracking alone (no match-store sources in this pass).
    expect(runAlerts(db, { now: at("2026-04-17T08:00:00Z") })).toMatchObject({ reminders: 2, messages: 1 });
    expect(await deliverDueMail(db, transport, { from: FROM })).toMatchObject({ sent: 1 });
    const tracked = smtp.messages.at(-1)!;
    expect(tracked.subject).toBe("2 bandi in scadenza per Bergamo");
    expect(amounts(tracked, "Contributi per il cloud")).toEqual(["€ 50.000,00", "€ 50.000,00"]);
    expect(amounts(tracked, "Bando non ancora abbinato")).toEqual(["non indicato", "non indicato"]);

    // The 3-day reminder with the match store too: the call both tracked and matched is one entry, with its amount.
    expect(runAlerts(db, { now: at("2026-04-28T08:00:00Z"), ...MATCH_ALERT_SOURCES })).toMatchObject({ reminders: 2, messages: 1 });
    expect(await deliverDueMail(db, transport, { from: FROM })).toMatchObject({ sent: 1 });
    const both = smtp.messages.at(-1)!;
    expect(both.text!.split("Contributi per il cloud").length - 1).toBe(1);
    expect(amounts(both, "Contributi per il cloud")).toEqual(["€ 50.000,00", "€ 50.000,00"]);
  });

  it("a 451 is retried and then delivered with the same Message-ID", async () => {
    smtp.script.set("lento@comune.example.it", [451]);
    const id = await queueAlert(db, "lento@comune.example.it");
    const start = new Date(Date.now());
    expect(await deliverDueMail(db, transport, { from: FROM, now: () => start, random: () => 0 })).toMatchObject({ retried: 1 });
    expect(getOutboxMessage(db, id)!.status).toBe("in-attesa");
    expect(await deliverDueMail(db, transport, { from: FROM, now: () => new Date(start.getTime() + 30_000) })).toMatchObject({ sent: 1 });
    expect(smtp.messages.map((m) => m.messageId)).toEqual([getOutboxMessage(db, id)!.messageId]);
    expect(smtp.messages[0]!.raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
  });

  it("a 550 is not retried: the message is a dead letter and the address is suppressed", async () => {
    smtp.script.set("inesistente@comune.example.it", [550]);
    const id = await queueAlert(db, "inesistente@comune.example.it");
    expect(await deliverDueMail(db, transport, { from: FROM })).toMatchObject({ suppressed: 1 });
    expect(getOutboxMessage(db, id)!.status).toBe("fallito");
    expect(isSuppressed(db, "inesistente@comune.example.it")).toBe(true);
    expect(smtp.messages).toHaveLength(0);
  });
});

describe("a worker killed between the SMTP 250 and «sent» (child process, SIGKILL)", () => {
  let smtp: TestSmtp;
  beforeAll(async () => {
    smtp = await startSmtp();
  });
  afterAll(async () => {
    await smtp?.stop();
  });

  it("resends at most once, with the same Message-ID", async () => {
    const dir = tempDir();
    const path = join(dir.path, "cruscotto.db");
    const db = openDatabase(path);
    try {
      ensureSeeded(db, { demo: false });
      useTestDb(db);
      const id = await queueAlert(db, "crash@comune.example.it");
      const messageId = getOutboxMessage(db, id)!.messageId;

      // `node --import tsx` (not the tsx CLI, which would run the script in a grandchild process).
      const child = spawn(process.execPath, ["--import", "tsx", join("tests", "setup", "crash-after-send.ts"), path, smtp.url], {
        cwd: process.cwd(),
        stdio: ["ignore", "ignore", "pipe"],
      });
      let stderr = "";
      child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
      const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
      expect(exit.signal, stderr).toBe("SIGKILL");

      // The server accepted it once; the row still says "being sent" (the worker died before marking it).
      expect(smtp.messages.map((m) => m.messageId)).toEqual([messageId]);
      const stuck = getOutboxMessage(db, id)!;
      expect(stuck.status).toBe("in-invio");
      expect(stuck.attempts).toBe(1);

      const transport = smtpTransport(smtp.url);
      try {
        // Until the lock expires nobody touches it; then it is sent again, once, with the same Message-ID.
        expect((await deliverDueMail(db, transport, { from: FROM })).sent).toBe(0);
        const later = new Date(Date.parse(stuck.lockedUntil!) + 1);
        expect((await deliverDueMail(db, transport, { from: FROM, now: () => later })).sent).toBe(1);
        for (let i = 1; i <= 3; i++) {
          expect((await deliverDueMail(db, transport, { from: FROM, now: () => new Date(later.getTime() + i * LOCK_MS) })).sent).toBe(0);
        }
      } finally {
        transport.close();
      }
      expect(smtp.messages.map((m) => m.messageId)).toEqual([messageId, messageId]);
      expect(getOutboxMessage(db, id)!.status).toBe("inviato");
      expect(db.$client.pragma("integrity_check", { simple: true })).toBe("ok");
    } finally {
      db.$client.close();
      dir.cleanup();
    }
  });
});
