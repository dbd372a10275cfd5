import { romeDateKey } from "./time";
import { foldText } from "./text";

/**
 * Duplicate detection across sources (docs/decisions/0011-duplicate-detection.md). Two calls
 * are the same call when their normalised titles are very similar, their issuers match, and
 * their deadlines fall on the same Rome day (or one source gives no deadline and the titles are
 * near-identical). Calls from the same source are never duplicates: a source's ids are its own.
 * Pure.
 */

const STOPWORDS = new Set([
  "a", "ad", "al", "alla", "alle", "allo", "ai", "agli", "con", "da", "dal", "dalla", "dalle", "dei", "del", "della",
  "delle", "dello", "degli", "di", "e", "ed", "in", "nel", "nella", "nelle", "nei", "per", "su", "sul", "sulla", "tra",
  "fra", "il", "lo", "la", "le", "i", "gli", "l", "un", "una", "uno", "d", "o", "the", "of", "and", "for",
  // Words every call title carries: they say nothing about which call it is.
  "avviso", "avvisi", "bando", "bandi", "pubblico", "contributi", "contributo", "finanziamento", "finanziamenti",
]);

/** Folded title without punctuation, stopwords and generic words. */
export function normaliseTitle(title: string): string {
  return foldText(title)
    .replace(/[^a-z0-9]+/g, " ")
    .split(" ")
    .filter((w) => w && !STOPWORDS.has(w))
    .join(" ");
}

function trigrams(text: string): Map<string, number> {
  const padded = `  ${text} `;
  const grams = new Map<string, number>();
  for (let i = 0; i < padded.length - 2; i++) {
    const g = padded.slice(i, i + 3);
    grams.set(g, (grams.get(g) ?? 0) + 1);
  }
  return grams;
}

/** Dice coefficient on character trigrams: 1 for equal texts, 0 for nothing in common. Symmetric. */
export function diceSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  if (!a || !b) return 0;
  const ga = trigrams(a);
  const gb = trigrams(b);
  let common = 0;
  let total = 0;
  for (const [g, n] of ga) {
    common += Math.min(n, gb.get(g) ?? 0);
    total += n;
  }
  for (const n of gb.values()) total += n;
  return total === 0 ? 0 : (2 * common) / total;
}

export function titleSimilarity(a: string, b: string): number {
  return diceSimilarity(normaliseTitle(a), normaliseTitle(b));
}

const ISSUER_NOISE = new Set(["di", "del", "della", "per", "la", "il", "e", "dg", "direzione", "generale", "spa", "s", "p", "a"]);

function issuerWords(issuer: string): string[] {
  return foldText(issuer)
    .replace(/[^a-z0-9]+/g, " ")
    .split(" ")
    .filter((w) => w && !ISSUER_NOISE.has(w));
}

/** Issuers match when one's words contain the other's ("Regione Lombardia" ⊂ "Regione Lombardia – DG Enti locali") or they are very similar. */
export function issuersMatch(a: string, b: string): boolean {
  const wa = issuerWords(a);
  const wb = issuerWords(b);
  if (wa.length === 0 || wb.length === 0) return false;
  const [short, long] = wa.length <= wb.length ? [wa, new Set(wb)] : [wb, new Set(wa)];
  if (short.every((w) => long.has(w))) return true;
  return diceSimilarity(wa.join(" "), wb.join(" ")) >= 0.85;
}

export interface DuplicateCandidate {
  callId: number;
  title: string;
  issuer: string;
  deadline: string | null;
  /** The `fonte` parts of the call's aliases. */
  fonti: readonly string[];
}

export interface DuplicateMatch {
  callId: number;
  score: number;
  /** Italian, for the review queue: why the two were taken as one call. */
  reason: string;
}

/** Title similarity needed with the same deadline day, and with a deadline missing on one side. */
export const SAME_DEADLINE_THRESHOLD = 0.8;
export const MISSING_DEADLINE_THRESHOLD = 0.93;

export interface DuplicateIncoming {
  fonte: string;
  title: string;
  issuer: string;
  deadline: string | null;
}

/**
 * Candidates prepared once for many look-ups (an ingestion run): titles normalised ahead, and
 * grouped by deadline day so that each look-up compares titles only where deadlines agree.
 */
export class DuplicateIndex {
  private readonly byDay = new Map<string, { candidate: DuplicateCandidate; title: string }[]>();
  private readonly all: { candidate: DuplicateCandidate; title: string; day: string | null }[] = [];

  constructor(candidates: readonly DuplicateCandidate[] = []) {
    for (const c of candidates) this.add(c);
  }

  add(candidate: DuplicateCandidate): void {
    const day = candidate.deadline ? romeDateKey(new Date(candidate.deadline)) : null;
    const entry = { candidate, title: normaliseTitle(candidate.title), day };
    this.all.push(entry);
    const key = day ?? "";
    const bucket = this.byDay.get(key) ?? [];
    bucket.push(entry);
    this.byDay.set(key, bucket);
  }

  find(incoming: DuplicateIncoming): DuplicateMatch | null {
    const day = incoming.deadline ? romeDateKey(new Date(incoming.deadline)) : null;
    const pool = day ? [...(this.byDay.get(day) ?? []), ...(this.byDay.get("") ?? [])] : this.all;
    const normalised = normaliseTitle(incoming.title);
    let best: DuplicateMatch | null = null;
    for (const { candidate, title } of pool) {
      if (candidate.fonti.includes(incoming.fonte)) continue;
      const otherDay = candidate.deadline ? romeDateKey(new Date(candidate.deadline)) : null;
      if (day && otherDay && day !== otherDay) continue;
      const threshold = day === otherDay ? SAME_DEADLINE_THRESHOLD : MISSING_DEADLINE_THRESHOLD;
      const score = diceSimilarity(normalised, title);
      if (score < threshold || (best && score <= best.score)) continue;
      if (!issuersMatch(incoming.issuer, candidate.issuer)) continue;
      const deadlineText = day && otherDay ? "stessa scadenza" : day || otherDay ? "scadenza indicata da una sola fonte" : "nessuna scadenza";
      best = {
        callId: candidate.callId,
        score,
        reason: `titolo simile al ${Math.round(score * 100)} %, stesso ente, ${deadlineText}`,
      };
    }
    return best;
  }
}

/** The best duplicate of an incoming call among existing calls of other sources, if any. */
export function findDuplicate(incoming: DuplicateIncoming, candidates: readonly DuplicateCandidate[]): DuplicateMatch | null {
  return new DuplicateIndex(candidates).find(incoming);
}
