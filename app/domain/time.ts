/**
 * Europe/Rome date-time handling (API.md: "Dates without an offset are Europe/Rome local time").
 * Pure: relies only on the ECMAScript Intl time-zone database.
 */

export const ROME = "Europe/Rome";

const partsFormat = new Intl.DateTimeFormat("en-GB", {
  timeZone: ROME,
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

export interface WallClock {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClockByFormat(instant: Date): WallClock {
  const parts: Record<string, number> = {};
  for (const part of partsFormat.formatToParts(instant)) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 0,
    day: parts.day ?? 0,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/**
 * Rome's UTC offset for each UTC hour, remembered: Intl's formatToParts is slow and the
 * dashboards convert thousands of instants per page. Since 1900 Rome's offset has changed
 * only at whole UTC hours, so one lookup per hour is exact; earlier instants are formatted.
 */
const offsetByHour = new Map<number, number>();
const HOUR = 3_600_000;
const CACHE_FROM = Date.UTC(1900, 0, 1);

function offsetOfHour(hour: number): number {
  let offset = offsetByHour.get(hour);
  if (offset === undefined) {
    const start = hour * HOUR;
    const w = wallClockByFormat(new Date(start));
    offset = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - start;
    if (offsetByHour.size >= 100_000) offsetByHour.clear();
    offsetByHour.set(hour, offset);
  }
  return offset;
}

/** The wall-clock time in Rome at an instant. */
export function romeWallClock(instant: Date): WallClock {
  const ms = instant.getTime();
  if (!Number.isFinite(ms) || ms < CACHE_FROM) return wallClockByFormat(instant);
  const wall = new Date(Math.floor(ms / 1000) * 1000 + offsetOfHour(Math.floor(ms / HOUR)));
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
  };
}

function offsetAt(epochMs: number): number {
  const wall = romeWallClock(new Date(epochMs));
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}

/** The instant at which Rome's clocks show the given wall-clock time. */
export function romeToInstant(wall: WallClock): Date {
  const guess = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  const first = offsetAt(guess);
  let instant = guess - first;
  const second = offsetAt(instant);
  if (second !== first) instant = guess - second;
  return new Date(instant);
}

/** `YYYY-MM-DD` of an instant in Rome. */
export function romeDateKey(instant: Date): string {
  const w = romeWallClock(instant);
  return `${String(w.year).padStart(4, "0")}-${String(w.month).padStart(2, "0")}-${String(w.day).padStart(2, "0")}`;
}

const LOCAL_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

export type DayBoundary = "start" | "end";

/**
 * Parses an ISO-like date or date-time. Without an offset it is Rome local time; a date alone
 * means the start (for openings) or the end (for deadlines) of that day in Rome.
 * Returns null when the text is not a valid date.
 */
export function parseRomeDateTime(text: string, boundary: DayBoundary): Date | null {
  const match = LOCAL_RE.exec(text.trim());
  if (!match) return null;
  const [, y, mo, d, h, mi, s, zone] = match;
  const wall: WallClock = {
    year: Number(y),
    month: Number(mo),
    day: Number(d),
    hour: h === undefined ? (boundary === "end" ? 23 : 0) : Number(h),
    minute: mi === undefined ? (boundary === "end" ? 59 : 0) : Number(mi),
    second: s === undefined ? (h === undefined && boundary === "end" ? 59 : 0) : Number(s),
  };
  if (!isValidWallClock(wall)) return null;
  if (zone) {
    const normalised = zone === "Z" ? "Z" : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
    const iso = `${y}-${mo}-${d}T${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)}${normalised}`;
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? null : date;
  }
  return romeToInstant(wall);
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

function isValidWallClock(w: WallClock): boolean {
  if (w.month < 1 || w.month > 12 || w.day < 1 || w.hour > 23 || w.minute > 59 || w.second > 59) return false;
  const daysInMonth = new Date(Date.UTC(w.year, w.month, 0)).getUTCDate();
  return w.day <= daysInMonth;
}

/** Whole days from `from` to `to` counted on Rome calendar dates (negative when past). */
export function romeDaysBetween(from: Date, to: Date): number {
  const a = romeDateKey(from);
  const b = romeDateKey(to);
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** The instant of the next midnight in Rome after `instant` (when Rome calendar days change). */
export function nextRomeMidnight(instant: Date): Date {
  const w = romeWallClock(instant);
  const tomorrow = new Date(Date.UTC(w.year, w.month - 1, w.day + 1));
  return romeToInstant({ year: tomorrow.getUTCFullYear(), month: tomorrow.getUTCMonth() + 1, day: tomorrow.getUTCDate(), hour: 0, minute: 0, second: 0 });
}
