/**
 * Euro amounts and counts from source values: numbers, or Italian text such as `1.234.567,50`,
 * `€ 15.000`, `15.000,-`, `2,5 milioni`, `fino a € 50.000`. Pure.
 */

const MULTIPLIERS: [RegExp, number][] = [
  [/^(miliardi|miliardo|mld)$/, 1e9],
  [/^(milioni|milione|mln|mio|ml)$/, 1e6],
  [/^(mila|k)$/, 1e3],
];

const NUMBER_TOKEN = /\d[\d.,'’\u00a0\u202f ]*\d|\d/g;

function tokenValue(token: string): number | null {
  const t = token.replace(/[\s\u00a0\u202f'’]/g, "");
  // Italian grouping: 1.234.567 or 1.234.567,50
  if (/^\d{1,3}(\.\d{3})+(,\d+)?$/.test(t)) return Number(t.replace(/\./g, "").replace(",", "."));
  // Decimal comma: 1234567,50 or 1,5
  if (/^\d+,\d+$/.test(t)) return Number(t.replace(",", "."));
  // English grouping with several groups or a decimal point: 1,234,567 or 1,234.50
  if (/^\d{1,3}(,\d{3}){2,}(\.\d+)?$/.test(t) || /^\d{1,3}(,\d{3})+\.\d+$/.test(t)) return Number(t.replace(/,/g, ""));
  // Plain integer, or a decimal point written by a machine (1234567.5, 40000000.0)
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t);
  return null;
}

/**
 * The amount written in a text, or null when the text holds no single readable amount
 * (no digits, several numbers, or a malformed one). Rounded to cents.
 */
export function parseItalianAmount(text: string): number | null {
  const folded = text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/,-(?!\d)/g, "")
    .trim();
  if (!folded || folded.length > 200) return null;
  if (/(^|[^\d])-\s*\d/.test(folded.replace(/\d+\s*-\s*\d+/g, "x"))) return null; // negative amounts
  const tokens = folded.match(NUMBER_TOKEN) ?? [];
  if (tokens.length !== 1) return null;
  const token = tokens[0]!;
  const value = tokenValue(token);
  if (value === null || !Number.isFinite(value)) return null;
  const after = folded.slice(folded.indexOf(token) + token.length).trim();
  const word = /^([a-z]+)/.exec(after)?.[1] ?? "";
  const multiplier = MULTIPLIERS.find(([re]) => re.test(word))?.[1] ?? 1;
  const result = Math.round(value * multiplier * 100) / 100;
  return Number.isFinite(result) ? result : null;
}

export type AmountResult = { ok: true; value: number | null } | { ok: false; reason: string };

/**
 * A raw amount (number, text, null) → euro. Numbers must be finite and not negative; text is
 * read as Italian. An empty value is null.
 */
export function readAmount(raw: unknown): AmountResult {
  if (raw === null || raw === undefined) return { ok: true, value: null };
  if (typeof raw === "number") {
    if (!Number.isFinite(raw)) return { ok: false, reason: "numero non valido" };
    if (raw < 0) return { ok: false, reason: `importo negativo (${raw})` };
    return { ok: true, value: Math.round(raw * 100) / 100 };
  }
  if (typeof raw === "string") {
    if (raw.trim() === "") return { ok: true, value: null };
    const value = parseItalianAmount(raw);
    if (value === null) return { ok: false, reason: `importo non leggibile: «${raw.trim().slice(0, 80)}»` };
    return { ok: true, value };
  }
  return { ok: false, reason: "deve essere un numero o un testo" };
}

/** A raw count (population): like readAmount, but a whole number. */
export function readCount(raw: unknown): AmountResult {
  const result = readAmount(raw);
  if (!result.ok || result.value === null) return result;
  if (!Number.isInteger(result.value)) return { ok: false, reason: `deve essere un numero intero (${result.value})` };
  if (result.value > 100_000_000) return { ok: false, reason: `valore fuori scala (${result.value})` };
  return result;
}
