import { z } from "zod";
import { PROGRAMME_INSTRUMENTS, PROGRAMME_STATES, type ProgrammeInstrument } from "./profile";
import { isThemeKey, THEME_KEYS, type ThemeKey } from "./taxonomy";
import { foldText, squashWhitespace } from "./text";

/**
 * Programming items (voci di programmazione): validation shared by the form and the CSV import,
 * the natural key, and the amount format. See docs/decisions/0030-programming-items.md.
 */

export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;
/** Largest amount accepted (10 billion euro): anything above is a typing mistake. */
export const MAX_AMOUNT = 10_000_000_000;

/**
 * The title part of an item's natural key (istat, instrument, titleKey): case, accents and
 * spacing do not make a different item ("Migrazione al  Cloud" = "migrazione al cloud").
 */
export function programmeTitleKey(title: string): string {
  return foldText(squashWhitespace(title));
}

/**
 * Parses a euro amount as people type it: `120000`, `120000.50`, `120.000`, `120.000,50`,
 * `€ 1.234.567,89`, `1,234,567.89`. Empty → null. Rules (docs/decisions/0030):
 * with both `.` and `,` the last one is the decimal separator; a lone `,` is decimal; a lone `.`
 * followed by exactly three digits in every group (`1.500`, `120.000`) groups thousands,
 * otherwise it is decimal (`1500.5`). At most two decimals.
 */
export function parseEuroAmount(text: string): { value: number | null } | { error: string } {
  const raw = text.replace(/€|eur(o)?/gi, "").replace(/[\s\u00a0']/g, "");
  if (raw === "") return { value: null };
  if (!/^\d[\d.,]*$/.test(raw)) return { error: `importo non valido: "${text.trim()}"` };
  const lastDot = raw.lastIndexOf(".");
  const lastComma = raw.lastIndexOf(",");
  let normalised: string;
  if (lastDot >= 0 && lastComma >= 0) {
    const decimal = lastDot > lastComma ? "." : ",";
    const thousands = decimal === "." ? "," : ".";
    const [intPart, decPart, ...rest] = raw.split(decimal);
    if (rest.length > 0 || !decPart) return { error: `importo non valido: "${text.trim()}"` };
    if (!new RegExp(`^\\d{1,3}(\\${thousands}\\d{3})*$`).test(intPart!)) return { error: `importo non valido: "${text.trim()}"` };
    normalised = `${intPart!.split(thousands).join("")}.${decPart}`;
  } else if (lastComma >= 0) {
    const parts = raw.split(",");
    if (parts.length !== 2 || parts[1] === "") return { error: `importo non valido: "${text.trim()}"` };
    normalised = `${parts[0]}.${parts[1]}`;
  } else if (lastDot >= 0) {
    if (/^\d{1,3}(\.\d{3})+$/.test(raw)) normalised = raw.replace(/\./g, "");
    else if (/^\d+\.\d+$/.test(raw)) normalised = raw;
    else return { error: `importo non valido: "${text.trim()}"` };
  } else {
    normalised = raw;
  }
  if (/\.\d{3,}$/.test(normalised)) return { error: `importo con più di due decimali: "${text.trim()}"` };
  const value = Number(normalised);
  if (!Number.isFinite(value)) return { error: `importo non valido: "${text.trim()}"` };
  if (value > MAX_AMOUNT) return { error: `importo troppo alto: "${text.trim()}"` };
  return { value };
}

/** Euro → integer cents, and back, without floating-point drift. */
export function toCents(euro: number): number {
  return Math.round(euro * 100);
}

export function fromCents(cents: number): number {
  return cents / 100;
}

/** Accepts the instrument as written in the API (`DUP`, `PT-ICT`, `POP`, `altro`), any case. */
export function parseInstrument(text: string): ProgrammeInstrument | undefined {
  const wanted = text.trim().toLowerCase();
  return PROGRAMME_INSTRUMENTS.find((i) => i.toLowerCase() === wanted);
}

/** `cloud|pagamenti` → theme keys; unknown keys listed separately (the row is then rejected). */
export function splitThemes(text: string): { themes: ThemeKey[]; unknown: string[] } {
  const parts = text
    .split(/[|;,]/)
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t !== "");
  const themes: ThemeKey[] = [];
  const unknown: string[] = [];
  for (const part of parts) {
    if (isThemeKey(part)) {
      if (!themes.includes(part)) themes.push(part);
    } else unknown.push(part);
  }
  return { themes, unknown };
}

const year = z.coerce
  .number({ invalid_type_error: "L'anno deve essere un numero" })
  .int("L'anno deve essere un numero intero")
  .min(MIN_YEAR, `L'anno deve essere compreso tra ${MIN_YEAR} e ${MAX_YEAR}`)
  .max(MAX_YEAR, `L'anno deve essere compreso tra ${MIN_YEAR} e ${MAX_YEAR}`)
  .nullable();

/** One item, as both the form and the import validate it (Italian messages). */
export const programmeItemInputSchema = z
  .object({
    title: z
      .string({ required_error: "Indica il titolo" })
      .transform(squashWhitespace)
      .pipe(z.string().min(3, "Il titolo deve avere almeno 3 caratteri").max(200, "Il titolo può avere al massimo 200 caratteri")),
    description: z
      .string()
      .trim()
      .max(4000, "La descrizione può avere al massimo 4.000 caratteri")
      .nullable()
      .transform((d) => (d ? d : null)),
    themes: z.array(z.enum(THEME_KEYS, { errorMap: () => ({ message: "Tema non riconosciuto" }) })).max(23),
    amount: z
      .number({ invalid_type_error: "Importo non valido" })
      .min(0, "L'importo non può essere negativo")
      .max(MAX_AMOUNT, "Importo troppo alto")
      .nullable(),
    startYear: year,
    endYear: year,
    instrument: z.enum(PROGRAMME_INSTRUMENTS, { errorMap: () => ({ message: "Scegli uno strumento tra quelli indicati" }) }),
    state: z.enum(PROGRAMME_STATES, { errorMap: () => ({ message: "Scegli uno stato tra quelli indicati" }) }),
  })
  .refine((v) => v.startYear === null || v.endYear === null || v.endYear >= v.startYear, {
    message: "L'anno di fine non può precedere l'anno di inizio",
    path: ["endYear"],
  });

export type ProgrammeItemInput = z.infer<typeof programmeItemInputSchema>;

/** The raw fields of the programming form, as strings (FormData). */
export interface ProgrammeFormFields {
  title: string;
  description: string;
  themes: string[];
  amount: string;
  startYear: string;
  endYear: string;
  instrument: string;
  state: string;
}

export type ProgrammeFormField = keyof ProgrammeFormFields;

/**
 * Validates the form: the same schema as the import, plus Italian amounts and empty years.
 * Errors are keyed by field, one message each.
 */
export function parseProgrammeForm(
  fields: ProgrammeFormFields,
): { ok: true; value: ProgrammeItemInput } | { ok: false; errors: Partial<Record<ProgrammeFormField, string>> } {
  const errors: Partial<Record<ProgrammeFormField, string>> = {};
  const amount = parseEuroAmount(fields.amount);
  if ("error" in amount) errors.amount = `Importo non valido: scrivi ad esempio 120.000 oppure 120000,50`;
  const unknownThemes = fields.themes.filter((t) => !isThemeKey(t));
  if (unknownThemes.length > 0) errors.themes = "Tema non riconosciuto";
  const year = (text: string) => (text.trim() === "" ? null : text.trim());
  const parsed = programmeItemInputSchema.safeParse({
    title: fields.title,
    description: fields.description,
    themes: fields.themes.filter(isThemeKey),
    amount: "value" in amount ? amount.value : null,
    startYear: year(fields.startYear),
    endYear: year(fields.endYear),
    instrument: fields.instrument,
    state: fields.state,
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.path[0] as ProgrammeFormField | undefined;
      if (key && !errors[key]) errors[key] = issue.message;
    }
    // zod skips the years' cross-check when another field fails: report it anyway.
    const [start, end] = [Number(fields.startYear), Number(fields.endYear)];
    if (!errors.endYear && fields.startYear.trim() && fields.endYear.trim() && end < start) {
      errors.endYear = "L'anno di fine non può precedere l'anno di inizio";
    }
  }
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: parsed.data };
}

/** Reads the form's fields from submitted FormData (missing fields are empty). */
export function readProgrammeFields(form: FormData): ProgrammeFormFields {
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value : "";
  };
  return {
    title: text("title"),
    description: text("description"),
    themes: form.getAll("themes").filter((t): t is string => typeof t === "string"),
    amount: text("amount"),
    startYear: text("startYear"),
    endYear: text("endYear"),
    instrument: text("instrument"),
    state: text("state"),
  };
}

/** The form's fields for an existing item (amounts in Italian format). */
export function programmeFieldsOf(item: {
  title: string;
  description: string | null;
  themes: readonly string[];
  amount: number | null;
  startYear: number | null;
  endYear: number | null;
  instrument: string;
  state: string;
}): ProgrammeFormFields {
  return {
    title: item.title,
    description: item.description ?? "",
    themes: [...item.themes],
    amount: item.amount === null ? "" : String(item.amount).replace(".", ","),
    startYear: item.startYear === null ? "" : String(item.startYear),
    endYear: item.endYear === null ? "" : String(item.endYear),
    instrument: item.instrument,
    state: item.state,
  };
}

export const EMPTY_PROGRAMME_FIELDS: ProgrammeFormFields = {
  title: "",
  description: "",
  themes: [],
  amount: "",
  startYear: "",
  endYear: "",
  instrument: "",
  state: "previsto",
};
