import { formatDateTime, formatEuro } from "~/domain/format";
import { parseRomeDateTime } from "~/domain/time";
import { InputError } from "~/lib/errors";
import { guessBeneficiaries, plainText } from "../text-hints";
import type { AdapterContext, ParsedSource, RawCall, SourceAdapter } from "../types";
import { SourceCollector, isRecord, own, readJson, readSourceAmount, safeUrl, textOf, textsOf, unique } from "./shared";

/**
 * EU Funding & Tenders Portal — a SEDIA search API response:
 * `{ totalResults, pageNumber, pageSize, results: [{ reference, url, summary, content, metadata }] }`
 * where EVERY metadata value is an array of strings. `budgetOverview` is a JSON string with
 * `budgetTopicActionMap`; `descriptionByte` is HTML (the pipeline reduces it to safe text).
 * EU-wide: no territorial restriction. Choice of deadline and beneficiaries: decision 0023.
 */

export const EU_ISSUER = "Commissione europea";
export const STATUS = { forthcoming: "31094501", open: "31094502", closed: "31094503" } as const;
const PORTAL_TOPIC_URL = "https://ec.europa.eu/info/funding-tenders/opportunities/portal/screen/opportunities/topic-details/";

/** A date at midnight UTC (or a bare date) is a calendar day, not an instant. */
const CALENDAR_DAY_RE = /^(\d{4}-\d{2}-\d{2})(?:T00:00(?::00(?:\.0+)?)?(?:Z|[+-]00:?00)?)?$/;

/**
 * A SEDIA deadline as the canonical string. The API writes calendar days as midnight UTC
 * (`2026-04-29T00:00:00.000+0000`) and budget rows as bare dates; EU calls close at 17:00
 * Brussels time, the same zone as Rome, so a calendar day becomes `2026-04-29T17:00` (assumed:
 * `assumedTime`). Any other time is kept as given.
 */
export function euDeadline(text: string): { value: string; assumedTime: boolean } | null {
  const day = CALENDAR_DAY_RE.exec(text.trim());
  if (day) return parseRomeDateTime(day[1]!, "start") ? { value: `${day[1]}T17:00`, assumedTime: true } : null;
  return parseRomeDateTime(text, "end") ? { value: text.trim(), assumedTime: false } : null;
}

interface BudgetRow {
  action: string;
  total: number | null;
  min: number | null;
  max: number | null;
  deadlineModel: string;
  deadlines: string[];
}

/** The topic's rows of `budgetOverview`: those whose action starts with the identifier, else a single row. */
export function topicBudgetRows(budgetOverview: unknown, identifier: string): BudgetRow[] | null {
  const raw = textOf(budgetOverview);
  if (!raw) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw) as unknown;
  } catch {
    return null;
  }
  const map = isRecord(parsed) ? own(parsed, "budgetTopicActionMap") : undefined;
  if (!isRecord(map)) return null;
  const rows: BudgetRow[] = [];
  for (const list of Object.values(map)) {
    for (const entry of Array.isArray(list) ? list : []) {
      if (!isRecord(entry)) continue;
      const years = own(entry, "budgetYearMap");
      const amounts = isRecord(years) ? Object.values(years).map((v) => readSourceAmount(typeof v === "number" ? v : textOf(v))) : [];
      const known = amounts.filter((a): a is number => a !== null);
      rows.push({
        action: textOf(own(entry, "action")),
        total: known.length > 0 ? known.reduce((a, b) => a + b, 0) : null,
        min: readSourceAmount(own(entry, "minContribution")),
        max: readSourceAmount(own(entry, "maxContribution")),
        deadlineModel: textOf(own(entry, "deadlineModel")),
        deadlines: textsOf(own(entry, "deadlineDates")),
      });
    }
  }
  const prefix = identifier.toUpperCase();
  const mine = rows.filter((row) => row.action.toUpperCase().startsWith(prefix));
  if (mine.length > 0) return mine;
  return rows.length === 1 ? rows : null;
}

/**
 * Which of several deadlines is the call's: the first one for a two-stage call (stage 1 is where
 * applications start); for a closed call the last; otherwise the next one not yet past, or the
 * last when all are past (multiple cut-offs).
 */
export function chooseDeadline(sorted: string[], options: { twoStage: boolean; closed: boolean; now: Date }): string | null {
  if (sorted.length === 0) return null;
  if (options.twoStage) return sorted[0]!;
  if (options.closed) return sorted[sorted.length - 1]!;
  const next = sorted.find((d) => (parseRomeDateTime(d, "end")?.getTime() ?? 0) >= options.now.getTime());
  return next ?? sorted[sorted.length - 1]!;
}

function describeDeadline(value: string): string {
  const instant = parseRomeDateTime(value, "end");
  return instant ? formatDateTime(instant) : value;
}

export function parseEuSedia(input: Uint8Array, context: AdapterContext): ParsedSource {
  const file = context.file;
  const data = readJson(input, file);
  const results = isRecord(data) ? own(data, "results") : undefined;
  if (!Array.isArray(results)) throw new InputError('risposta SEDIA non riconosciuta: manca l\'elenco "results"', { file });
  const out = new SourceCollector("eu-sedia");

  results.forEach((result: unknown, index) => {
    const position = { index };
    const meta = isRecord(result) ? own(result, "metadata") : undefined;
    if (!isRecord(result) || !isRecord(meta)) {
      out.reject(position, "metadata", "risultato senza metadati");
      return;
    }
    const m = (key: string) => own(meta, key);
    const identifier = textOf(m("identifier")) || textOf(own(result, "reference"));
    if (!identifier) {
      out.reject(position, "identifier", "identificativo del bando mancante");
      return;
    }
    const title = textOf(m("title")) || textOf(own(result, "summary"));
    if (!title) {
      out.reject(position, "title", "titolo mancante");
      return;
    }
    const startText = textOf(m("startDate"));
    const start = startText ? euDeadline(startText) : null;
    if (startText && !start) {
      out.reject(position, "startDate", `data di apertura non valida: "${startText}"`);
      return;
    }
    const suggerimenti: string[] = [];
    const budget = topicBudgetRows(m("budgetOverview"), identifier);
    if (budget === null) suggerimenti.push("budgetOverview non leggibile o non riferibile al topic: importi da verificare.");
    const rows = budget ?? [];

    const deadlineTexts = [...textsOf(m("deadlineDate")), ...rows.flatMap((row) => row.deadlines)];
    const deadlines: { value: string; assumedTime: boolean }[] = [];
    for (const text of deadlineTexts) {
      const deadline = euDeadline(text);
      if (!deadline) {
        suggerimenti.push(`Scadenza non leggibile ignorata: "${text}".`);
        continue;
      }
      if (!deadlines.some((d) => d.value === deadline.value)) deadlines.push(deadline);
    }
    const sorted = deadlines
      .map((d) => d.value)
      .sort((a, b) => (parseRomeDateTime(a, "end")?.getTime() ?? 0) - (parseRomeDateTime(b, "end")?.getTime() ?? 0));
    const status = textOf(m("status"));
    const twoStage = rows.some((row) => /two.?stage/i.test(row.deadlineModel));
    const scadenza = chooseDeadline(sorted, { twoStage, closed: status === STATUS.closed, now: context.now });
    for (const other of sorted.filter((d) => d !== scadenza)) {
      suggerimenti.push(`Altra scadenza indicata dalla fonte${twoStage ? " (procedura in due fasi)" : ""}: ${describeDeadline(other)}.`);
    }
    if (deadlines.some((d) => d.value === scadenza && d.assumedTime)) {
      suggerimenti.push("Ora di scadenza non indicata dalla fonte: assunte le 17:00 (ora di Bruxelles, uso del portale UE).");
    }
    if (status && !Object.values(STATUS).includes(status as (typeof STATUS)[keyof typeof STATUS])) {
      suggerimenti.push(`Stato SEDIA non riconosciuto: "${status}".`);
    }

    const totals = rows.map((row) => row.total).filter((t): t is number => t !== null);
    const mins = rows.map((row) => row.min).filter((v): v is number => v !== null && v > 0);
    const maxes = rows.map((row) => row.max).filter((v): v is number => v !== null && v > 0);
    const dotazione = totals.length > 0 ? totals.reduce((a, b) => a + b, 0) : null;
    if (dotazione !== null && rows.length > 1) suggerimenti.push(`Dotazione sommata su ${rows.length} azioni del topic: ${formatEuro(dotazione)}.`);

    const descriptionHtml = textsOf(m("descriptionByte")).join("\n");
    const text = [title, plainText(descriptionHtml), ...textsOf(m("keywords")), ...textsOf(m("tags"))].join(" ");
    const beneficiari = guessBeneficiaries(text);
    suggerimenti.push(
      beneficiari.length > 0
        ? "Beneficiari dedotti automaticamente dal testo: da verificare."
        : "Beneficiari non determinabili dal testo: da completare.",
    );
    const callId = textOf(m("callIdentifier"));
    const callTitle = textOf(m("callTitle"));
    if (callId || callTitle) suggerimenti.push(`Invito: ${[callId, callTitle].filter(Boolean).join(" — ")}.`);

    const resultUrl = safeUrl(own(result, "url"));
    const call: RawCall = {
      idFonte: identifier,
      titolo: title,
      ente: EU_ISSUER,
      livelloEnte: "ue",
      descrizione: descriptionHtml || textOf(own(result, "summary")) || null,
      url: resultUrl && !/\.json(\?|$)/i.test(resultUrl) ? resultUrl : `${PORTAL_TOPIC_URL}${encodeURIComponent(identifier.toLowerCase())}`,
      temi: [],
      beneficiari,
      territorio: null,
      dotazione,
      importoMin: mins.length > 0 ? Math.min(...mins) : null,
      importoMax: maxes.length > 0 ? Math.max(...maxes) : null,
      apertura: start ? (start.assumedTime ? start.value.slice(0, 10) : start.value) : null,
      scadenza,
      suggerimenti: unique(suggerimenti),
    };
    out.add(position, call, "identifier");
  });
  return out.result(results.length);
}

export const euSediaAdapter: SourceAdapter = {
  source: "eu-sedia",
  label: "Commissione europea — Funding & Tenders Portal (API di ricerca SEDIA)",
  mediaTypes: ["application/json"],
  parse: parseEuSedia,
};
