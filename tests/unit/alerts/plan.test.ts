import { describe, expect, it } from "vitest";
import {
  digestKey,
  digestPeriod,
  dueDigests,
  dueLeadTime,
  isoWeekKey,
  planEventAlerts,
  planReminders,
  reminderKey,
  type AlertCall,
  type AlertEvent,
  type DeadlineCandidate,
  type DigestEntry,
  type SubscriptionView,
} from "~/domain/alerts/plan";
import { defaultSettings, type SubscriptionSettings } from "~/domain/alerts/settings";
import { parseRomeDateTime } from "~/domain/time";

const rome = (text: string) => parseRomeDateTime(text, "start")!;
const never = () => false;

const call = (over: Partial<AlertCall> = {}): AlertCall => ({
  id: 1,
  publicId: "demo:1",
  title: "Migrazione in cloud",
  issuer: "Regione Lombardia",
  deadline: "2026-04-30T21:59:59.999Z",
  url: "https://www.regione.lombardia.it/bando",
  themes: ["cloud"],
  ...over,
});

const sub = (over: Partial<Omit<SubscriptionView, "settings">> & { settings?: Partial<SubscriptionSettings> } = {}): SubscriptionView => ({
  id: 1,
  userId: 10,
  istat: "016024",
  comune: "Bergamo",
  email: true,
  seesTracking: true,
  ...over,
  settings: { ...defaultSettings(), frequency: "immediata", ...over.settings },
});

const match = (over: Partial<Extract<AlertEvent, { type: "nuovo-abbinamento" }>> = {}): AlertEvent => ({
  type: "nuovo-abbinamento",
  key: "nuovo:1",
  istat: "016024",
  call: call(),
  score: 72,
  claimableAmount: 23147,
  firstReason: "Il bando finanzia la migrazione in cloud prevista nel piano triennale.",
  ...over,
});

describe("planEventAlerts: new matches", () => {
  it("reaches the comune's subscriptions at or above the minimum score and within the themes", () => {
    const subs = [
      sub({ id: 1, settings: { minScore: 70 } }),
      sub({ id: 2, settings: { minScore: 80 } }),
      sub({ id: 3, settings: { themes: ["sport"] } }),
      sub({ id: 4, settings: { themes: ["cloud", "sport"], frequency: "settimanale" } }),
      sub({ id: 5, istat: "015146", comune: "Milano" }),
      sub({ id: 6, email: false }),
    ];
    const planned = planEventAlerts([match()], subs, never);
    expect(planned.map((p) => [p.subscriptionId, p.route])).toEqual([
      [1, "immediata"],
      [4, "riepilogo"],
      [6, "app"],
    ]);
    expect(planned[0]!.item).toMatchObject({ kind: "nuovo-bando", comune: "Bergamo", claimableAmount: 23147, score: 72, title: "Migrazione in cloud" });
    expect(planned[0]!.item.firstReason).toMatch(/cloud/);
  });

  it("never plans what the ledger already has, nor the same key twice in one pass", () => {
    const planned = planEventAlerts([match(), match()], [sub()], (id, key) => id === 2 && key === "nuovo:1");
    expect(planned).toHaveLength(1);
    expect(planEventAlerts([match()], [sub()], (id, key) => id === 1 && key === "nuovo:1")).toEqual([]);
  });
});

describe("planEventAlerts: changes of tracked calls", () => {
  const change: AlertEvent = { type: "modifica", key: "modifica:9", call: call(), changes: ["Scadenza prorogata dal 31/03/2026 al 30/04/2026"], trackedBy: ["016024"] };

  it("reaches subscribers of a tracking comune who may see its tracking and want change alerts", () => {
    const subs = [
      sub({ id: 1 }),
      sub({ id: 2, seesTracking: false }),
      sub({ id: 3, settings: { changeAlerts: false } }),
      sub({ id: 4, istat: "015146", comune: "Milano" }),
      sub({ id: 5, settings: { frequency: "giornaliera", minScore: 100, themes: ["sport"] } }),
    ];
    const planned = planEventAlerts([change], subs, never);
    // Score and theme filters are about new matches: a tracked call's changes always matter.
    expect(planned.map((p) => [p.subscriptionId, p.route])).toEqual([
      [1, "immediata"],
      [5, "riepilogo"],
    ]);
    expect(planned[0]!.item.changes).toEqual(["Scadenza prorogata dal 31/03/2026 al 30/04/2026"]);
  });

  it("a change nobody tracks, or with nothing to say, reaches nobody", () => {
    expect(planEventAlerts([{ ...change, trackedBy: [] }], [sub()], never)).toEqual([]);
    expect(planEventAlerts([{ ...change, changes: [] }], [sub()], never)).toEqual([]);
  });
});

describe("deadline reminders", () => {
  const deadline = rome("2026-04-30T12:00");

  it("the lead time due is the smallest not shorter than the days left", () => {
    expect(dueLeadTime([30, 14, 3], rome("2026-03-20T09:00"), deadline)).toBeNull(); // 41 days
    expect(dueLeadTime([30, 14, 3], rome("2026-03-31T09:00"), deadline)).toBe(30); // 30 days
    expect(dueLeadTime([30, 14, 3], rome("2026-04-10T09:00"), deadline)).toBe(30); // 20 days
    expect(dueLeadTime([30, 14, 3], rome("2026-04-16T09:00"), deadline)).toBe(14);
    // The job was off for three weeks: only the most urgent reminder, not three at once.
    expect(dueLeadTime([30, 14, 3], rome("2026-04-28T09:00"), deadline)).toBe(3);
    expect(dueLeadTime([30, 14, 3], rome("2026-04-30T11:00"), deadline)).toBe(3);
    expect(dueLeadTime([30, 14, 3], rome("2026-04-30T12:00"), deadline)).toBeNull();
    expect(dueLeadTime([], rome("2026-04-29T09:00"), deadline)).toBeNull();
  });

  const candidate = (over: Partial<DeadlineCandidate> = {}): DeadlineCandidate => ({
    istat: "016024",
    call: call({ deadline: deadline.toISOString() }),
    tracked: true,
    score: null,
    claimableAmount: null,
    firstReason: null,
    ...over,
  });

  it("tracked calls for those who see the tracking; matched calls above the minimum score", () => {
    const now = rome("2026-04-16T09:00");
    const subs = [sub({ id: 1 }), sub({ id: 2, seesTracking: false }), sub({ id: 3, seesTracking: false, settings: { minScore: 60 } }), sub({ id: 4, settings: { reminderDays: [] } })];
    const tracked = planReminders(subs, [candidate()], now, never);
    expect(tracked.map((p) => p.subscriptionId)).toEqual([1]);
    expect(tracked[0]).toMatchObject({ key: reminderKey(1, deadline.toISOString(), 14), route: "immediata", item: { kind: "promemoria", daysLeft: 14 } });
    const matched = planReminders(subs, [candidate({ tracked: false, call: call({ id: 2, deadline: deadline.toISOString() }), score: 55 })], now, never);
    expect(matched.map((p) => p.subscriptionId)).toEqual([1, 2]);
  });

  it("a call both tracked and matched: one reminder, with the match's score and amount, whichever source comes first", () => {
    const now = rome("2026-04-16T09:00");
    const subs = [sub({ id: 1 }), sub({ id: 2, seesTracking: false, settings: { minScore: 60 } }), sub({ id: 3, seesTracking: false, settings: { minScore: 80 } })];
    const tracked = candidate();
    const matched = candidate({ tracked: false, score: 72, claimableAmount: 23147, firstReason: "Il bando finanzia il cloud." });
    for (const candidates of [
      [tracked, matched],
      [matched, tracked],
    ]) {
      const planned = planReminders(subs, candidates, now, never);
      expect(planned.map((p) => p.subscriptionId)).toEqual([1, 2]);
      for (const p of planned) expect(p.item).toMatchObject({ kind: "promemoria", score: 72, claimableAmount: 23147, firstReason: "Il bando finanzia il cloud.", daysLeft: 14 });
    }
  });

  it("a weekly subscriber still gets the reminder on its day; an extended deadline arms the reminders again", () => {
    const now = rome("2026-04-28T09:00");
    const weekly = sub({ settings: { frequency: "settimanale" } });
    const first = planReminders([weekly], [candidate()], now, never);
    expect(first[0]!.route).toBe("immediata");
    const sent = new Set(first.map((p) => `${p.subscriptionId}:${p.key}`));
    const alreadySent = (id: number, key: string) => sent.has(`${id}:${key}`);
    expect(planReminders([weekly], [candidate()], now, alreadySent)).toEqual([]);
    const extended = candidate({ call: call({ deadline: rome("2026-05-01T12:00").toISOString() }) });
    expect(planReminders([weekly], [extended], now, alreadySent).map((p) => p.item.daysLeft)).toEqual([3]);
  });
});

describe("digest periods", () => {
  it("ISO weeks, also across the year boundary", () => {
    expect(isoWeekKey("2026-01-01")).toBe("2026-W01");
    expect(isoWeekKey("2026-11-23")).toBe("2026-W48");
    expect(isoWeekKey("2026-12-31")).toBe("2026-W53");
    expect(isoWeekKey("2027-01-03")).toBe("2026-W53");
    expect(isoWeekKey("2027-01-04")).toBe("2027-W01");
  });

  it("a daily digest leaves at 07:00 Rome the next day; a weekly one the Monday after", () => {
    const late = rome("2026-11-23T23:30"); // a Monday, 23:30 in Rome (22:30 UTC)
    expect(digestPeriod("giornaliera", late)).toEqual({ key: "2026-11-23", sendAfter: rome("2026-11-24T07:00") });
    expect(digestPeriod("settimanale", late)).toEqual({ key: "2026-W48", sendAfter: rome("2026-11-30T07:00") });
    expect(digestPeriod("settimanale", rome("2026-11-29T22:00"))).toEqual({ key: "2026-W48", sendAfter: rome("2026-11-30T07:00") });
    // Across the change to summer time (29 March 2026): still 07:00 on the wall clock.
    expect(digestPeriod("giornaliera", rome("2026-03-28T12:00")).sendAfter.toISOString()).toBe("2026-03-29T05:00:00.000Z");
  });

  it("one digest per recipient, frequency and period, only once the period has ended", () => {
    const entry = (id: number, recipient: string, sendAfter: string, periodKey = "2026-11-23"): DigestEntry => ({
      id,
      subscriptionId: id,
      recipient,
      frequency: "giornaliera",
      periodKey,
      sendAfter,
      item: planEventAlerts([match({ key: `nuovo:${id}` })], [sub({ id })], never)[0]!.item,
    });
    const entries = [
      entry(1, "Uff@Comune.it", "2026-11-24T06:00:00.000Z"),
      entry(2, "uff@comune.it", "2026-11-24T06:00:00.000Z"),
      entry(3, "altro@comune.it", "2026-11-24T06:00:00.000Z"),
      entry(4, "uff@comune.it", "2026-11-25T06:00:00.000Z", "2026-11-24"),
    ];
    const due = dueDigests(entries, new Date("2026-11-24T06:00:00.000Z"));
    expect(due.map((d) => [d.key, d.entries.map((e) => e.id)])).toEqual([
      [digestKey("altro@comune.it", "giornaliera", "2026-11-23"), [3]],
      [digestKey("uff@comune.it", "giornaliera", "2026-11-23"), [1, 2]],
    ]);
    expect(dueDigests(entries, new Date("2026-11-24T05:59:59.000Z"))).toEqual([]);
  });
});
