import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeTransaction, type Db } from "~db/client.server";
import { alertDigestItems, alertLedger, alertRuns, alertSubscriptions, notifications, outbox } from "~db/schema";
import { CONFIRM_TTL_MS, unsubscribe } from "~/alerts/subscriptions.server";
import { unsubscribeToken } from "~/alerts/tokens.server";
import { changeReviewState, curatorActor } from "~/data/calls.server";
import { hashToken } from "~/auth/crypto.server";
import {
  addNotification,
  confirmGuestSubscription,
  disableSubscriptions,
  getCursor,
  recordLedger,
  requestGuestSubscription,
  setUserSubscriptionStatus,
  unreadNotificationCount,
} from "~/data/alerts.server";
import { setTracking } from "~/data/tracking.server";
import { setNotificationsConsent } from "~/data/users.server";
import { defaultSettings } from "~/domain/alerts/settings";
import { LEDGER_RETENTION_DAYS, NOTIFICATION_RETENTION_DAYS, runAlerts, UNSUBSCRIBED_GUEST_RETENTION_DAYS, VERSIONS_CURSOR } from "~/jobs/alerts.server";
import { makeUser } from "../setup/accounts";
import { editCall, publishCall, subscribe } from "../setup/alerts";
import { createTestDb, useTestDb } from "../setup/db";

const BERGAMO = "016024";
const at = (iso: string) => new Date(iso);

describe("the alerts job: change alerts on tracked calls, reminders, digests, idempotency", () => {
  let db: Db;
  let rtd: Awaited<ReturnType<typeof makeUser>>;
  let callId: number;

  beforeEach(async () => {
    db = useTestDb(createTestDb({ seedComuni: true }));
    rtd = await makeUser(db, { role: "rtd", comuni: [BERGAMO], name: "Maria Rossi" });
    writeTransaction(db, (tx) => setNotificationsConsent(tx, rtd.id, true));
    callId = await publishCall(db, { idFonte: "cloud-1", titolo: "Contributi per il cloud", scadenza: "2026-03-31" }, at("2026-01-10T09:00:00Z"));
    setTracking(db, { istat: BERGAMO, callId, stage: "in-preparazione", userId: rtd.id });
  });
  afterEach(() => db.$client.close());

  it("the first pass starts after the history; a curator's extension reaches the tracking comune once, with what changed", () => {
    subscribe(db, rtd.id, BERGAMO, { frequency: "immediata" });
    expect(runAlerts(db, { now: at("2026-01-12T09:00:00Z") }).alerts).toBe(0);
    expect(getCursor(db, VERSIONS_CURSOR)).toBeGreaterThan(0);

    editCall(db, callId, { deadline: "2026-04-30T21:59:59.999Z" }, at("2026-01-13T09:00:00Z"));
    const report = runAlerts(db, { now: at("2026-01-13T09:05:00Z") });
    expect(report).toMatchObject({ events: 1, alerts: 1, immediate: 1, messages: 1, inApp: 1 });
    const [mail] = db.select().from(outbox).where(eq(outbox.kind, "avviso-immediata")).all();
    expect(mail!.recipient).toBe(rtd.email);
    expect(mail!.subject).toBe("Bando modificato (Bergamo): Contributi per il cloud");
    expect(mail!.text).toContain("Scadenza prorogata dal 31/03/2026 al 30/04/2026");
    expect(mail!.text).toContain("Gentile Maria Rossi,");
    expect(mail!.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    expect(mail!.headers["List-Unsubscribe"]).toMatch(/^<http:\/\/localhost:\d+\/avvisi\/disiscrizione\/[\d-]+\.[A-Za-z0-9_-]{43}>$/);
    expect(db.select().from(notifications).all().map((n) => [n.userId, n.kind, n.link])).toEqual([[rtd.id, "modifica", `/comuni/${BERGAMO}`]]);
    expect(unreadNotificationCount(db, rtd.id)).toBe(1);

    // Any number of further passes sends nothing more.
    for (let i = 0; i < 3; i++) expect(runAlerts(db, { now: at("2026-01-13T09:10:00Z") }).alerts).toBe(0);
    expect(db.select().from(outbox).where(eq(outbox.kind, "avviso-immediata")).all()).toHaveLength(1);
    expect(db.select().from(alertRuns).all().every((r) => r.status === "completato")).toBe(true);
  });

  it("a comune that does not track the call, or a subscriber who cannot see the tracking, hears nothing about changes", async () => {
    const reader = await makeUser(db, { role: "lettore" });
    writeTransaction(db, (tx) => setNotificationsConsent(tx, reader.id, true));
    subscribe(db, reader.id, BERGAMO, { frequency: "immediata" });
    subscribe(db, rtd.id, "015146", { frequency: "immediata" }); // Milano: not tracking
    runAlerts(db, { now: at("2026-01-12T09:00:00Z") });
    editCall(db, callId, { amountMax: 60000 }, at("2026-01-13T09:00:00Z"));
    expect(runAlerts(db, { now: at("2026-01-13T09:05:00Z") })).toMatchObject({ events: 1, alerts: 0 });
  });

  it("withdrawing a published call is a change too", () => {
    subscribe(db, rtd.id, BERGAMO, { frequency: "immediata" });
    runAlerts(db, { now: at("2026-01-12T09:00:00Z") });
    changeReviewState(db, callId, "archive", curatorActor({ id: 0, email: "redazione@example.org" }), at("2026-01-13T09:00:00Z"));
    runAlerts(db, { now: at("2026-01-13T09:05:00Z") });
    expect(db.select().from(outbox).all().at(-1)!.text).toContain("ritirato dalla pubblicazione");
  });

  it("without e-mail consent the alert is only in the app; the ledger still records it once", () => {
    writeTransaction(db, (tx) => setNotificationsConsent(tx, rtd.id, false));
    subscribe(db, rtd.id, BERGAMO, { frequency: "immediata" });
    runAlerts(db, { now: at("2026-01-12T09:00:00Z") });
    editCall(db, callId, { amountMax: 70000 }, at("2026-01-13T09:00:00Z"));
    expect(runAlerts(db, { now: at("2026-01-13T09:05:00Z") })).toMatchObject({ alerts: 1, messages: 0, inApp: 1 });
    expect(db.select().from(outbox).all()).toEqual([]);
    expect(db.select().from(alertLedger).all().map((l) => l.route)).toEqual(["app"]);
  });

  it("reminders at 30, 14 and 3 days before the deadline, each once; an extension arms them again", () => {
    subscribe(db, rtd.id, BERGAMO, { frequency: "settimanale" });
    const subjects = () => db.select({ s: outbox.subject }).from(outbox).where(eq(outbox.kind, "avviso-promemoria")).all().map((r) => r.s);
    runAlerts(db, { now: at("2026-02-20T08:00:00Z") }); // 39 days: nothing
    expect(subjects()).toEqual([]);
    runAlerts(db, { now: at("2026-03-01T08:00:00Z") }); // 30 days
    runAlerts(db, { now: at("2026-03-01T09:00:00Z") });
    runAlerts(db, { now: at("2026-03-18T08:00:00Z") }); // 13 days: the 14-day one
    runAlerts(db, { now: at("2026-03-29T08:00:00Z") }); // 2 days: the 3-day one
    runAlerts(db, { now: at("2026-03-30T08:00:00Z") });
    expect(subjects()).toEqual([
      "Promemoria, scade tra 30 giorni: Contributi per il cloud (Bergamo)",
      "Promemoria, scade tra 13 giorni: Contributi per il cloud (Bergamo)",
      "Promemoria, scade tra 2 giorni: Contributi per il cloud (Bergamo)",
    ]);
    // Extended to 30/04: the change alert goes into the weekly digest, the reminders start again.
    editCall(db, callId, { deadline: "2026-04-30T21:59:59.999Z" }, at("2026-03-30T09:00:00Z"));
    runAlerts(db, { now: at("2026-04-01T08:00:00Z") });
    expect(subjects().at(-1)).toBe("Promemoria, scade tra 29 giorni: Contributi per il cloud (Bergamo)");
    expect(db.select().from(alertDigestItems).all().map((d) => d.payload.kind)).toEqual(["modifica"]);
  });

  it("one digest per recipient and period, however often the job runs; several comuni in one message", async () => {
    const milanoCall = await publishCall(db, { idFonte: "mi-1", titolo: "Servizi digitali Milano", scadenza: "2026-06-30" }, at("2026-01-10T09:00:00Z"));
    const staff = await makeUser(db, { role: "redazione", name: "Luca Bianchi" });
    writeTransaction(db, (tx) => setNotificationsConsent(tx, staff.id, true));
    setTracking(db, { istat: "015146", callId: milanoCall, stage: "interessato", userId: staff.id });
    subscribe(db, staff.id, BERGAMO, { frequency: "giornaliera", reminderDays: [] });
    subscribe(db, staff.id, "015146", { frequency: "giornaliera", reminderDays: [] });
    runAlerts(db, { now: at("2026-01-12T09:00:00Z") });
    editCall(db, callId, { amountMax: 80000 }, at("2026-01-12T10:00:00Z"));
    editCall(db, milanoCall, { deadline: "2026-07-31T21:59:59.999Z" }, at("2026-01-12T11:00:00Z"));
    expect(runAlerts(db, { now: at("2026-01-12T11:05:00Z") })).toMatchObject({ alerts: 2, digestEntries: 2, messages: 0 });
    // Before 07:00 (Rome) of the next day: nothing yet, whatever the number of passes.
    for (const t of ["2026-01-12T20:00:00Z", "2026-01-13T05:59:00Z"]) expect(runAlerts(db, { now: at(t) }).digests).toBe(0);
    const reports = ["2026-01-13T06:00:00Z", "2026-01-13T06:05:00Z", "2026-01-13T12:00:00Z", "2026-01-20T06:00:00Z"].map((t) => runAlerts(db, { now: at(t) }));
    expect(reports.map((r) => r.digests)).toEqual([1, 0, 0, 0]);
    const digests = db.select().from(outbox).where(eq(outbox.kind, "avviso-riepilogo")).all();
    expect(digests).toHaveLength(1);
    expect(digests[0]!.dedupeKey).toBe(`riepilogo:giornaliera:2026-01-12:${staff.email}`);
    expect(digests[0]!.subject).toBe("Riepilogo del 12/01/2026: 2 novità sui bandi per 2 comuni");
    expect(digests[0]!.text).toMatch(/== Bergamo ==[\s\S]*Importo massimo aumentato[\s\S]*== Milano ==[\s\S]*Scadenza prorogata/);
    expect(digests[0]!.html).toContain("<h2");
    // The unsubscribe link of the digest covers both subscriptions.
    const token = /disiscrizione\/([^>]+)>/.exec(digests[0]!.headers["List-Unsubscribe"]!)![1]!;
    expect(unsubscribe(db, token, null)!.map((s) => s.istat).sort()).toEqual(["015146", BERGAMO]);
    expect(db.select({ s: alertSubscriptions.status }).from(alertSubscriptions).all().map((r) => r.s)).toEqual(["disattivata", "disattivata"]);
  });

  it("a pass that fails half-way leaves nothing behind; the next pass does the work once", () => {
    subscribe(db, rtd.id, BERGAMO, { frequency: "immediata" });
    runAlerts(db, { now: at("2026-01-12T09:00:00Z") });
    const cursor = getCursor(db, VERSIONS_CURSOR);
    editCall(db, callId, { amountMax: 90000 }, at("2026-01-13T09:00:00Z"));
    // The outbox insert fails after the ledger row and the notification were written in the pass.
    db.$client.exec("CREATE TEMP TRIGGER outbox_pieno BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'disco pieno'); END;");
    expect(() => runAlerts(db, { now: at("2026-01-13T09:05:00Z") })).toThrow("disco pieno");
    db.$client.exec("DROP TRIGGER outbox_pieno");
    expect(getCursor(db, VERSIONS_CURSOR)).toBe(cursor);
    expect(db.select().from(outbox).all()).toEqual([]);
    expect(db.select().from(alertLedger).all()).toEqual([]);
    expect(db.select().from(notifications).all()).toEqual([]);
    expect(runAlerts(db, { now: at("2026-01-13T09:10:00Z") })).toMatchObject({ alerts: 1, messages: 1 });
  });

  it("after one-click unsubscribe nothing more is sent, and waiting digest entries are dropped", () => {
    const subscription = subscribe(db, rtd.id, BERGAMO, { frequency: "settimanale" });
    runAlerts(db, { now: at("2026-01-12T09:00:00Z") });
    editCall(db, callId, { amountMax: 55000 }, at("2026-01-13T09:00:00Z"));
    runAlerts(db, { now: at("2026-01-13T09:05:00Z") });
    expect(db.select().from(alertDigestItems).all()).toHaveLength(1);
    expect(unsubscribe(db, unsubscribeToken([subscription], db), null)).toHaveLength(1);
    expect(runAlerts(db, { now: at("2026-01-19T07:00:00Z") }).digests).toBe(0);
    expect(db.select().from(alertDigestItems).all()).toEqual([]);
    editCall(db, callId, { amountMax: 65000 }, at("2026-01-20T09:00:00Z"));
    expect(runAlerts(db, { now: at("2026-01-20T09:05:00Z") }).alerts).toBe(0);
  });

  it("unsubscribe tokens: forged, altered or of another subscription are refused", () => {
    const mine = subscribe(db, rtd.id, BERGAMO);
    const other = subscribe(db, rtd.id, "015146");
    const token = unsubscribeToken([mine], db);
    const [ids, signature] = token.split(".");
    expect(unsubscribe(db, `${other.id}.${signature}`, null)).toBeUndefined();
    expect(unsubscribe(db, `${ids}-${other.id}.${signature}`, null)).toBeUndefined();
    expect(unsubscribe(db, `${ids}.${"A".repeat(43)}`, null)).toBeUndefined();
    expect(unsubscribe(db, "x", null)).toBeUndefined();
    expect(db.select({ s: alertSubscriptions.status }).from(alertSubscriptions).all().map((r) => r.s)).toEqual(["attiva", "attiva"]);
    expect(unsubscribe(db, token, null)?.map((s) => s.id)).toEqual([mine.id]);
  });
});

describe("retention inside the alerts job: the alerts' own personal data", () => {
  let db: Db;
  beforeEach(() => {
    db = useTestDb(createTestDb({ seedComuni: true }));
  });
  afterEach(() => db.$client.close());

  const DAY = 86_400_000;
  const now = at("2026-06-01T09:00:00Z");
  const daysAgo = (days: number) => new Date(now.getTime() - days * DAY);
  const settings = { ...defaultSettings(), frequency: "immediata" as const };

  /** A guest's request for Bergamo made at `when`, whose link expires at `expiresAt`. */
  function guestRequest(email: string, when: Date, expiresAt: Date) {
    const tokenHash = hashToken(`conferma-${email}-${when.getTime()}`);
    const row = writeTransaction(db, (tx) => requestGuestSubscription(tx, { email, istat: BERGAMO, settings, tokenHash, expiresAt, salt: `sale-${email}` }, when));
    return { row, tokenHash };
  }

  /** A guest who confirmed and then unsubscribed at `unsubscribedAt`. */
  function formerGuest(email: string, unsubscribedAt: Date) {
    const confirmedAt = new Date(unsubscribedAt.getTime() - 10 * DAY);
    const { row, tokenHash } = guestRequest(email, confirmedAt, new Date(confirmedAt.getTime() + CONFIRM_TTL_MS));
    writeTransaction(db, (tx) => confirmGuestSubscription(tx, tokenHash, confirmedAt));
    writeTransaction(db, (tx) => disableSubscriptions(tx, [row.id], unsubscribedAt));
    return row;
  }

  const guestEmails = () =>
    db
      .select({ email: alertSubscriptions.email })
      .from(alertSubscriptions)
      .all()
      .flatMap((r) => (r.email ? [r.email] : []))
      .sort();

  it("unconfirmed guest requests go once their link expires; unsubscribed guests after 30 days, with their ledger; users' subscriptions stay", async () => {
    expect(UNSUBSCRIBED_GUEST_RETENTION_DAYS).toBe(30);
    guestRequest("scaduta@comune.example.it", daysAgo(3), daysAgo(1));
    guestRequest("in-attesa@comune.example.it", daysAgo(1), new Date(now.getTime() + DAY));
    const gone = formerGuest("uscito@comune.example.it", daysAgo(31));
    recordLedger(db, { subscriptionId: gone.id, key: "nuovo:1", route: "storico" }, daysAgo(40));
    formerGuest("uscito-da-poco@comune.example.it", daysAgo(29));
    // Unsubscribed long ago, but asked again and the new link still works: kept until it expires.
    formerGuest("ritorna@comune.example.it", daysAgo(60));
    guestRequest("ritorna@comune.example.it", daysAgo(1), new Date(now.getTime() + DAY));
    const user = await makeUser(db, { role: "rtd", comuni: [BERGAMO] });
    const paused = subscribe(db, user.id, BERGAMO, {}, daysAgo(100));
    writeTransaction(db, (tx) => setUserSubscriptionStatus(tx, user.id, paused.id, "disattivata", daysAgo(60)));

    runAlerts(db, { now });
    expect(guestEmails()).toEqual(["in-attesa@comune.example.it", "ritorna@comune.example.it", "uscito-da-poco@comune.example.it"]);
    expect(db.select().from(alertLedger).where(eq(alertLedger.subscriptionId, gone.id)).all()).toEqual([]);
    expect(db.select().from(alertSubscriptions).where(eq(alertSubscriptions.id, paused.id)).get()?.status).toBe("disattivata");
    // The 29-day one goes two days later.
    runAlerts(db, { now: new Date(now.getTime() + 2 * DAY) });
    expect(guestEmails()).not.toContain("uscito-da-poco@comune.example.it");
  });

  it("read notifications go after 180 days, unread ones stay; change and reminder decisions go after 400 days, new-match ones stay", async () => {
    expect([NOTIFICATION_RETENTION_DAYS, LEDGER_RETENTION_DAYS]).toEqual([180, 400]);
    const user = await makeUser(db, { role: "rtd", comuni: [BERGAMO] });
    const note = (key: string, readDaysAgo: number | null) => {
      addNotification(db, { userId: user.id, kind: "nuovo-bando", key, title: key, body: "", link: `/comuni/${BERGAMO}` }, daysAgo(500));
      if (readDaysAgo !== null) {
        db.update(notifications).set({ readAt: daysAgo(readDaysAgo).toISOString() }).where(eq(notifications.key, key)).run();
      }
    };
    note("letta-181", 181);
    note("letta-179", 179);
    note("non-letta", null);
    const subscription = subscribe(db, user.id, BERGAMO, {}, daysAgo(500));
    const decide = (key: string, days: number) => recordLedger(db, { subscriptionId: subscription.id, key, route: "immediata" }, daysAgo(days));
    decide("modifica:1", 401);
    decide("promemoria:1:2025-04-30T21:59:59.999Z:3", 401);
    decide("nuovo:1", 401);
    decide("modifica:2", 399);
    decide("promemoria:2:2025-06-30T21:59:59.999Z:3", 399);

    runAlerts(db, { now });
    expect(db.select({ key: notifications.key }).from(notifications).all().map((n) => n.key).sort()).toEqual(["letta-179", "non-letta"]);
    expect(db.select({ key: alertLedger.key }).from(alertLedger).all().map((l) => l.key).sort()).toEqual(["modifica:2", "nuovo:1", "promemoria:2:2025-06-30T21:59:59.999Z:3"]);
  });
});
