import { foldText, slugify, squashWhitespace } from "~/domain/text";
import { parseRomeDateTime } from "~/domain/time";
import { decodeText } from "~/lib/csv";
import { InputError } from "~/lib/errors";
import type { RunReject } from "~db/schema/runs";
import type { ParsedSource, RawCall, SourcePosition } from "../types";

/**
 * Small pure helpers shared by the source adapters: reading JSON safely, turning loosely typed
 * source values into text, lists, dates and amounts, and collecting items and rejects.
 */

/** Largest input an adapter accepts (the pipeline applies its own, usually smaller, limits first). */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

export function ensureInputSize(input: Uint8Array, file: string, max = MAX_INPUT_BYTES): void {
  if (input.byteLength > max) {
    throw new InputError(`file troppo grande: ${input.byteLength} byte, massimo ${max}`, { file });
  }
}

/** Decodes UTF-8 (with or without BOM) JSON; anything unreadable is an InputError. */
export function readJson(input: Uint8Array, file: string): unknown {
  ensureInputSize(input, file);
  const text = decodeText(input, "utf-8");
  if (text.trim() === "") throw new InputError("il file è vuoto", { file });
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InputError(`JSON non valido: ${(error as Error).message}`, { file });
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** An own property of a parsed JSON object (never one inherited from the prototype). */
export function own(record: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

/** Text of a scalar source value, whitespace squashed; arrays give their first non-empty item. */
export function textOf(value: unknown): string {
  if (typeof value === "string") return squashWhitespace(value);
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value === "boolean") return String(value);
  if (Array.isArray(value)) {
    for (const item of value) {
      const text = textOf(item);
      if (text) return text;
    }
  }
  return "";
}

/** Every non-empty text of an array value (a scalar gives a one-item list). */
export function textsOf(value: unknown): string[] {
  const items = Array.isArray(value) ? value : [value];
  return items.map(textOf).filter((text) => text !== "");
}

const DMY_RE = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;

/**
 * A source date as an ISO-like string the pipeline reads (Rome local time unless an offset is
 * given): ISO dates and date-times pass through, `23/02/2024` becomes `2024-02-23`.
 * Returns "" for an empty value and null for text that is not a valid date.
 */
export function readSourceDate(value: unknown): string | null {
  const text = textOf(value);
  if (text === "") return "";
  const dmy = DMY_RE.exec(text);
  const iso = dmy ? `${dmy[3]}-${dmy[2]!.padStart(2, "0")}-${dmy[1]!.padStart(2, "0")}` : text;
  return parseRomeDateTime(iso, "start") ? iso : null;
}

/** True when both dates are given and the deadline falls before the opening. */
export function closesBeforeOpening(opens: string | null, closes: string | null): boolean {
  if (!opens || !closes) return false;
  const start = parseRomeDateTime(opens, "start");
  const end = parseRomeDateTime(closes, "end");
  return start !== null && end !== null && end.getTime() < start.getTime();
}

const FLOATING_MIDNIGHT_RE = /^(\d{4}-\d{2}-\d{2})T00:00(?::00(?:\.0+)?)?$/;

/**
 * A floating timestamp at exactly midnight (`2026-09-07T00:00:00.000`) is how some sources store
 * a plain date: it becomes the date alone, which the contract reads as the start of that day for
 * an opening and the END of that day for a deadline. Other values are returned unchanged.
 */
export function calendarDayIfMidnight(value: string): string {
  return FLOATING_MIDNIGHT_RE.exec(value)?.[1] ?? value;
}

/** Whether a source date-time carried a midnight time that `calendarDayIfMidnight` dropped. */
export function isFloatingMidnight(value: string): boolean {
  return FLOATING_MIDNIGHT_RE.test(value);
}

const MULTIPLIERS: [RegExp, number][] = [
  [/\b(miliardi|miliardo|mld)\b/, 1e9],
  [/\b(milioni|milione|mln|mio)\b/, 1e6],
  [/\bmila\b/, 1e3],
];

/**
 * An amount in euro from a source value, or null when it is not one. Reads numbers, Italian
 * text ("1.234.567,50", "15375383,50", "€ 15.000", "1,5 milioni"), and the dot-decimal floats of
 * CSV exports ("1000000.0", "4058598.4"): those are read here because the pipeline's Italian
 * parser would take their dot for a thousands separator.
 */
export function readSourceAmount(value: unknown): number | null {
  if (typeof value === "number") return Number.isFinite(value) && value >= 0 && value < 1e13 ? value : null;
  if (typeof value !== "string") return null;
  let text = foldText(value)
    .replace(/\u00a0/g, " ")
    .replace(/€|\beuro\b|\beur\b|\bdi\b/g, " ")
    .trim();
  let multiplier = 1;
  for (const [re, factor] of MULTIPLIERS) {
    if (re.test(text)) {
      multiplier = factor;
      text = text.replace(re, " ").trim();
      break;
    }
  }
  // Spaces inside a number are only thousands groups ("1 234 567"); "12 13" is not an amount.
  if (/\d\s+\d/.test(text) && !/^\d{1,3}(\s\d{3})+(,\d+)?$/.test(text)) return null;
  text = text.replace(/\s+/g, "");
  let number: number | null = null;
  if (/^\d+$/.test(text)) number = Number(text);
  else if (/^\d{1,3}(\.\d{3})+(,\d+)?$/.test(text)) number = Number(text.replace(/\./g, "").replace(",", "."));
  else if (/^\d+,\d+$/.test(text)) number = Number(text.replace(",", "."));
  else if (/^\d{1,3}(,\d{3})+\.\d+$/.test(text) || /^\d{1,3}(,\d{3}){2,}$/.test(text)) number = Number(text.replace(/,/g, ""));
  else if (/^\d+\.\d+$/.test(text)) number = Number(text);
  if (number === null || !Number.isFinite(number)) return null;
  const amount = Math.round(number * multiplier * 100) / 100;
  return amount < 1e13 ? amount : null;
}

/** An http(s) URL from a source value, or null (javascript:, data: and relative links are dropped). */
export function safeUrl(value: unknown): string | null {
  const text = textOf(value);
  if (!/^https?:\/\//i.test(text)) return null;
  try {
    const url = new URL(text);
    return url.protocol === "http:" || url.protocol === "https:" ? text : null;
  } catch {
    return null;
  }
}

/** 32-bit FNV-1a of a string, as 8 hex digits: a short stable fingerprint for ids. */
export function fingerprint(value: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    hash ^= value.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, "0");
}

/**
 * A stable source id from a title (sources without an id column). The whole slug when it is at
 * most 100 characters, else its first 91 characters plus a fingerprint of the whole slug, so two
 * long titles that differ only at the end still get different ids.
 */
export function idFromTitle(title: string): string {
  const full = slugify(title, 10_000);
  if (full.length <= 100) return full;
  return `${full.slice(0, 91).replace(/-+$/, "")}-${fingerprint(full)}`;
}

/** Removes repeated values, keeping the first occurrence's order. */
export function unique<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}

/**
 * Collects an adapter's output: items, rejects (with line or index, field and an Italian
 * reason), skipped counts, and refuses a second item with an id already seen in the input.
 */
export class SourceCollector {
  private readonly items: ParsedSource["items"] = [];
  private readonly rejects: RunReject[] = [];
  private readonly skipped: Record<string, number> = {};
  private readonly seen = new Map<string, SourcePosition>();

  constructor(private readonly fonte: string) {}

  reject(position: SourcePosition, field: string | undefined, reason: string): void {
    this.rejects.push({ ...position, ...(field ? { field } : {}), reason });
  }

  /**
   * Reads an item's opening and closing dates (each a date or empty; the closing not before the
   * opening). On a problem the item is rejected with the field and undefined is returned.
   */
  readPeriod(
    position: SourcePosition,
    opening: { field: string; value: unknown },
    closing: { field: string; value: unknown },
  ): { opens: string; closes: string } | undefined {
    const opens = readSourceDate(opening.value);
    if (opens === null) {
      this.reject(position, opening.field, `data di apertura non valida: "${textOf(opening.value)}"`);
      return undefined;
    }
    const closes = readSourceDate(closing.value);
    if (closes === null) {
      this.reject(position, closing.field, `data di chiusura non valida: "${textOf(closing.value)}"`);
      return undefined;
    }
    if (closesBeforeOpening(opens, closes)) {
      this.reject(position, closing.field, `la chiusura (${closes}) precede l'apertura (${opens})`);
      return undefined;
    }
    return { opens, closes };
  }

  skip(reason: string): void {
    this.skipped[reason] = (this.skipped[reason] ?? 0) + 1;
  }

  /** Adds a call unless its idFonte already appeared in this input (then it is rejected). */
  add(position: SourcePosition, call: RawCall, idField: string): void {
    const previous = this.seen.get(call.idFonte);
    if (previous) {
      const where = previous.line !== undefined ? `alla riga ${previous.line}` : `all'elemento ${previous.index}`;
      this.reject(position, idField, `identificativo "${call.idFonte}" già presente ${where}`);
      return;
    }
    this.seen.set(call.idFonte, position);
    this.items.push({ position, call });
  }

  result(read: number): ParsedSource {
    const source: ParsedSource = { fonte: this.fonte, items: this.items, rejects: this.rejects, read };
    if (Object.keys(this.skipped).length > 0) source.skipped = this.skipped;
    return source;
  }
}
