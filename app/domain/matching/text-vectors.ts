/**
 * Text similarity between calls and programme items: TF-IDF over Italian tokens (folded,
 * stop words removed, light stemming), hashed terms, L2-normalised sparse vectors, cosine.
 *
 * Precomputation (decision 0051): the store builds one `TextModel` (document frequencies) from
 * the corpus of calls, persists it, and persists one vector per call and per programme item.
 * Scoring then only multiplies two short sorted vectors. Terms are hashed (FNV-1a, 32 bits), so
 * a vector never depends on a vocabulary: a new call or item is vectorised at once with the
 * current model; the model is rebuilt on a full re-match.
 */

import { foldText } from "../text";
import { fnv1a } from "./config";

export const TEXT_MODEL_VERSION = 1;

/** A sparse vector: term hashes in ascending order and their weights (L2 norm 1, or empty). */
export interface SparseVector {
  terms: number[];
  weights: number[];
}

export const EMPTY_VECTOR: SparseVector = Object.freeze({ terms: [], weights: [] }) as SparseVector;

/** Document frequencies of hashed terms over a corpus of calls. */
export interface TextModel {
  version: number;
  documents: number;
  df: ReadonlyMap<number, number>;
}

/** The JSON form of a TextModel, for persistence. */
export interface SerializedTextModel {
  version: number;
  documents: number;
  terms: number[];
  counts: number[];
}

/** A model with no corpus: every term weighs the same (plain TF cosine). */
export const EMPTY_TEXT_MODEL: TextModel = { version: TEXT_MODEL_VERSION, documents: 0, df: new Map() };

/** A text and how much it weighs (a call's title counts more than its description). */
export interface TextField {
  text: string | null | undefined;
  weight: number;
}

// Articles, prepositions, conjunctions, pronouns, auxiliaries and generic administrative words.
const STOP_WORDS = new Set(
  (
    "a ad al alla alle allo ai agli all anche ancora altro altri altre altra avere essere e ed o od oppure ma se " +
    "che chi cui come con col coi da dal dalla dalle dallo dai dagli dall de dei del della delle dello degli dell di " +
    "fra tra in nel nella nelle nello nei negli nell per su sul sulla sulle sullo sui sugli sull il lo la le li gli l " +
    "i un uno una un non piu meno molto poco tutto tutti tutte tale tali questo questa questi queste quello quella " +
    "quelli quelle stesso stessa sono essere viene vengono ha hanno sia siano sara saranno ogni nonche ovvero " +
    "quale quali dove quando mediante presso verso entro oltre tramite loro suo sua suoi sue nostro nostra " +
    "cosi ecc etc anno anni euro"
  ).split(" "),
);

/** Lower-case, accent-free tokens of at least three letters (or any number), stop words removed. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const raw of foldText(text).split(/[^a-z0-9]+/)) {
    if (raw.length === 0) continue;
    if (!/^\d+$/.test(raw) && raw.length < 3) continue;
    if (STOP_WORDS.has(raw)) continue;
    tokens.push(raw);
  }
  return tokens;
}

/**
 * Light Italian stemming: folds gender and number ("digitale", "digitali" → "digital";
 * "pubblico", "pubbliche" → "pubblic"; "servizio", "servizi" → "serviz"), "-mente" adverbs,
 * and a final vowel. Deliberately conservative: derivations ("comune", "comunale") stay apart.
 */
export function stem(token: string): string {
  if (token.length <= 4 || /^\d+$/.test(token)) return token;
  if (token.endsWith("mente") && token.length > 8) return stem(token.slice(0, -5));
  if (/(che|chi)$/.test(token)) return `${token.slice(0, -3)}c`;
  if (/(ghe|ghi)$/.test(token)) return `${token.slice(0, -3)}g`;
  // "servizio"/"servizi", "energia"/"energie": the i belongs to the ending.
  if (/(io|ia|ie)$/.test(token)) return token.slice(0, -2);
  if (/[aeiou]$/.test(token)) return token.slice(0, -1);
  return token;
}

/** The stemmed terms of a text, in order (repetitions kept). */
export function terms(text: string): string[] {
  return tokenize(text).map(stem);
}

export function hashTerm(term: string): number {
  return fnv1a(term);
}

/** The text fields of a call for vectorisation: the title counts twice as much as the description. */
export function callTextFields(call: { title: string; description: string | null }): TextField[] {
  return [
    { text: call.title, weight: 2 },
    { text: call.description, weight: 1 },
  ];
}

/** The text fields of a programme item: the title counts twice as much as the description. */
export function programmeItemTextFields(item: { title: string; description: string | null }): TextField[] {
  return [
    { text: item.title, weight: 2 },
    { text: item.description, weight: 1 },
  ];
}

/** Builds document frequencies from a corpus (normally every published call's text fields). */
export function buildTextModel(documents: Iterable<TextField[]>): TextModel {
  const df = new Map<number, number>();
  let count = 0;
  for (const fields of documents) {
    count++;
    const seen = new Set<number>();
    for (const field of fields) {
      if (!field.text) continue;
      for (const term of terms(field.text)) seen.add(hashTerm(term));
    }
    for (const h of seen) df.set(h, (df.get(h) ?? 0) + 1);
  }
  return { version: TEXT_MODEL_VERSION, documents: count, df };
}

export function serializeTextModel(model: TextModel): SerializedTextModel {
  const termsSorted = [...model.df.keys()].sort((a, b) => a - b);
  return { version: model.version, documents: model.documents, terms: termsSorted, counts: termsSorted.map((t) => model.df.get(t) ?? 0) };
}

export function deserializeTextModel(data: SerializedTextModel): TextModel {
  const df = new Map<number, number>();
  data.terms.forEach((t, i) => df.set(t, data.counts[i] ?? 0));
  return { version: data.version, documents: data.documents, df };
}

/** Smoothed inverse document frequency; a term never seen weighs most. */
function idf(model: TextModel, term: number): number {
  return Math.log((1 + model.documents) / (1 + (model.df.get(term) ?? 0))) + 1;
}

/**
 * Longest vector kept: the heaviest terms carry the similarity, and a bounded length keeps the
 * per-pair cost bounded whatever the length of a call's description.
 */
export const MAX_VECTOR_TERMS = 64;

/** The TF-IDF vector of weighted text fields: the `maxTerms` heaviest terms, L2-normalised. */
export function vectorize(model: TextModel, fields: TextField[], maxTerms = MAX_VECTOR_TERMS): SparseVector {
  const tf = new Map<number, number>();
  for (const field of fields) {
    if (!field.text || field.weight <= 0) continue;
    for (const term of terms(field.text)) {
      const h = hashTerm(term);
      tf.set(h, (tf.get(h) ?? 0) + field.weight);
    }
  }
  if (tf.size === 0) return { terms: [], weights: [] };
  let weighted = [...tf].map(([h, count]): [number, number] => [h, (1 + Math.log(count)) * idf(model, h)]);
  if (weighted.length > maxTerms) {
    // Heaviest first; equal weights by term hash, so the cut is deterministic.
    weighted = weighted.sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, maxTerms);
  }
  weighted.sort((a, b) => a[0] - b[0]);
  const norm = Math.sqrt(weighted.reduce((sum, [, w]) => sum + w * w, 0));
  return { terms: weighted.map(([h]) => h), weights: weighted.map(([, w]) => w / norm) };
}

/** A sparse vector in typed arrays, for fast dot products (the compiled form). */
export interface PackedVector {
  terms: Uint32Array;
  weights: Float64Array;
}

export function packVector(vector: SparseVector): PackedVector {
  return { terms: Uint32Array.from(vector.terms), weights: Float64Array.from(vector.weights) };
}

/** Cosine similarity of two normalised packed vectors (0 when either is empty): a merge of sorted terms. */
export function packedCosine(a: PackedVector, b: PackedVector): number {
  const at = a.terms;
  const bt = b.terms;
  const aw = a.weights;
  const bw = b.weights;
  let i = 0;
  let j = 0;
  let dot = 0;
  while (i < at.length && j < bt.length) {
    const x = at[i] as number;
    const y = bt[j] as number;
    if (x === y) {
      dot += (aw[i] as number) * (bw[j] as number);
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return dot > 1 ? 1 : dot;
}

/** Cosine similarity of two normalised sparse vectors (0 when either is empty). */
export function cosine(a: SparseVector, b: SparseVector): number {
  return packedCosine(packVector(a), packVector(b));
}
