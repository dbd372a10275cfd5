import Fuse from "fuse.js";
import { foldText } from "~/domain/text";

/**
 * Fuzzy, accent-insensitive full-text search over a fixed set of documents (the published
 * catalogue), prebuilt once per catalogue revision (docs/decisions/0071).
 *
 * Documents are split into folded words, each word pointing to the documents (and fields) it
 * occurs in. A query word is looked up exactly, as a prefix ("digital" → "digitale"), and
 * fuzzily with fuse.js over the VOCABULARY (a few thousand short words, not thousands of long
 * documents: that is what keeps a search under a few milliseconds at 5,000 calls). Fuse
 * shortlists the near words; an edit distance decides how near ("clod" → "cloud" 0.8, but not
 * "lodi" 0.5). Every query word must match (else any may, ranked lower); a document's score
 * adds, per query word, its best word's similarity times the weight of the field it is in.
 */

export interface IndexedField {
  text: string;
  /** Title 3, issuer 1.5, codes 1, description 0.5, … */
  weight: number;
}

export interface WordHit {
  doc: number;
  score: number;
}

const STOPWORDS = new Set(
  "a ad al alla alle allo ai agli col con d da dal dalla dalle dai dagli de dei del della delle dello degli di e ed gli i il in l la le lo nei nel nella nelle o per su sui sul sulla tra fra un una uno".split(" "),
);

/** Folded words of a text, stop words left out; PNRR codes stay whole ("1.4.5", "m1c1"). */
export function words(text: string): string[] {
  return foldText(text)
    .split(/[^a-z0-9.]+/)
    .map((w) => w.replace(/^\.+|\.+$/g, ""))
    .filter((w) => w.length >= 2 && !STOPWORDS.has(w));
}

/** Optimal string alignment distance (Levenshtein with adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const prev2 = new Array<number>(b.length + 1).fill(0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      cur.push(d);
    }
    for (let j = 0; j <= b.length; j++) prev2[j] = prev[j]!;
    prev = cur;
  }
  return prev[b.length]!;
}

/** Similarity 0–1 of two words by edit distance over the longer length. */
export function similarity(a: string, b: string): number {
  return 1 - editDistance(a, b) / Math.max(a.length, b.length);
}

const MIN_SIMILARITY = 0.65;
const PREFIX_SIMILARITY = 0.9;
const CACHE_SIZE = 500;

export class WordIndex {
  private readonly postings = new Map<string, Map<number, number>>();
  private readonly vocabulary: string[];
  /**
   * fuse.js indexes (prebuilt) over the words sharing their first letter, and over those sharing
   * their second letter (for a typo in the first one): small lists, so a fuzzy lookup costs
   * about a millisecond instead of scanning the whole vocabulary.
   */
  private readonly byFirst: Map<string, Fuse<string>>;
  private readonly bySecond: Map<string, Fuse<string>>;
  private readonly cache = new Map<string, WordHit[]>();

  constructor(docs: readonly (readonly IndexedField[])[]) {
    docs.forEach((fields, doc) => {
      for (const field of fields) {
        for (const word of new Set(words(field.text))) {
          let posting = this.postings.get(word);
          if (!posting) {
            posting = new Map();
            this.postings.set(word, posting);
          }
          posting.set(doc, (posting.get(doc) ?? 0) + field.weight);
        }
      }
    });
    this.vocabulary = [...this.postings.keys()].sort();
    const options = { includeScore: true, threshold: 0.4, ignoreLocation: true, minMatchCharLength: 2, isCaseSensitive: true };
    const buckets = (at: number) => {
      const lists = new Map<string, string[]>();
      for (const w of this.vocabulary) {
        const list = lists.get(w[at]!);
        if (list) list.push(w);
        else lists.set(w[at]!, [w]);
      }
      return new Map([...lists].map(([letter, list]) => [letter, new Fuse(list, options, Fuse.createIndex([], list))]));
    };
    this.byFirst = buckets(0);
    this.bySecond = buckets(1);
  }

  get size(): number {
    return this.vocabulary.length;
  }

  /** Words of the vocabulary near a query word, with their similarity. */
  private near(word: string): Map<string, number> {
    const found = new Map<string, number>();
    if (this.postings.has(word)) found.set(word, 1);
    if (word.length >= 3) {
      // Prefix: a binary search to the first word ≥ the query word, then the run that starts with it.
      let lo = 0;
      let hi = this.vocabulary.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.vocabulary[mid]! < word) lo = mid + 1;
        else hi = mid;
      }
      for (let i = lo; i < this.vocabulary.length && this.vocabulary[i]!.startsWith(word) && found.size < 40; i++) {
        if (!found.has(this.vocabulary[i]!)) found.set(this.vocabulary[i]!, PREFIX_SIMILARITY);
      }
      if (!/^\d/.test(word)) {
        const fuzzy = (fuse: Fuse<string> | undefined) => {
          let added = 0;
          for (const r of fuse?.search(word, { limit: 30 }) ?? []) {
            if (found.has(r.item)) continue;
            const s = similarity(word, r.item);
            if (s >= MIN_SIMILARITY) {
              found.set(r.item, s * 0.85);
              added++;
            }
          }
          return added;
        };
        // Words with the same first letter; when none is near, those with the same second letter.
        if (fuzzy(this.byFirst.get(word[0]!)) === 0 && found.size === 0) fuzzy(this.bySecond.get(word[1]!));
      }
    }
    return found;
  }

  /** Documents matching the query, best first (ties by document order). */
  search(query: string): WordHit[] {
    const key = foldText(query);
    const cached = this.cache.get(key);
    if (cached) {
      this.cache.delete(key);
      this.cache.set(key, cached);
      return cached;
    }
    const queryWords = [...new Set(words(query))];
    const perWord = queryWords.map((w) => {
      const scores = new Map<number, number>();
      for (const [word, sim] of this.near(w)) {
        for (const [doc, weight] of this.postings.get(word)!) {
          const s = sim * weight;
          if (s > (scores.get(doc) ?? 0)) scores.set(doc, s);
        }
      }
      return scores;
    });
    const total = new Map<number, { score: number; words: number }>();
    for (const scores of perWord) {
      for (const [doc, s] of scores) {
        const t = total.get(doc) ?? { score: 0, words: 0 };
        t.score += s;
        t.words++;
        total.set(doc, t);
      }
    }
    const all = [...total].filter(([, t]) => t.words === perWord.length);
    // Every word must match; when no document has them all, any word will do, ranked by how many.
    const hits = (all.length > 0 ? all : [...total])
      .map(([doc, t]) => ({ doc, score: t.score * (t.words / perWord.length) }))
      .sort((a, b) => b.score - a.score || a.doc - b.doc);
    this.cache.set(key, hits);
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    return hits;
  }
}
