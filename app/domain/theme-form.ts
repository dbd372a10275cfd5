import { foldText, squashWhitespace } from "./text";

/**
 * The curators' theme editor (API.md "Themes": curators can edit labels and keywords, not keys).
 * Keywords are one per line (or comma-separated); duplicates after folding are dropped.
 */
export const THEME_LABEL_MAX = 80;
export const KEYWORD_MAX = 60;
export const KEYWORDS_MAX = 60;

export type ThemeFormResult =
  | { ok: true; label: string; keywords: string[] }
  | { ok: false; errors: { label?: string; keywords?: string } };

export function parseThemeForm(label: string, keywordsText: string): ThemeFormResult {
  const errors: { label?: string; keywords?: string } = {};
  const cleanLabel = squashWhitespace(label);
  if (cleanLabel.length < 2) errors.label = "Indica un'etichetta di almeno 2 caratteri.";
  else if (cleanLabel.length > THEME_LABEL_MAX) errors.label = `L'etichetta può avere al massimo ${THEME_LABEL_MAX} caratteri.`;

  const seen = new Set<string>();
  const keywords: string[] = [];
  for (const raw of keywordsText.split(/[\r\n,]+/)) {
    const keyword = squashWhitespace(raw).toLowerCase();
    if (!keyword) continue;
    if (keyword.length < 2 || keyword.length > KEYWORD_MAX) {
      errors.keywords = `Ogni parola chiave deve avere da 2 a ${KEYWORD_MAX} caratteri: «${keyword.slice(0, 80)}».`;
      break;
    }
    const folded = foldText(keyword);
    if (seen.has(folded)) continue;
    seen.add(folded);
    keywords.push(keyword);
  }
  if (!errors.keywords && keywords.length === 0) errors.keywords = "Indica almeno una parola chiave.";
  if (!errors.keywords && keywords.length > KEYWORDS_MAX) errors.keywords = `Al massimo ${KEYWORDS_MAX} parole chiave per tema.`;
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, label: cleanLabel, keywords };
}
