import { formatEuro, formatInteger } from "~/domain/format";
import { squashWhitespace } from "~/domain/text";
import { BENEFICIARY_KEYS, type BeneficiaryKey } from "~/domain/taxonomy";
import { parseRomeDateTime } from "~/domain/time";
import { readSourceAmount } from "./adapters/shared";

/**
 * Hints read from free text (feed items, EU topic descriptions): dates, amounts, population
 * limits and the kinds of beneficiary a text mentions. They become curator SUGGESTIONS, never
 * facts. Pure.
 */

const NAMED_ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
  euro: "€",
  agrave: "à",
  egrave: "è",
  eacute: "é",
  igrave: "ì",
  ograve: "ò",
  ugrave: "ù",
};

/** Hints read only this much text: the scans stay linear and fast on hostile input. */
export const HINT_TEXT_LIMIT = 50_000;

/** Drops `<script>` and `<style>` blocks (an unclosed one runs to the end), in one linear pass. */
function withoutScripts(html: string): string {
  const lower = html.toLowerCase();
  let out = "";
  let at = 0;
  const opening = /<(script|style)\b/g;
  for (;;) {
    opening.lastIndex = at;
    const found = opening.exec(lower);
    if (!found) return out + html.slice(at);
    const start = found.index;
    const tag = lower.startsWith("<script", start) ? "</script" : "</style";
    const close = lower.indexOf(tag, start);
    out += `${html.slice(at, start)} `;
    if (close < 0) return out;
    const end = lower.indexOf(">", close);
    at = end < 0 ? html.length : end + 1;
  }
}

/** Rough plain text of a source HTML fragment, for reading hints only (never for display). */
export function plainText(html: string): string {
  return squashWhitespace(
    withoutScripts(html.slice(0, HINT_TEXT_LIMIT * 4))
      .replace(/<[^<>]{0,2000}>/g, " ")
      .replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (entity, name: string) => {
        if (name.startsWith("#")) {
          const code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
          return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : " ";
        }
        return NAMED_ENTITIES[name.toLowerCase()] ?? entity;
      }),
  ).replace(/\s+([,.;:!?])/g, "$1");
}

const MONTHS = ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"];
const DATE_PATTERNS: { re: RegExp; read: (m: RegExpExecArray) => [number, number, number] }[] = [
  { re: /\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b/g, read: (m) => [Number(m[3]), Number(m[2]), Number(m[1])] },
  {
    re: new RegExp(`\\b(\\d{1,2})(?:°|º)?\\s{1,3}(${MONTHS.join("|")})\\s{1,3}(\\d{4})\\b`, "gi"),
    read: (m) => [Number(m[3]), MONTHS.indexOf(m[2]!.toLowerCase()) + 1, Number(m[1])],
  },
  { re: /\b(\d{4})-(\d{2})-(\d{2})\b/g, read: (m) => [Number(m[1]), Number(m[2]), Number(m[3])] },
];
const DEADLINE_WORDS = /(scaden|entro|termine|chiusur|fino al|non oltre|deadline)/i;

export interface DateMention {
  /** `YYYY-MM-DD`. */
  date: string;
  /** Whether words like "scadenza", "entro", "termine" precede it. */
  deadline: boolean;
  excerpt: string;
}

function excerptAround(text: string, start: number, end: number): string {
  const from = Math.max(0, start - 40);
  const to = Math.min(text.length, end + 20);
  return `${from > 0 ? "…" : ""}${text.slice(from, to).trim()}${to < text.length ? "…" : ""}`;
}

/** Dates written in a text (`31/03/2026`, `31 marzo 2026`, `2026-03-31`), in order of appearance. */
export function findDateMentions(fullText: string, max = 5): DateMention[] {
  const text = fullText.slice(0, HINT_TEXT_LIMIT);
  const found: (DateMention & { at: number })[] = [];
  for (const { re, read } of DATE_PATTERNS) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const [y, mo, d] = read(m);
      const date = `${String(y).padStart(4, "0")}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
      if (y < 1990 || y > 2100 || !parseRomeDateTime(date, "start")) continue;
      const before = text.slice(Math.max(0, m.index - 40), m.index);
      found.push({ date, deadline: DEADLINE_WORDS.test(before), excerpt: excerptAround(text, m.index, m.index + m[0].length), at: m.index });
    }
  }
  found.sort((a, b) => a.at - b.at);
  const seen = new Set<string>();
  return found
    .filter((f) => (seen.has(f.date) ? false : (seen.add(f.date), true)))
    .slice(0, max)
    .map(({ date, deadline, excerpt }) => ({ date, deadline, excerpt }));
}

const AMOUNT_PATTERNS = [
  /(?:€|\beur\b|\beuro\b)\s{0,3}(\d[\d.,]{0,20}(?:\s{0,3}(?:milioni|milione|mln|miliardi|mila))?)/gi,
  /(\d[\d.,]{0,20}(?:\s{0,3}(?:milioni|milione|mln|miliardi|mila))?)\s{0,3}(?:di\s{1,3})?(?:€|euro\b|eur\b)/gi,
];

export interface AmountMention {
  amount: number;
  excerpt: string;
}

/** Amounts in euro written in a text ("€ 1.500.000", "2 milioni di euro"); at least € 100. */
export function findAmountMentions(fullText: string, max = 5): AmountMention[] {
  const text = fullText.slice(0, HINT_TEXT_LIMIT);
  const found: (AmountMention & { at: number })[] = [];
  for (const re of AMOUNT_PATTERNS) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const amount = readSourceAmount(m[1]!.replace(/[.,]+$/, ""));
      if (amount === null || amount < 100) continue;
      found.push({ amount, excerpt: excerptAround(text, m.index, m.index + m[0].length), at: m.index });
    }
  }
  found.sort((a, b) => a.at - b.at);
  const seen = new Set<number>();
  return found
    .filter((f) => (seen.has(f.amount) ? false : (seen.add(f.amount), true)))
    .slice(0, max)
    .map(({ amount, excerpt }) => ({ amount, excerpt }));
}

const POPULATION_PATTERN = /(\d{1,3}(?:[.'\u00a0 ]\d{3})+|\d{1,7})\s{0,3}(?:abitanti|residenti)\b/gi;

export interface PopulationMention {
  population: number;
  excerpt: string;
}

/**
 * Populations written in a text ("comuni sotto i 5.000 abitanti"): a possible population limit
 * or size-cluster reservation, for a curator to read (the words around it decide which).
 */
export function findPopulationMentions(fullText: string, max = 3): PopulationMention[] {
  const text = fullText.slice(0, HINT_TEXT_LIMIT);
  const found: PopulationMention[] = [];
  const seen = new Set<number>();
  POPULATION_PATTERN.lastIndex = 0;
  for (let m = POPULATION_PATTERN.exec(text); m && found.length < max; m = POPULATION_PATTERN.exec(text)) {
    const population = Number(m[1]!.replace(/[.'\u00a0 ]/g, ""));
    if (!Number.isSafeInteger(population) || population <= 0 || seen.has(population)) continue;
    seen.add(population);
    found.push({ population, excerpt: excerptAround(text, m.index, m.index + m[0].length) });
  }
  return found;
}

/** Italian and English phrases that name a kind of beneficiary. */
const BENEFICIARY_PATTERNS: Record<BeneficiaryKey, RegExp | null> = {
  comune: /\b(comuni|municipalit(y|ies)|local authorities|enti locali|cities and towns)\b/i,
  "unione-di-comuni": /\b(unioni di comuni|unione di comuni|associations of municipalities)\b/i,
  "comunita-montana": /\bcomunit[aà] montan[ae]\b/i,
  provincia: /\b(province italiane|amministrazioni provinciali|provincial authorities)\b/i,
  "citta-metropolitana": /\b(citt[aà] metropolitan[ae]|metropolitan cit(y|ies))\b/i,
  regione: /\b(regioni e province autonome|regional authorities|amministrazioni regionali)\b/i,
  "ente-pubblico": /\b(enti pubblici|pubbliche amministrazioni|public authorities|public bodies|public administrations)\b/i,
  scuola: /\b(scuole|istituti scolastici|istituzioni scolastiche|schools)\b/i,
  asl: /\b(aziende sanitarie|asl|aziende ospedaliere|hospitals)\b/i,
  universita: /\b(universit[aà]|universities|research organi[sz]ations|enti di ricerca|higher education institutions)\b/i,
  impresa: /\b(imprese|pmi|smes?|companies|enterprises|start-?ups)\b/i,
  "terzo-settore": /\b(terzo settore|ngos?|non-profit|no profit|civil society organi[sz]ations|associazioni)\b/i,
  cittadino: /\b(cittadini|citizens|persone fisiche)\b/i,
  altro: null,
};

/** Beneficiary kinds a text mentions, in the taxonomy's order (a heuristic: curators confirm). */
export function guessBeneficiaries(fullText: string): BeneficiaryKey[] {
  const text = fullText.slice(0, HINT_TEXT_LIMIT);
  return BENEFICIARY_KEYS.filter((key) => BENEFICIARY_PATTERNS[key]?.test(text) ?? false);
}

/** Curator suggestions for the dates, amounts and populations a text mentions. */
export function textSuggestions(text: string): string[] {
  const suggestions: string[] = [];
  for (const mention of findDateMentions(text)) {
    const [y, m, d] = mention.date.split("-");
    const label = mention.deadline ? "Possibile scadenza citata nel testo" : "Data citata nel testo";
    suggestions.push(`${label}: ${d}/${m}/${y} («${mention.excerpt}»).`);
  }
  for (const mention of findAmountMentions(text)) {
    suggestions.push(`Importo citato nel testo: ${formatEuro(mention.amount)} («${mention.excerpt}»).`);
  }
  for (const mention of findPopulationMentions(text)) {
    suggestions.push(
      `Limite di popolazione citato nel testo: ${formatInteger(mention.population)} abitanti («${mention.excerpt}»): da riportare nella popolazione minima o massima o nelle fasce demografiche ammesse.`,
    );
  }
  return suggestions;
}
