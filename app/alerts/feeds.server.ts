import ical, { ICalAlarmType, ICalCalendarMethod } from "ical-generator";
import { escapeHtml } from "~/mail/render.server";
import { formatDateTime, formatEuro } from "~/domain/format";
import { romeDateKey, romeWallClock } from "~/domain/time";

/**
 * The comune's feeds (issue 7, point 5; API.md): `/comuni/{istat}/scadenze.ics` — one all-day
 * event per matched open call's deadline, with an alarm, a UID that never changes and a SEQUENCE
 * that follows the call's version (calendar apps update the event when the call changes) — and
 * `/comuni/{istat}/feed.atom`, a valid Atom 1.0 feed of the comune's matched calls, newest first.
 * Both are rendered from plain entries; the routes read them from the match store.
 */

export interface FeedEntry {
  call: {
    publicId: string;
    title: string;
    issuer: string;
    deadline: string | null;
    url: string | null;
    /** The call's live version (API `versione`): the event's SEQUENCE. */
    version: number;
    /** Last change of the live call (API `aggiornatoIl`). */
    updatedAt: string;
    themes: readonly string[];
  };
  score: number;
  claimableAmount: number | null;
  firstReason: string | null;
  /**
   * When the call was published in the catalogue (the Atom entry's `published`): the store keeps
   * no "first matched" time, its rows are rewritten by every run.
   */
  publishedAt: string;
}

export interface FeedInput {
  comune: { istat: string; name: string };
  entries: readonly FeedEntry[];
  /** APP_URL: absolute links (SECURITY.md 9). */
  appUrl: string;
  /** Host of APP_URL, for UIDs and tag URIs. */
  domain: string;
  now: Date;
}

/** The alarm rings at 09:00 three days before the deadline's day (relative to the all-day start, 00:00). */
export const ALARM_SECONDS_BEFORE = 3 * 86_400 - 9 * 3_600;

export function eventUid(publicId: string, istat: string, domain: string): string {
  return `scadenza-${encodeURIComponent(publicId)}-${istat}@${domain}`;
}

function comuneUrl(input: Pick<FeedInput, "appUrl" | "comune">): string {
  return `${input.appUrl}/comuni/${input.comune.istat}`;
}

function isHttpUrl(value: string | null): value is string {
  return !!value && /^https?:\/\//i.test(value);
}

function deadlineTime(iso: string): string | null {
  const w = romeWallClock(new Date(iso));
  if (w.hour === 23 && w.minute === 59) return null;
  return `${String(w.hour).padStart(2, "0")}:${String(w.minute).padStart(2, "0")}`;
}

function facts(entry: FeedEntry): string[] {
  return [
    `Ente: ${entry.call.issuer}`,
    `Importo richiedibile: ${entry.claimableAmount === null ? "non indicato" : formatEuro(entry.claimableAmount)}`,
    entry.call.deadline ? `Scadenza: ${formatDateTime(entry.call.deadline)}` : "Scadenza: nessuna (a sportello)",
    `Punteggio di adeguatezza: ${entry.score} su 100`,
    ...(entry.firstReason ? [`Perché: ${entry.firstReason}`] : []),
  ];
}

/** iCalendar of the deadlines of the comune's matched open calls. */
export function deadlinesCalendar(input: FeedInput): string {
  const calendar = ical({
    name: `Scadenze dei bandi per ${input.comune.name}`,
    description: `Le scadenze dei bandi aperti adatti al comune di ${input.comune.name}, dal Cruscotto digitale di ANCI Lombardia.`,
    prodId: { company: "ANCI Lombardia", product: "Cruscotto digitale", language: "IT" },
    method: ICalCalendarMethod.PUBLISH,
    url: comuneUrl(input),
    ttl: 6 * 3600,
  });
  const open = input.entries.filter((e) => e.call.deadline && Date.parse(e.call.deadline) > input.now.getTime());
  for (const entry of open) {
    const deadline = entry.call.deadline!;
    const day = romeDateKey(new Date(deadline));
    const time = deadlineTime(deadline);
    // Noon UTC of the Rome date: the same calendar day whatever zone the library formats in.
    const start = new Date(`${day}T12:00:00Z`);
    const event = calendar.createEvent({
      id: eventUid(entry.call.publicId, input.comune.istat, input.domain),
      allDay: true,
      start,
      summary: `Scadenza${time ? ` ore ${time}` : ""}: ${entry.call.title}`,
      description: [...facts(entry), `Nel Cruscotto: ${comuneUrl(input)}`, ...(isHttpUrl(entry.call.url) ? [`Bando: ${entry.call.url}`] : [])].join("\n"),
      url: isHttpUrl(entry.call.url) ? entry.call.url : comuneUrl(input),
      sequence: entry.call.version,
      stamp: new Date(entry.call.updatedAt),
      lastModified: new Date(entry.call.updatedAt),
      categories: [{ name: "Scadenza bando" }],
    });
    event.createAlarm({ type: ICalAlarmType.display, trigger: ALARM_SECONDS_BEFORE, description: `Tra tre giorni scade: ${entry.call.title}` });
  }
  return calendar.toString();
}

/** XML text content and attribute values. */
function xml(value: string): string {
  // Characters XML 1.0 does not allow are dropped; the rest is escaped.
  // eslint-disable-next-line no-control-regex
  return escapeHtml(value.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, ""));
}

function entryUpdated(entry: FeedEntry): string {
  return new Date(Math.max(Date.parse(entry.call.updatedAt), Date.parse(entry.publishedAt))).toISOString();
}

/** Atom 1.0 (RFC 4287) of the comune's matched calls, newest first. */
export function matchesAtom(input: FeedInput): string {
  const self = `${comuneUrl(input)}/feed.atom`;
  const entries = [...input.entries].sort((a, b) => {
    const d = Date.parse(entryUpdated(b)) - Date.parse(entryUpdated(a));
    return d !== 0 ? d : a.call.publicId < b.call.publicId ? -1 : 1;
  });
  const updated = entries.length ? entryUpdated(entries[0]!) : input.now.toISOString();
  const year = "2026";
  const items = entries.map((entry) => {
    const id = `tag:${input.domain},${year}:comuni/${input.comune.istat}/bandi/${encodeURIComponent(entry.call.publicId)}`;
    const categories = entry.call.themes.map((t) => `    <category term="${xml(t)}"/>`).join("\n");
    return `  <entry>
    <id>${xml(id)}</id>
    <title type="text">${xml(entry.call.title)}</title>
    <updated>${entryUpdated(entry)}</updated>
    <published>${new Date(entry.publishedAt).toISOString()}</published>
    <link rel="alternate" type="text/html" href="${xml(comuneUrl(input))}"/>
${isHttpUrl(entry.call.url) ? `    <link rel="related" type="text/html" href="${xml(entry.call.url)}"/>\n` : ""}    <summary type="text">${xml(facts(entry).join(" · "))}</summary>
${categories ? `${categories}\n` : ""}  </entry>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="it">
  <id>${xml(`tag:${input.domain},${year}:comuni/${input.comune.istat}/bandi`)}</id>
  <title type="text">${xml(`Bandi adatti al comune di ${input.comune.name} — Cruscotto digitale`)}</title>
  <subtitle type="text">${xml("I bandi aperti abbinati al comune, dal più recente.")}</subtitle>
  <updated>${updated}</updated>
  <link rel="self" type="application/atom+xml" href="${xml(self)}"/>
  <link rel="alternate" type="text/html" href="${xml(comuneUrl(input))}"/>
  <author><name>ANCI Lombardia — Cruscotto digitale</name><uri>${xml(input.appUrl)}</uri></author>
  <generator uri="${xml(input.appUrl)}">Cruscotto digitale</generator>
${items.join("\n")}
</feed>
`;
}
