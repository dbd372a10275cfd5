import { XMLParser } from "fast-xml-parser";
import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { ALARM_SECONDS_BEFORE, deadlinesCalendar, eventUid, matchesAtom, type FeedEntry, type FeedInput } from "~/alerts/feeds.server";

const entry = (over: Partial<FeedEntry["call"]> & { publishedAt?: string; score?: number } = {}): FeedEntry => ({
  call: {
    publicId: "prova:cloud-1",
    title: "Contributi per il cloud <dei> piccoli comuni & unioni",
    issuer: "Regione Lombardia",
    deadline: "2026-03-31T10:00:00.000Z", // 12:00 in Rome
    url: "https://www.regione.lombardia.it/bandi/cloud-1",
    version: 1,
    updatedAt: "2026-01-10T09:00:00.000Z",
    themes: ["cloud"],
    ...over,
  },
  score: over.score ?? 72,
  claimableAmount: 23147,
  firstReason: "Il bando finanzia la migrazione in cloud prevista nel piano triennale.",
  publishedAt: over.publishedAt ?? "2026-01-10T09:05:00.000Z",
});

const input = (entries: FeedEntry[], now = "2026-02-01T08:00:00.000Z"): FeedInput => ({
  comune: { istat: "016024", name: "Bergamo" },
  entries,
  appUrl: "https://cruscotto.example.it",
  domain: "cruscotto.example.it",
  now: new Date(now),
});

function events(ics: string) {
  const component = new ICAL.Component(ICAL.parse(ics));
  return component.getAllSubcomponents("vevent");
}

describe("scadenze.ics (parsed back with ical.js)", () => {
  const open = entry();
  const second = entry({ publicId: "prova:scuole-2", title: "Scuole digitali", deadline: "2026-04-30T21:59:59.999Z", themes: ["scuole"] });
  const closed = entry({ publicId: "prova:chiuso", deadline: "2026-01-15T21:59:59.999Z" });
  const sportello = entry({ publicId: "prova:sportello", deadline: null });

  it("one all-day event per matched open call's deadline, with an alarm, in Italian", () => {
    const ics = deadlinesCalendar(input([open, second, closed, sportello]));
    const list = events(ics);
    expect(list.map((e) => e.getFirstPropertyValue("uid"))).toEqual([
      eventUid("prova:cloud-1", "016024", "cruscotto.example.it"),
      eventUid("prova:scuole-2", "016024", "cruscotto.example.it"),
    ]);
    const first = list[0]!;
    const start = first.getFirstPropertyValue("dtstart") as ICAL.Time;
    expect(start.isDate).toBe(true);
    expect(start.toString()).toBe("2026-03-31");
    expect(first.getFirstPropertyValue("summary")).toBe("Scadenza ore 12:00: Contributi per il cloud <dei> piccoli comuni & unioni");
    expect(list[1]!.getFirstPropertyValue("summary")).toBe("Scadenza: Scuole digitali");
    const description = String(first.getFirstPropertyValue("description"));
    expect(description).toContain("Importo richiedibile: € 23.147,00");
    expect(description).toContain("Perché: Il bando finanzia");
    const alarm = first.getFirstSubcomponent("valarm")!;
    expect(alarm.getFirstPropertyValue("action")).toBe("DISPLAY");
    const trigger = alarm.getFirstPropertyValue("trigger") as ICAL.Duration;
    expect(trigger.toSeconds()).toBe(-ALARM_SECONDS_BEFORE);
    expect(trigger.toString()).toBe("-P2DT15H");
  });

  it("the UID stays, SEQUENCE and LAST-MODIFIED follow the call: calendars update the event on change", () => {
    const before = events(deadlinesCalendar(input([open])))[0]!;
    const changed = entry({ deadline: "2026-04-30T10:00:00.000Z", version: 2, updatedAt: "2026-01-20T09:00:00.000Z" });
    const after = events(deadlinesCalendar(input([changed])))[0]!;
    expect(after.getFirstPropertyValue("uid")).toBe(before.getFirstPropertyValue("uid"));
    expect(before.getFirstPropertyValue("sequence")).toBe(1);
    expect(after.getFirstPropertyValue("sequence")).toBe(2);
    expect((after.getFirstPropertyValue("dtstart") as ICAL.Time).toString()).toBe("2026-04-30");
    expect((after.getFirstPropertyValue("last-modified") as ICAL.Time).toJSDate().toISOString()).toBe("2026-01-20T09:00:00.000Z");
  });

  it("a deadline just before midnight in Rome falls on its Rome day (not the UTC one)", () => {
    const late = entry({ deadline: "2026-06-30T21:59:59.999Z" }); // 23:59:59 on 30/06 in Rome
    expect((events(deadlinesCalendar(input([late])))[0]!.getFirstPropertyValue("dtstart") as ICAL.Time).toString()).toBe("2026-06-30");
  });
});

describe("feed.atom (valid Atom 1.0, parsed back)", () => {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@", isArray: (name) => ["entry", "link", "category"].includes(name) });
  const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

  it("has the elements RFC 4287 requires, escaped text, entries newest first", () => {
    const older = entry({ publicId: "prova:vecchio", title: "Bando vecchio", publishedAt: "2026-01-02T09:00:00.000Z", updatedAt: "2026-01-01T09:00:00.000Z" });
    const newer = entry({ publicId: "prova:nuovo", title: "Bando <nuovo> & \u0001", publishedAt: "2026-01-20T09:00:00.000Z", updatedAt: "2026-01-19T09:00:00.000Z" });
    const text = matchesAtom(input([older, newer]));
    const doc = parser.parse(text);
    const feed = doc.feed;
    expect(feed["@xmlns"]).toBe("http://www.w3.org/2005/Atom");
    for (const required of ["id", "title", "updated", "author"]) expect(feed[required], required).toBeDefined();
    expect(feed.updated).toBe("2026-01-20T09:00:00.000Z");
    // The entries are the matched open calls (feedEntries): the subtitle says so, nothing more.
    expect(feed.subtitle["#text"]).toBe("I bandi aperti abbinati al comune, dal più recente.");
    expect(feed.link.find((l: Record<string, string>) => l["@rel"] === "self")["@href"]).toBe("https://cruscotto.example.it/comuni/016024/feed.atom");
    expect(feed.entry.map((e: { title: { "#text": string } }) => e.title["#text"])).toEqual(["Bando <nuovo> &", "Bando vecchio"]);
    for (const e of feed.entry) {
      for (const required of ["id", "title", "updated", "link", "summary"]) expect(e[required], required).toBeDefined();
      expect(e.updated).toMatch(rfc3339);
      expect(e.published).toMatch(rfc3339);
      expect(String(e.id)).toMatch(/^tag:cruscotto\.example\.it,2026:comuni\/016024\/bandi\//);
    }
    expect(feed.entry[0].summary["#text"]).toContain("Importo richiedibile: € 23.147,00");
    // Entry ids never change: the same call keeps its id when its content changes.
    const again = parser.parse(matchesAtom(input([entry({ publicId: "prova:nuovo", title: "Titolo cambiato", version: 3 })]))).feed.entry[0].id;
    expect(again).toBe(feed.entry[0].id);
    // Well-formed (no control characters), escaped markup.
    expect([...text].some((c) => c.charCodeAt(0) < 9)).toBe(false);
    expect(text).toContain("Bando &lt;nuovo&gt; &amp; ");
  });

  it("an empty feed is still valid", () => {
    const feed = parser.parse(matchesAtom(input([]))).feed;
    expect(feed.updated).toBe("2026-02-01T08:00:00.000Z");
    expect(feed.entry).toBeUndefined();
  });
});
