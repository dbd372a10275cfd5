import { z } from "zod";
import { AGGREGATION_TYPES, type AggregationType } from "./taxonomy";
import { squashWhitespace } from "./text";

/**
 * The curators' aggregation form. Members are typed as ISTAT codes, one per line; anything
 * after the code on a line is ignored, so "016024 Bergamo" works and the form shows members
 * that way. Pure; the route checks that the codes exist.
 */

/** Orders of the public list. */
export const AGGREGATION_SORTS = ["nome", "tipo", "comuni"] as const;
export type AggregationSort = (typeof AGGREGATION_SORTS)[number];

export interface AggregationFormFields {
  name: string;
  type: string;
  leadIstat: string;
  members: string;
}

export type AggregationFormField = keyof AggregationFormFields;

export function readAggregationFields(form: FormData): AggregationFormFields {
  const text = (name: string) => {
    const v = form.get(name);
    return typeof v === "string" ? v : "";
  };
  return { name: text("name"), type: text("type"), leadIstat: text("leadIstat"), members: text("members") };
}

/** Lines → codes; lines whose first word is not a 4–6 digit code are reported. */
export function parseMemberLines(text: string): { codes: string[]; bad: string[] } {
  const codes: string[] = [];
  const bad: string[] = [];
  for (const raw of text.split(/\r\n|\n|\r|[,;]/)) {
    const line = raw.trim();
    if (line === "") continue;
    const first = line.split(/\s+/)[0]!;
    if (/^\d{4,6}$/.test(first)) {
      const code = first.padStart(6, "0");
      if (!codes.includes(code)) codes.push(code);
    } else bad.push(line.slice(0, 40));
  }
  return { codes, bad };
}

const schema = z.object({
  name: z
    .string()
    .transform(squashWhitespace)
    .pipe(z.string().min(3, "Il nome deve avere almeno 3 caratteri").max(200, "Il nome può avere al massimo 200 caratteri")),
  type: z.enum(AGGREGATION_TYPES, { errorMap: () => ({ message: "Scegli un tipo tra quelli indicati" }) }),
});

export interface ParsedAggregationForm {
  name: string;
  type: AggregationType;
  leadIstat: string | null;
  members: string[];
}

export function parseAggregationForm(
  fields: AggregationFormFields,
): { ok: true; value: ParsedAggregationForm } | { ok: false; errors: Partial<Record<AggregationFormField, string>> } {
  const errors: Partial<Record<AggregationFormField, string>> = {};
  const parsed = schema.safeParse({ name: fields.name, type: fields.type });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.path[0] as AggregationFormField;
      errors[key] ??= issue.message;
    }
  }
  const { codes, bad } = parseMemberLines(fields.members);
  if (bad.length > 0) errors.members = `Righe senza un codice ISTAT valido: ${bad.map((b) => `«${b}»`).join(", ")}`;
  else if (codes.length === 0) errors.members = "Indica almeno un comune aderente";
  const lead = fields.leadIstat.trim();
  let leadIstat: string | null = null;
  if (lead !== "") {
    if (!/^\d{4,6}$/.test(lead)) errors.leadIstat = "Il codice ISTAT del capofila deve avere 6 cifre";
    else {
      leadIstat = lead.padStart(6, "0");
      if (!errors.members && !codes.includes(leadIstat)) errors.leadIstat = "Il capofila deve essere tra i comuni aderenti";
    }
  }
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { name: parsed.data.name, type: parsed.data.type, leadIstat, members: codes } };
}
