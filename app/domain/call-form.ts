import { z } from "zod";
import { readAmount, readCount } from "./amounts";
import { ISSUER_LEVELS, PROCEDURES, type AmountBand } from "./call";
import { canonicalClusters, emptyContent, type CallContent } from "./call-content";
import { isSizeCluster, type SizeCluster } from "./clusters";
import { regionCode } from "./regions";
import { isBeneficiaryKey, isThemeKey, type BeneficiaryKey, type ThemeKey } from "./taxonomy";
import { cleanLine, cleanMultiline } from "./text-clean";
import { parseRomeDateTime, romeWallClock } from "./time";

/**
 * The curators' edit form of a call: every canonical field, validated with zod and Italian
 * messages, all errors at once (field name → message). Pure; shared by the route's action and
 * its tests. Amounts accept Italian text ("1.234.567,50"), bands one per line ("0-5000: 23147").
 */

export const FORM_FIELDS = [
  "titolo", "ente", "livelloEnte", "descrizione", "url", "temi", "beneficiari", "regioni", "province", "comuni",
  "popolazioneMin", "popolazioneMax", "fasce", "soloFormaAssociata", "dotazione", "importoMin", "importoMax", "importiPerFascia",
  "cofinanziamentoPct", "aperturaData", "aperturaOra", "scadenzaData", "scadenzaOra", "procedura", "misuraPnrr",
] as const;
export type FormField = (typeof FORM_FIELDS)[number];

/** Fields sent as several values (checkbox groups). */
export const LIST_FIELDS: ReadonlySet<FormField> = new Set(["temi", "beneficiari", "fasce"]);

export type FormValues = Partial<Record<FormField, string | string[]>>;

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? "") : (v ?? "")).trim();
const many = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? [v] : []).map((s) => s.trim()).filter(Boolean);
const tokens = (v: string) => v.split(/[\s,;|]+/).map((s) => s.trim()).filter(Boolean);

function amountField(label: string) {
  return z.string().transform((value, ctx) => {
    const r = readAmount(value);
    if (!r.ok) {
      ctx.addIssue({ code: "custom", message: `${label}: ${r.reason}` });
      return z.NEVER;
    }
    return r.value;
  });
}

function countField(label: string) {
  return z.string().transform((value, ctx) => {
    const r = readCount(value);
    if (!r.ok) {
      ctx.addIssue({ code: "custom", message: `${label}: ${r.reason}` });
      return z.NEVER;
    }
    return r.value;
  });
}

const BAND_LINE = /^\s*([\d.\s]+)\s*[-–]\s*([\d.\s]*)\s*:\s*(.+)$/;

export function parseBandLines(text: string): { ok: true; bands: AmountBand[] } | { ok: false; message: string } {
  const bands: AmountBand[] = [];
  for (const line of text.split(/\r?\n|\|/).map((l) => l.trim()).filter(Boolean)) {
    const m = BAND_LINE.exec(line);
    if (!m) return { ok: false, message: `riga «${line.slice(0, 40)}» non valida: scrivere ad esempio 0-5000: 23147 (massimo vuoto = senza limite)` };
    const min = readCount(m[1]!.replace(/\s/g, ""));
    const max = readCount(m[2]!.replace(/\s/g, ""));
    const amount = readAmount(m[3]!);
    if (!min.ok || !max.ok || !amount.ok || amount.value === null) return { ok: false, message: `riga «${line.slice(0, 40)}»: numeri non leggibili` };
    if (min.value !== null && max.value !== null && min.value > max.value) return { ok: false, message: `riga «${line.slice(0, 40)}»: il minimo supera il massimo` };
    bands.push({ populationMin: min.value ?? 0, populationMax: max.value, amount: amount.value });
  }
  bands.sort((a, b) => (a.populationMin ?? 0) - (b.populationMin ?? 0));
  for (let i = 1; i < bands.length; i++) {
    const prev = bands[i - 1]!;
    if (prev.populationMax === null || prev.populationMax >= (bands[i]!.populationMin ?? 0)) return { ok: false, message: "le fasce si sovrappongono" };
  }
  return { ok: true, bands };
}

const schema = z
  .object({
    titolo: z.string().min(1, "Inserire il titolo").max(500, "Titolo troppo lungo (massimo 500 caratteri)").transform(cleanLine),
    ente: z.string().min(1, "Inserire l'ente erogatore").max(300, "Nome dell'ente troppo lungo").transform(cleanLine),
    livelloEnte: z.union([z.literal(""), z.enum(ISSUER_LEVELS)], { errorMap: () => ({ message: "Livello non ammesso" }) }).transform((v) => (v === "" ? null : v)),
    descrizione: z.string().max(20_000, "Descrizione troppo lunga (massimo 20.000 caratteri)").transform((v) => cleanMultiline(v) || null),
    url: z
      .string()
      .refine((v) => v === "" || /^https?:\/\/[^\s]+$/i.test(v), "Indirizzo non valido: deve iniziare con https:// o http://")
      .transform((v) => (v === "" ? null : new URL(v).href)),
    temi: z.array(z.string()).refine((list) => list.every(isThemeKey), "Tema sconosciuto").transform((l) => l as ThemeKey[]),
    beneficiari: z.array(z.string()).refine((list) => list.every(isBeneficiaryKey), "Beneficiario sconosciuto").transform((l) => l as BeneficiaryKey[]),
    regioni: z.string().transform((value, ctx) => {
      const codes: string[] = [];
      for (const t of tokens(value)) {
        const code = regionCode(t);
        if (!code) ctx.addIssue({ code: "custom", message: `Regione sconosciuta «${t}»: usare il codice ISTAT (Lombardia = 03)` });
        else if (!codes.includes(code)) codes.push(code);
      }
      return codes;
    }),
    province: z.string().transform((value, ctx) => {
      const list = [...new Set(tokens(value).map((t) => t.toUpperCase()))];
      const bad = list.find((s) => !/^[A-Z]{2}$/.test(s));
      if (bad) ctx.addIssue({ code: "custom", message: `Sigla di provincia non valida «${bad}»: due lettere, ad esempio BG` });
      return list;
    }),
    comuni: z.string().transform((value, ctx) => {
      const list = [...new Set(tokens(value).map((t) => (/^\d{4,5}$/.test(t) ? t.padStart(6, "0") : t)))];
      const bad = list.find((s) => !/^\d{6}$/.test(s));
      if (bad) ctx.addIssue({ code: "custom", message: `Codice ISTAT non valido «${bad}»: servono 6 cifre` });
      return list;
    }),
    popolazioneMin: countField("Popolazione minima"),
    popolazioneMax: countField("Popolazione massima"),
    fasce: z
      .array(z.string())
      .refine((list) => list.every(isSizeCluster), "Fascia demografica sconosciuta: ammesse piccolo, medio, grande")
      .transform((l) => canonicalClusters(l as SizeCluster[])),
    soloFormaAssociata: z.string().transform((v) => v === "on" || v === "true" || v === "1"),
    dotazione: amountField("Dotazione"),
    importoMin: amountField("Importo minimo"),
    importoMax: amountField("Importo massimo"),
    importiPerFascia: z.string().transform((value, ctx) => {
      const r = parseBandLines(value);
      if (!r.ok) {
        ctx.addIssue({ code: "custom", message: `Importi per fascia: ${r.message}` });
        return z.NEVER;
      }
      return r.bands;
    }),
    cofinanziamentoPct: z.string().transform((value, ctx) => {
      const r = readAmount(value.replace("%", ""));
      if (!r.ok || (r.value !== null && r.value > 100)) {
        ctx.addIssue({ code: "custom", message: "Cofinanziamento: una percentuale da 0 a 100" });
        return z.NEVER;
      }
      return r.value;
    }),
    aperturaData: z.string().refine((v) => v === "" || /^\d{4}-\d{2}-\d{2}$/.test(v), "Data non valida (AAAA-MM-GG)"),
    aperturaOra: z.string().refine((v) => v === "" || /^\d{2}:\d{2}$/.test(v), "Ora non valida (HH:MM)"),
    scadenzaData: z.string().refine((v) => v === "" || /^\d{4}-\d{2}-\d{2}$/.test(v), "Data non valida (AAAA-MM-GG)"),
    scadenzaOra: z.string().refine((v) => v === "" || /^\d{2}:\d{2}$/.test(v), "Ora non valida (HH:MM)"),
    procedura: z.union([z.literal(""), z.enum(PROCEDURES)], { errorMap: () => ({ message: "Procedura non ammessa" }) }).transform((v) => (v === "" ? null : v)),
    misuraPnrr: z.string().max(40, "Misura PNRR troppo lunga").transform((v) => cleanLine(v).toUpperCase() || null),
  })
;

/** Checks between fields, run even when other fields are wrong (so every error shows at once). */
function crossCheck(input: Record<string, unknown>): Partial<Record<FormField, string>> {
  const errors: Partial<Record<FormField, string>> = {};
  const str = (f: FormField) => String(input[f] ?? "");
  const popMin = readCount(str("popolazioneMin"));
  const popMax = readCount(str("popolazioneMax"));
  if (popMin.ok && popMax.ok && popMin.value !== null && popMax.value !== null && popMin.value > popMax.value) {
    errors.popolazioneMax = "La popolazione massima è minore della minima";
  }
  const min = readAmount(str("importoMin"));
  const max = readAmount(str("importoMax"));
  if (min.ok && max.ok && min.value !== null && max.value !== null && min.value > max.value) errors.importoMax = "L'importo massimo è minore del minimo";
  if (str("aperturaOra") && !str("aperturaData")) errors.aperturaData = "Indicare il giorno di apertura";
  if (str("scadenzaOra") && !str("scadenzaData")) errors.scadenzaData = "Indicare il giorno di scadenza";
  return errors;
}

function instant(day: string, time: string, boundary: "start" | "end"): string | null | undefined {
  if (!day) return null;
  const d = parseRomeDateTime(time ? `${day}T${time}` : day, boundary);
  return d ? d.toISOString() : undefined;
}

export type FormResult = { ok: true; content: CallContent } | { ok: false; errors: Partial<Record<FormField, string>> };

export function parseCallForm(values: FormValues): FormResult {
  const input: Record<string, unknown> = {};
  for (const f of FORM_FIELDS) input[f] = LIST_FIELDS.has(f) ? many(values[f]) : one(values[f]);
  const parsed = schema.safeParse(input);
  const errors: Partial<Record<FormField, string>> = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as FormField;
      errors[field] ??= issue.message;
    }
  }
  for (const [field, message] of Object.entries(crossCheck(input)) as [FormField, string][]) errors[field] ??= message;
  if (!parsed.success || Object.keys(errors).length) return { ok: false, errors };
  const v = parsed.data;
  const opensAt = instant(v.aperturaData, v.aperturaOra, "start");
  const deadline = instant(v.scadenzaData, v.scadenzaOra, "end");
  if (opensAt === undefined) errors.aperturaData = "Data di apertura inesistente";
  if (deadline === undefined) errors.scadenzaData = "Data di scadenza inesistente";
  if (opensAt && deadline && opensAt > deadline) errors.scadenzaData = "La scadenza precede l'apertura";
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    content: emptyContent({
      title: v.titolo,
      issuer: v.ente,
      issuerLevel: v.livelloEnte,
      description: v.descrizione,
      url: v.url,
      themes: v.temi,
      beneficiaries: v.beneficiari,
      territory: { regions: v.regioni, provinces: v.province, comuni: v.comuni },
      populationMin: v.popolazioneMin,
      populationMax: v.popolazioneMax,
      sizeClusters: v.fasce,
      associatedOnly: v.soloFormaAssociata,
      budget: v.dotazione,
      amountMin: v.importoMin,
      amountMax: v.importoMax,
      amountBands: v.importiPerFascia,
      cofinancingPct: v.cofinanziamentoPct,
      opensAt: opensAt ?? null,
      deadline: deadline ?? null,
      procedure: v.procedura,
      pnrrMeasure: v.misuraPnrr,
    }),
  };
}

const p2 = (n: number) => String(n).padStart(2, "0");

function dayAndTime(iso: string | null, boundary: "start" | "end"): [string, string] {
  if (!iso) return ["", ""];
  const w = romeWallClock(new Date(iso));
  const day = `${w.year}-${p2(w.month)}-${p2(w.day)}`;
  const isBoundary = boundary === "start" ? w.hour === 0 && w.minute === 0 && w.second === 0 : w.hour === 23 && w.minute === 59 && w.second === 59;
  return [day, isBoundary ? "" : `${p2(w.hour)}:${p2(w.minute)}`];
}

const italian = (n: number | null) => (n === null ? "" : String(n).replace(".", ","));

/** A content as form values (the edit form's defaults); parseCallForm(contentToForm(c)) gives c back. */
export function contentToForm(c: CallContent): Record<FormField, string | string[]> {
  const [aperturaData, aperturaOra] = dayAndTime(c.opensAt, "start");
  const [scadenzaData, scadenzaOra] = dayAndTime(c.deadline, "end");
  return {
    titolo: c.title,
    ente: c.issuer,
    livelloEnte: c.issuerLevel ?? "",
    descrizione: c.description ?? "",
    url: c.url ?? "",
    temi: [...c.themes],
    beneficiari: [...c.beneficiaries],
    regioni: c.territory.regions.join(", "),
    province: c.territory.provinces.join(", "),
    comuni: c.territory.comuni.join(", "),
    popolazioneMin: c.populationMin === null ? "" : String(c.populationMin),
    popolazioneMax: c.populationMax === null ? "" : String(c.populationMax),
    fasce: [...c.sizeClusters],
    soloFormaAssociata: c.associatedOnly ? "on" : "",
    dotazione: italian(c.budget),
    importoMin: italian(c.amountMin),
    importoMax: italian(c.amountMax),
    importiPerFascia: c.amountBands.map((b) => `${b.populationMin ?? 0}-${b.populationMax ?? ""}: ${italian(b.amount)}`).join("\n"),
    cofinanziamentoPct: italian(c.cofinancingPct),
    aperturaData,
    aperturaOra,
    scadenzaData,
    scadenzaOra,
    procedura: c.procedure ?? "",
    misuraPnrr: c.pnrrMeasure ?? "",
  };
}
