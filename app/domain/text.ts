/** Text helpers shared by search, tagging and normalisation. Pure. */

/** Lower-case, strip diacritics (è → e), collapse whitespace. */
export function foldText(value: string): string {
  return value
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

/** Collapse runs of whitespace (including non-breaking spaces) and trim. */
export function squashWhitespace(value: string): string {
  return value.replace(/[\s\u00a0\u200b\ufeff]+/g, " ").trim();
}

const LOWER_WORDS = new Set([
  "a", "ad", "al", "alla", "alle", "allo", "ai", "agli", "con", "d", "da", "dal", "dalla", "de", "dei",
  "del", "della", "delle", "dello", "degli", "di", "e", "ed", "in", "nel", "nella", "sul", "sulla",
  "sullo", "sui", "su", "l", "la", "le", "lo", "gli", "il", "i", "per", "sopra", "sotto",
]);

/**
 * Turns an upper-case official name (ANPR writes "BARDELLO CON MALGESSO E BREGANO") into the
 * usual Italian title case ("Bardello con Malgesso e Bregano"). Articles and prepositions stay
 * lower-case except at the start; apostrophes and hyphens start a new word ("Sant'Alessandro").
 */
export function italianTitleCase(upper: string): string {
  const lower = squashWhitespace(upper).toLowerCase();
  let index = 0;
  return lower.replace(/[\p{L}\p{M}]+/gu, (word, offset: number) => {
    const first = index++ === 0;
    const prev = lower[offset - 1];
    const afterApostrophe = prev === "'" || prev === "’";
    if (!first && !afterApostrophe && LOWER_WORDS.has(word)) return word;
    // "d'Adda", "l'Aquila": an elided article before an apostrophe stays lower-case mid-name.
    const next = lower[offset + word.length];
    if (!first && (next === "'" || next === "’") && word.length <= 3 && LOWER_WORDS.has(word)) return word;
    return word.charAt(0).toUpperCase() + word.slice(1);
  });
}

/** A stable URL-safe slug of a title: folded, non-alphanumerics to dashes, at most `max` chars. */
export function slugify(value: string, max = 80): string {
  const slug = foldText(value)
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return slug.slice(0, max).replace(/-+$/g, "");
}
