import { foldText } from "./text";
import type { ThemeKey } from "./taxonomy";

/**
 * Automatic theme tagging: Italian keyword rules (the `themes` table keywords, editable by
 * curators), matched accent- and case-insensitively on whole words. Pure.
 */

export interface ThemeRule {
  key: ThemeKey;
  keywords: readonly string[];
}

/** Folded text with every non-alphanumeric run turned into one space, padded for word matching. */
export function matchableText(text: string): string {
  return ` ${foldText(text).replace(/[^a-z0-9]+/g, " ").trim()} `;
}

/** How much of a description is read for tagging: its opening states the call's object. */
export const DESCRIPTION_CHARS = 1500;

/**
 * The themes whose keywords occur as whole words in the title or the start of the description,
 * in the rules' order. "cie" does not match "sufficiente"; "carta d'identità" matches
 * "CARTA D'IDENTITA" and "carta d’identità".
 */
export function tagThemes(text: { title: string; description?: string | null }, rules: readonly ThemeRule[]): ThemeKey[] {
  const haystack = matchableText(`${text.title} ${(text.description ?? "").slice(0, DESCRIPTION_CHARS)}`);
  return compiled(rules)
    .filter((rule) => rule.needles.some((needle) => haystack.includes(needle)))
    .map((rule) => rule.key);
}

// Keywords folded once per rule set (a run tags thousands of calls with the same rules).
const COMPILED = new WeakMap<readonly ThemeRule[], { key: ThemeKey; needles: string[] }[]>();

function compiled(rules: readonly ThemeRule[]): { key: ThemeKey; needles: string[] }[] {
  let result = COMPILED.get(rules);
  if (!result) {
    result = rules.map((r) => ({ key: r.key, needles: r.keywords.map(matchableText).filter((n) => n.trim() !== "") }));
    COMPILED.set(rules, result);
  }
  return result;
}

/** Which keywords of which theme matched (shown to curators next to automatic themes). */
export function explainThemes(text: { title: string; description?: string | null }, rules: readonly ThemeRule[]): Record<string, string[]> {
  const haystack = matchableText(`${text.title} ${(text.description ?? "").slice(0, DESCRIPTION_CHARS)}`);
  const result: Record<string, string[]> = {};
  for (const rule of rules) {
    const hits = rule.keywords.filter((k) => matchableText(k).trim() !== "" && haystack.includes(matchableText(k)));
    if (hits.length) result[rule.key] = hits;
  }
  return result;
}
