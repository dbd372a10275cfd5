import { z } from "zod";
import { readAmount, readCount } from "./amounts";
import { ISSUER_LEVELS, PROCEDURES, type AmountBand, type IssuerLevel, type Procedure } from "./call";
import { canonicalClusters, emptyContent, type CallContent } from "./call-content";
import { isSizeCluster, SIZE_CLUSTERS, type SizeCluster } from "./clusters";
import { regionCode } from "./regions";
import { isBeneficiaryKey, isThemeKey, type BeneficiaryKey, type ThemeKey } from "./taxonomy";
import { foldText } from "./text";
import { cleanLine, cleanMultiline, looksLikeHtml } from "./text-clean";
import { parseRomeDateTime, type DayBoundary } from "./time";

/**
 * Validation (zod) and normalisation of one source item (a bando-json item with raw values,
 * `RawCall` of app/ingestion/types.ts) into a call's content. Pure: the HTML reducer is passed in.
 *
 * A call is rejected — with the field and an Italian reason — when a required field is missing,
 * a key is unknown, a date cannot be read or the values contradict each other. An amount written
 * as text that cannot be read is not a reason to lose the call: it becomes empty, and the source
 * text is kept as a suggestion for curators (with a warning in the run).
 */

export type HtmlToText = (html: string) => string;

export interface NormaliseOptions {
  /** Reduces source HTML to plain text (app/ingestion/html.server.ts). */
  htmlToText: HtmlToText;
}

export interface ItemProblem {
  field: string;
  reason: string;
}

export interface NormalisedItem {
  sourceId: string;
  content: CallContent;
  /** The source gave themes itself (else the pipeline tags them from the text). */
  themesGiven: boolean;
  /** Notes for curators, never facts (API.md "rss"; unreadable amounts). */
  suggestions: string[];
  /** Problems that did not reject the call. */
  warnings: ItemProblem[];
}

export type NormaliseResult = { ok: true; item: NormalisedItem } | { ok: false; problem: ItemProblem };

const MAX_TITLE = 500;
const MAX_DESCRIPTION = 20_000;

const textValue = z.string({ invalid_type_error: "deve essere un testo", required_error: "campo obbligatorio mancante" });
// Checks written as refinements, not unions: a union builds an issue for every branch that does
// not match, which costs more than the rest of the validation on large files.
const optionalText = z.string({ invalid_type_error: "deve essere un testo" }).nullable().optional();
const rawAmount = z
  .unknown()
  .refine((v) => v === undefined || v === null || typeof v === "number" || typeof v === "string", "deve essere un numero o un testo")
  .transform((v) => v as number | string | null | undefined);
const stringList = z.array(z.unknown().refine((v) => typeof v === "string" || typeof v === "number", "ogni voce deve essere un testo").transform((v) => v as string | number), {
  invalid_type_error: "deve essere un elenco",
});

/** The structure of an item (types only); meanings are checked by `normaliseRawCall`. */
export const rawCallSchema = z.object({
  idFonte: z
    .unknown()
    .superRefine((v, ctx) => {
      if (v === undefined) ctx.addIssue({ code: "custom", message: "campo obbligatorio mancante" });
      else if (typeof v !== "string" && typeof v !== "number") ctx.addIssue({ code: "custom", message: "deve essere un testo" });
    })
    .transform((v) => v as string | number),
  titolo: textValue,
  ente: textValue,
  beneficiari: z.array(z.string({ invalid_type_error: "ogni voce deve essere un testo" }), {
    required_error: "campo obbligatorio mancante",
    invalid_type_error: "deve essere un elenco",
  }),
  livelloEnte: optionalText,
  descrizione: optionalText,
  url: optionalText,
  temi: stringList.nullable().optional(),
  territorio: z
    .union([
      z.object({
        regioni: stringList.nullable().optional(),
        province: stringList.nullable().optional(),
        comuni: stringList.nullable().optional(),
      }),
      z.null(),
    ], { errorMap: () => ({ message: "deve essere un oggetto con regioni, province, comuni" }) })
    .optional(),
  popolazioneMin: rawAmount,
  popolazioneMax: rawAmount,
  /** Size clusters the call is reserved to (decision 0012): not in API.md's public resource. */
  fasce: stringList.nullable().optional(),
  soloFormaAssociata: z
    .unknown()
    .refine((v) => v === undefined || v === null || ["boolean", "string", "number"].includes(typeof v), "usare sì o no")
    .transform((v) => v as boolean | string | number | null | undefined),
  dotazione: rawAmount,
  importoMin: rawAmount,
  importoMax: rawAmount,
  importiPerFascia: z
    .array(z.object({ popolazioneMin: rawAmount, popolazioneMax: rawAmount, importo: rawAmount }, { invalid_type_error: "ogni fascia deve essere un oggetto" }), {
      invalid_type_error: "deve essere un elenco di fasce",
    })
    .nullable()
    .optional(),
  cofinanziamentoPct: rawAmount,
  apertura: optionalText,
  scadenza: optionalText,
  procedura: optionalText,
  misuraPnrr: optionalText,
  suggerimenti: z.array(z.string()).optional(),
});

class Reject extends Error {
  constructor(readonly field: string, readonly reason: string) {
    super(reason);
  }
}

function fail(field: string, reason: string): never {
  throw new Reject(field, reason);
}

const ITALIAN_DATE = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ ,T]+(?:ore\s*)?(\d{1,2})[:.](\d{2})(?::(\d{2}))?)?$/i;

/**
 * A date as sources write it: ISO-like (Rome local unless an offset is given) or Italian
 * `31/03/2026` and `31/03/2026 12:00`. Date-only values follow API.md's day boundaries.
 */
export function readDate(raw: string, boundary: DayBoundary): Date | null {
  const text = raw.trim();
  const iso = parseRomeDateTime(text, boundary);
  if (iso) return iso;
  const m = ITALIAN_DATE.exec(text);
  if (!m) return null;
  const [, d, mo, y, h, mi, s] = m;
  const p = (v: string) => v.padStart(2, "0");
  const rebuilt = `${y}-${p(mo!)}-${p(d!)}${h !== undefined ? `T${p(h)}:${mi}${s ? `:${s}` : ""}` : ""}`;
  return parseRomeDateTime(rebuilt, boundary);
}

function readBoolean(raw: unknown, field: string): boolean {
  if (raw === null || raw === undefined || raw === "") return false;
  if (typeof raw === "boolean") return raw;
  if (raw === 1 || raw === 0) return raw === 1;
  const folded = foldText(String(raw));
  if (["si", "s", "true", "vero", "1", "x", "yes"].includes(folded)) return true;
  if (["no", "n", "false", "falso", "0"].includes(folded)) return false;
  return fail(field, `valore non ammesso «${String(raw).slice(0, 40)}»: usare sì o no`);
}

function readKeys<K extends string>(values: readonly (string | number)[], field: string, isKey: (v: string) => v is K, what: string): K[] {
  const keys: K[] = [];
  for (const value of values) {
    const key = cleanLine(String(value)).toLowerCase();
    if (key === "") continue;
    if (!isKey(key)) fail(field, `${what} sconosciuto "${key}"`);
    if (!keys.includes(key)) keys.push(key);
  }
  return keys;
}

/** Why a size-cluster value is refused (shared by bando-json, the templates and the form). */
export function unknownClusterReason(value: string): string {
  return `fascia demografica sconosciuta "${value.slice(0, 40)}": ammesse ${SIZE_CLUSTERS.join(", ")}`;
}

/** `fasce`: keys of SIZE_CLUSTERS, in any case; an unknown one rejects the call. Empty = every size. */
function readClusters(values: readonly (string | number)[]): SizeCluster[] {
  const clusters: SizeCluster[] = [];
  for (const value of values) {
    const key = foldText(String(value));
    if (key === "") continue;
    if (!isSizeCluster(key)) fail("fasce", unknownClusterReason(cleanLine(String(value))));
    clusters.push(key);
  }
  return canonicalClusters(clusters);
}

function readTerritory(raw: z.infer<typeof rawCallSchema>["territorio"]): CallContent["territory"] {
  const regions: string[] = [];
  for (const value of raw?.regioni ?? []) {
    const text = cleanLine(String(value));
    if (!text) continue;
    const code = regionCode(text);
    if (!code) fail("territorio.regioni", `regione sconosciuta "${text}"`);
    if (!regions.includes(code)) regions.push(code);
  }
  const provinces: string[] = [];
  for (const value of raw?.province ?? []) {
    const sigla = cleanLine(String(value)).toUpperCase();
    if (!sigla) continue;
    if (!/^[A-Z]{2}$/.test(sigla)) fail("territorio.province", `sigla di provincia non valida "${sigla}": servono due lettere`);
    if (!provinces.includes(sigla)) provinces.push(sigla);
  }
  const comuni: string[] = [];
  for (const value of raw?.comuni ?? []) {
    let code = cleanLine(String(value));
    if (!code) continue;
    // Spreadsheets drop leading zeros: 16024 → 016024.
    if (/^\d{4,5}$/.test(code)) code = code.padStart(6, "0");
    if (!/^\d{6}$/.test(code)) fail("territorio.comuni", `codice ISTAT di comune non valido "${code}": servono 6 cifre`);
    if (!comuni.includes(code)) comuni.push(code);
  }
  return { regions, provinces, comuni };
}

function readUrl(raw: string | null | undefined, warnings: ItemProblem[]): string | null {
  const text = raw ? cleanLine(raw) : "";
  if (!text) return null;
  try {
    const url = new URL(text);
    if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error("protocol");
    if (text.length > 2000) throw new Error("length");
    return url.href;
  } catch {
    warnings.push({ field: "url", reason: `link non valido ignorato: «${text.slice(0, 80)}»` });
    return null;
  }
}

/** Turns one raw item into a normalised call content, or says which field is wrong and why. */
export function normaliseRawCall(raw: unknown, options: NormaliseOptions): NormaliseResult {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return { ok: false, problem: { field: "", reason: "l'elemento non è un oggetto" } };
  }
  const parsed = rawCallSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.filter((p) => typeof p === "string").join(".") || String(issue.path[0] ?? "");
    return { ok: false, problem: { field, reason: issue.message } };
  }
  try {
    return { ok: true, item: normaliseParsed(parsed.data, options) };
  } catch (error) {
    if (error instanceof Reject) return { ok: false, problem: { field: error.field, reason: error.reason } };
    throw error;
  }
}

function normaliseParsed(raw: z.infer<typeof rawCallSchema>, options: NormaliseOptions): NormalisedItem {
  const warnings: ItemProblem[] = [];
  const suggestions = (raw.suggerimenti ?? []).map(cleanLine).filter(Boolean);

  const sourceId = cleanLine(String(raw.idFonte));
  if (!sourceId) fail("idFonte", "campo obbligatorio mancante");
  if (sourceId.length > 200) fail("idFonte", "identificativo troppo lungo (massimo 200 caratteri)");
  const title = cleanLine(looksLikeHtml(raw.titolo) ? options.htmlToText(raw.titolo) : raw.titolo);
  if (!title) fail("titolo", "campo obbligatorio mancante");
  if (title.length > MAX_TITLE) fail("titolo", `titolo troppo lungo (${title.length} caratteri, massimo ${MAX_TITLE})`);
  const issuer = cleanLine(raw.ente);
  if (!issuer) fail("ente", "campo obbligatorio mancante");
  if (issuer.length > 300) fail("ente", "nome dell'ente troppo lungo (massimo 300 caratteri)");

  let issuerLevel: IssuerLevel | null = null;
  if (raw.livelloEnte && cleanLine(raw.livelloEnte)) {
    const level = foldText(raw.livelloEnte);
    if (!(ISSUER_LEVELS as readonly string[]).includes(level)) {
      fail("livelloEnte", `livello dell'ente sconosciuto "${cleanLine(raw.livelloEnte)}": ammessi ${ISSUER_LEVELS.join(", ")}`);
    }
    issuerLevel = level as IssuerLevel;
  }

  let description: string | null = null;
  if (raw.descrizione) {
    const text = looksLikeHtml(raw.descrizione) ? options.htmlToText(raw.descrizione) : raw.descrizione;
    const clean = cleanMultiline(text);
    description = clean ? (clean.length > MAX_DESCRIPTION ? `${clean.slice(0, MAX_DESCRIPTION - 1)}…` : clean) : null;
  }

  const themes = readKeys<ThemeKey>(raw.temi ?? [], "temi", isThemeKey, "tema");
  const beneficiaries = readKeys<BeneficiaryKey>(raw.beneficiari, "beneficiari", isBeneficiaryKey, "beneficiario");
  const territory = readTerritory(raw.territorio);

  const count = (field: "popolazioneMin" | "popolazioneMax") => {
    const r = readCount(raw[field]);
    if (!r.ok) fail(field, r.reason);
    return r.value;
  };
  const populationMin = count("popolazioneMin");
  const populationMax = count("popolazioneMax");
  if (populationMin !== null && populationMax !== null && populationMin > populationMax) {
    fail("popolazioneMax", `la popolazione massima (${populationMax}) è minore della minima (${populationMin})`);
  }

  const sizeClusters = readClusters(raw.fasce ?? []);

  const amount = (field: "dotazione" | "importoMin" | "importoMax") => {
    const value = raw[field];
    const r = readAmount(value);
    if (r.ok) return r.value;
    if (typeof value === "string") {
      warnings.push({ field, reason: r.reason });
      suggestions.push(`${field} indicato dalla fonte: «${cleanLine(value).slice(0, 200)}»`);
      return null;
    }
    return fail(field, r.reason);
  };
  const budget = amount("dotazione");
  const amountMin = amount("importoMin");
  const amountMax = amount("importoMax");
  if (amountMin !== null && amountMax !== null && amountMin > amountMax) {
    fail("importoMax", `l'importo massimo (${amountMax}) è minore del minimo (${amountMin})`);
  }

  const amountBands: AmountBand[] = [];
  (raw.importiPerFascia ?? []).forEach((band, i) => {
    const where = `importiPerFascia[${i}]`;
    const min = readCount(band.popolazioneMin);
    if (!min.ok) fail(`${where}.popolazioneMin`, min.reason);
    const max = readCount(band.popolazioneMax);
    if (!max.ok) fail(`${where}.popolazioneMax`, max.reason);
    const value = readAmount(band.importo);
    if (!value.ok) fail(`${where}.importo`, value.reason);
    if (value.value === null) fail(`${where}.importo`, "importo della fascia mancante");
    if (min.value !== null && max.value !== null && min.value > max.value) {
      fail(where, `fascia non valida: ${min.value} è maggiore di ${max.value}`);
    }
    amountBands.push({ populationMin: min.value ?? 0, populationMax: max.value, amount: value.value });
  });
  amountBands.sort((a, b) => (a.populationMin ?? 0) - (b.populationMin ?? 0));
  for (let i = 1; i < amountBands.length; i++) {
    const prev = amountBands[i - 1]!;
    const next = amountBands[i]!;
    if (prev.populationMax === null || prev.populationMax >= (next.populationMin ?? 0)) {
      fail("importiPerFascia", `fasce sovrapposte: ${prev.populationMin}–${prev.populationMax ?? "∞"} e ${next.populationMin}–${next.populationMax ?? "∞"}`);
    }
  }

  let cofinancingPct: number | null = null;
  {
    const value = typeof raw.cofinanziamentoPct === "string" ? raw.cofinanziamentoPct.replace("%", "") : raw.cofinanziamentoPct;
    const r = readAmount(value);
    if (!r.ok) fail("cofinanziamentoPct", r.reason);
    if (r.value !== null && r.value > 100) fail("cofinanziamentoPct", `percentuale oltre 100 (${r.value})`);
    cofinancingPct = r.value;
  }

  const date = (field: "apertura" | "scadenza", boundary: DayBoundary) => {
    const text = raw[field] ? cleanLine(raw[field]!) : "";
    if (!text) return null;
    const d = readDate(text, boundary);
    if (!d) fail(field, `data non valida «${text.slice(0, 40)}»: usare AAAA-MM-GG, AAAA-MM-GGTHH:MM o GG/MM/AAAA`);
    return d.toISOString();
  };
  const opensAt = date("apertura", "start");
  const deadline = date("scadenza", "end");
  if (opensAt && deadline && Date.parse(opensAt) > Date.parse(deadline)) {
    fail("scadenza", "la scadenza precede la data di apertura");
  }

  let procedure: Procedure | null = null;
  if (raw.procedura && cleanLine(raw.procedura)) {
    const value = foldText(raw.procedura).replace(/^a /, "");
    if (!(PROCEDURES as readonly string[]).includes(value)) {
      fail("procedura", `procedura sconosciuta "${cleanLine(raw.procedura)}": ammesse ${PROCEDURES.join(", ")}`);
    }
    procedure = value as Procedure;
  }

  const pnrrMeasure = raw.misuraPnrr ? cleanLine(raw.misuraPnrr).toUpperCase() || null : null;
  if (pnrrMeasure && pnrrMeasure.length > 40) fail("misuraPnrr", "misura PNRR troppo lunga (massimo 40 caratteri)");

  const content = emptyContent({
    title,
    issuer,
    issuerLevel,
    description,
    url: readUrl(raw.url, warnings),
    themes,
    beneficiaries,
    territory,
    populationMin,
    populationMax,
    sizeClusters,
    associatedOnly: readBoolean(raw.soloFormaAssociata, "soloFormaAssociata"),
    budget,
    amountMin,
    amountMax,
    amountBands,
    cofinancingPct,
    opensAt,
    deadline,
    procedure,
    pnrrMeasure,
  });
  return { sourceId, content, themesGiven: themes.length > 0, suggestions, warnings };
}
