import { foldText } from "./text";
import { romeToInstant, romeWallClock } from "./time";

/**
 * Schedules of configured sources, written the way curators say them (Rome time):
 *   "ogni 30 minuti", "ogni 6 ore", "ogni giorno alle 06:00", "ogni lunedì alle 07:30".
 * Pure: `nextSlot` gives the first slot strictly after an instant.
 */

export type Schedule =
  | { kind: "interval"; minutes: number }
  | { kind: "daily"; hour: number; minute: number }
  | { kind: "weekly"; weekday: number; hour: number; minute: number };

const WEEKDAYS = ["domenica", "lunedi", "martedi", "mercoledi", "giovedi", "venerdi", "sabato"];

export const SCHEDULE_EXAMPLES = ["ogni 6 ore", "ogni giorno alle 06:00", "ogni lunedì alle 07:30", "ogni 30 minuti"] as const;

export type ScheduleResult = { ok: true; schedule: Schedule } | { ok: false; reason: string };

export function parseSchedule(text: string): ScheduleResult {
  const t = foldText(text).replace(/\s+/g, " ");
  const bad = { ok: false as const, reason: `pianificazione non riconosciuta «${text.slice(0, 60)}»: ad esempio ${SCHEDULE_EXAMPLES.map((e) => `«${e}»`).join(", ")}` };
  let m = /^ogni (\d{1,4}) (minuti|minuto|ore|ora|giorni|giorno)$/.exec(t);
  if (m) {
    const n = Number(m[1]);
    const unit = m[2]!.startsWith("minut") ? 1 : m[2]!.startsWith("or") ? 60 : 1440;
    const minutes = n * unit;
    if (minutes < 5) return { ok: false, reason: "intervallo troppo breve: almeno 5 minuti" };
    if (minutes > 60 * 24 * 31) return { ok: false, reason: "intervallo troppo lungo: al massimo 31 giorni" };
    return { ok: true, schedule: { kind: "interval", minutes } };
  }
  m = /^ogni (ora)$/.exec(t);
  if (m) return { ok: true, schedule: { kind: "interval", minutes: 60 } };
  m = /^ogni ([a-z]+) alle (?:ore )?(\d{1,2})[:.](\d{2})$/.exec(t);
  if (m) {
    const hour = Number(m[2]);
    const minute = Number(m[3]);
    if (hour > 23 || minute > 59) return bad;
    if (m[1] === "giorno") return { ok: true, schedule: { kind: "daily", hour, minute } };
    const weekday = WEEKDAYS.indexOf(m[1]!);
    if (weekday >= 0) return { ok: true, schedule: { kind: "weekly", weekday, hour, minute } };
  }
  return bad;
}

/** The first slot strictly after `after`. Interval slots are aligned to the Unix epoch. */
export function nextSlot(schedule: Schedule, after: Date): Date {
  if (schedule.kind === "interval") {
    const step = schedule.minutes * 60_000;
    return new Date((Math.floor(after.getTime() / step) + 1) * step);
  }
  const wall = romeWallClock(after);
  for (let add = 0; add <= 8; add++) {
    const day = new Date(Date.UTC(wall.year, wall.month - 1, wall.day + add));
    if (schedule.kind === "weekly" && day.getUTCDay() !== schedule.weekday) continue;
    const candidate = romeToInstant({
      year: day.getUTCFullYear(),
      month: day.getUTCMonth() + 1,
      day: day.getUTCDate(),
      hour: schedule.hour,
      minute: schedule.minute,
      second: 0,
    });
    if (candidate.getTime() > after.getTime()) return candidate;
  }
  /* c8 ignore next */
  throw new Error("nessuno slot trovato");
}

export function describeSchedule(schedule: Schedule): string {
  const hm = (h: number, m: number) => `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
  if (schedule.kind === "interval") {
    if (schedule.minutes % 1440 === 0) return schedule.minutes === 1440 ? "ogni giorno" : `ogni ${schedule.minutes / 1440} giorni`;
    if (schedule.minutes % 60 === 0) return schedule.minutes === 60 ? "ogni ora" : `ogni ${schedule.minutes / 60} ore`;
    return `ogni ${schedule.minutes} minuti`;
  }
  if (schedule.kind === "daily") return `ogni giorno alle ${hm(schedule.hour, schedule.minute)}`;
  const names = ["domenica", "lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato"];
  return `ogni ${names[schedule.weekday]} alle ${hm(schedule.hour, schedule.minute)}`;
}

/** What a curator sets for a scheduled source (the form's values and what the data layer stores). */
export interface SourceSettings {
  name: string;
  adapter: string;
  url: string;
  schedule: string;
  enabled: boolean;
  publish: boolean;
}
