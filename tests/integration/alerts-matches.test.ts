import { eq } from "drizzle-orm";
import { XMLParser } from "fast-xml-parser";
import ICAL from "ical.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeTransaction, type Db } from "~db/client.server";
import { alertLedger, outbox } from "~db/schema";
import { MATCH_ALERT_SOURCES } from "~/alerts/matches.server";
import { confirmGuest, subscribeUser } from "~/alerts/subscriptions.server";
import { hashToken } from "~/auth/crypto.server";
import { requestGuestSubscription } from "~/data/alerts.server";
import { resolveCall } from "~/data/calls.server";
import { storedMatchesOfComune } from "~/data/matches.server";
import { setNotificationsConsent } from "~/data/users.server";
import { defaultSettings } from "~/domain/alerts/settings";
import { runAlerts } from "~/jobs/alerts.server";
import { processPendingMatches } from "~/jobs/match.server";
import { makeUser, serverWithDb } from "../setup/accounts";
import { editCall, publishCall } from "../setup/alerts";
import { createTestDb, useTestDb } from "../setup/db";

const BERGAMO = "016024";

describe("alerts from the match store: new matches, matched deadlines, first reasons", () => {
  let db: Db;
  beforeEach(() => {
    db = useTestDb(createTestDb({ seedComuni: true }));
  });
  afterEach(() => db.$client.close());

  const pass = (now: Date) => runAlerts(db, { now, ...MATCH_ALERT_SOURCES });

  it("a call newly matching the comune above the minimum score is announced once, with score, amount and first reason", async () => {
    const now = new Date();
    const user = await makeUser(db, { role: "rtd", comuni: [BERGAMO], name: "Maria Rossi" });
    writeTransaction(db, (tx) => setNotificationsConsent(tx, user.id, true));
    await publishCall(db, { idFonte: "gia-1", titolo: "Bando già abbinato", scadenza: "2099-03-31" });
    processPendingMatches(db, { now });
    subscribeUser(db, user.id, BERGAMO, { ...defaultSettings(), frequency: "immediata", minScore: 0 }, now);
    // What matched before the subscription is recorded, never announced.
    expect(pass(now).alerts).toBe(0);
    expect(db.select().from(alertLedger).all().map((l) => [l.key.startsWith("nuovo:"), l.route])).toEqual([[true, "storico"]]);

    await publishCall(db, { idFonte: "nuovo-1", titolo: "Contributi nuovi per il cloud", scadenza: "2099-06-30", comuni: [BERGAMO] });
    expect(pass(now).alerts).toBe(0); // not matched yet
    processPendingMatches(db, { now });
    const stored = storedMatchesOfComune(db, BERGAMO);
    expect(stored.length).toBe(2);
    const report = pass(now);
    expect(report).toMatchObject({ events: 1, alerts: 1, messages: 1 });
    const mail = db.select().from(outbox).where(eq(outbox.kind, "avviso-immediata")).all()[0]!;
    expect(mail.subject).toBe("Nuovo bando per Bergamo: Contributi nuovi per il cloud");
    expect(mail.text).toMatch(/Punteggio di adeguatezza: \d+ su 100/);
    expect(mail.text).toMatch(/Perché: \S/);
    expect(mail.text).toContain("Importo richiedibile: € 50.000,00");
    expect(pass(now).alerts).toBe(0);
  });

  it("a guest office gets the new match (with the engine's first reason) and, later, the deadline reminder of the matched call", async () => {
    const now = new Date();
    const token = "conferma-ospite-test";
    writeTransaction(db, (tx) =>
      requestGuestSubscription(
        tx,
        { email: "protocollo@comune.bergamo.example.it", istat: BERGAMO, settings: { ...defaultSettings(), frequency: "immediata", minScore: 0, reminderDays: [14, 3] }, tokenHash: hashToken(token), expiresAt: new Date(now.getTime() + 3_600_000), salt: "sale" },
        now,
      ),
    );
    expect(confirmGuest(db, token, null)).toBeDefined();
    pass(now);
    const deadline = new Date(now.getTime() + 20 * 86_400_000).toISOString();
    await publishCall(db, { idFonte: "scade-1", titolo: "Bando in scadenza", scadenza: deadline, comuni: [BERGAMO] });
    processPendingMatches(db, { now });
    expect(pass(now)).toMatchObject({ alerts: 1, messages: 1 });
    expect(db.select().from(outbox).where(eq(outbox.kind, "avviso-immediata")).all()[0]!.text).toMatch(/Perché: \S/);
    // Ten days later (the engine's day moves too): the 14-day reminder.
    const later = new Date(now.getTime() + 10 * 86_400_000);
    processPendingMatches(db, { now: later });
    expect(pass(later)).toMatchObject({ reminders: 1, messages: 1 });
    const reminder = db.select().from(outbox).where(eq(outbox.kind, "avviso-promemoria")).all()[0]!;
    expect(reminder.recipient).toBe("protocollo@comune.bergamo.example.it");
    expect(reminder.subject).toMatch(/^Promemoria, scade tra 10 giorni: Bando in scadenza \(Bergamo\)$/);
    expect(reminder.text).toMatch(/Importo richiedibile: € 50\.000,00/);
    expect(reminder.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    expect(pass(later).reminders).toBe(0);
  });

  it("below the minimum score nothing is sent", async () => {
    const now = new Date();
    const user = await makeUser(db, { role: "rtd", comuni: [BERGAMO] });
    subscribeUser(db, user.id, BERGAMO, { ...defaultSettings(), frequency: "immediata", minScore: 100 }, now);
    pass(now);
    await publishCall(db, { idFonte: "basso-1", scadenza: "2099-06-30", comuni: [BERGAMO] });
    processPendingMatches(db, { now });
    expect(pass(now).alerts).toBe(0);
  });
});

describe("the comune's feeds over HTTP (production build)", () => {
  const env = serverWithDb();
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@", isArray: (name) => ["entry", "link"].includes(name) });

  it("scadenze.ics and feed.atom list the matched open calls and parse back; an unknown comune is 404, a malformed code 400", async () => {
    const { server, db } = env;
    await publishCall(db, { idFonte: "feed-1", titolo: "Bando del calendario", scadenza: "2099-03-31T12:00", comuni: [BERGAMO] });
    await publishCall(db, { idFonte: "feed-2", titolo: "Bando senza scadenza", scadenza: null, comuni: [BERGAMO] });
    // Matched too, but not open yet: in neither feed.
    const upcoming = await publishCall(db, { idFonte: "feed-3", titolo: "Bando in arrivo", scadenza: "2099-06-30T12:00", comuni: [BERGAMO] });
    editCall(db, upcoming, { opensAt: "2099-01-01T08:00:00.000Z" });
    processPendingMatches(db, { now: new Date() });
    expect(storedMatchesOfComune(db, BERGAMO).map((m) => m.callId)).toContain(upcoming);

    const ics = await fetch(`${server.url}/comuni/${BERGAMO}/scadenze.ics`);
    expect(ics.status).toBe(200);
    expect(ics.headers.get("content-type")).toMatch(/^text\/calendar/);
    const events = new ICAL.Component(ICAL.parse(await ics.text())).getAllSubcomponents("vevent");
    const mine = events.filter((e) => String(e.getFirstPropertyValue("summary")).includes("Bando del calendario"));
    expect(mine).toHaveLength(1);
    expect(events.some((e) => String(e.getFirstPropertyValue("summary")).includes("Bando in arrivo"))).toBe(false);
    expect((mine[0]!.getFirstPropertyValue("dtstart") as ICAL.Time).toString()).toBe("2099-03-31");
    expect(mine[0]!.getFirstSubcomponent("valarm")).toBeTruthy();
    expect(String(mine[0]!.getFirstPropertyValue("uid"))).toMatch(/^scadenza-prova%3Afeed-1-016024@localhost$/);

    const atom = await fetch(`${server.url}/comuni/${BERGAMO}/feed.atom`);
    expect(atom.status).toBe(200);
    expect(atom.headers.get("content-type")).toMatch(/^application\/atom\+xml/);
    const feed = parser.parse(await atom.text()).feed;
    const titles = feed.entry.map((e: { title: { "#text": string } }) => e.title["#text"]);
    expect(titles).toEqual(expect.arrayContaining(["Bando del calendario", "Bando senza scadenza"]));
    expect(titles).not.toContain("Bando in arrivo");
    expect(feed.subtitle["#text"]).toBe("I bandi aperti abbinati al comune, dal più recente.");
    const updated = feed.entry.map((e: { updated: string }) => Date.parse(e.updated));
    expect([...updated].sort((a, b) => b - a)).toEqual(updated);

    // A curator extends the deadline: same UID, higher SEQUENCE, the new day.
    const callId = resolveCall(db, "prova:feed-1")!.id;
    editCall(db, callId, { deadline: "2099-04-30T10:00:00.000Z" });
    processPendingMatches(db, { now: new Date() });
    const updated2 = new ICAL.Component(ICAL.parse(await (await fetch(`${server.url}/comuni/${BERGAMO}/scadenze.ics`)).text()))
      .getAllSubcomponents("vevent")
      .find((e) => e.getFirstPropertyValue("uid") === mine[0]!.getFirstPropertyValue("uid"))!;
    expect(updated2.getFirstPropertyValue("sequence")).toBe(Number(mine[0]!.getFirstPropertyValue("sequence")) + 1);
    expect((updated2.getFirstPropertyValue("dtstart") as ICAL.Time).toString()).toBe("2099-04-30");

    expect((await fetch(`${server.url}/comuni/999999/scadenze.ics`)).status).toBe(404);
    expect((await fetch(`${server.url}/comuni/abc/feed.atom`)).status).toBe(400);
  });
});
