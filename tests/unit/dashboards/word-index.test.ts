import { describe, expect, it } from "vitest";
import { WordIndex, editDistance, similarity, words } from "~/lib/word-index";

const docs = [
  [{ text: "Contributi per la migrazione in cloud dei piccoli comuni", weight: 3 }, { text: "Regione Lombardia", weight: 1.5 }],
  [{ text: "Efficienza energetica nella pianura (Cremona, Mantova, Lodi)", weight: 3 }],
  [{ text: "Sicurezza informatica degli enti locali", weight: 3 }, { text: "Agenzia per la Cybersicurezza Nazionale", weight: 1.5 }],
  [{ text: "Identità digitale: SPID e CIE", weight: 3 }, { text: "M1C1-1.4.4", weight: 1 }],
  [{ text: "Bando per la scuola digitale", weight: 3 }, { text: "Descrizione che parla anche di cloud", weight: 0.5 }],
];
const index = new WordIndex(docs);
const hits = (q: string) => index.search(q).map((h) => h.doc);

describe("word index (fuzzy, accent-insensitive, prebuilt)", () => {
  it("folds words and drops stop words; PNRR codes stay whole", () => {
    expect(words("L'Identità DIGITALE per i Comuni — M1C1-1.4.4")).toEqual(["identita", "digitale", "comuni", "m1c1", "1.4.4"]);
  });

  it("edit distance counts an adjacent swap as one edit", () => {
    expect(editDistance("clod", "cloud")).toBe(1);
    expect(editDistance("infromatica", "informatica")).toBe(1);
    expect(similarity("clod", "lodi")).toBe(0.5);
  });

  it("a typo still finds the word, and a title outranks a description", () => {
    expect(hits("clod")).toEqual([0, 4]);
    expect(hits("kloud")).toEqual([0, 4]);
    expect(hits("sicurezza informatca")).toEqual([2]);
  });

  it("accents, case, prefixes and codes", () => {
    expect(hits("IDENTITA")).toEqual([3]);
    expect(hits("identità")).toEqual([3]);
    expect(hits("digital")).toEqual([3, 4]);
    expect(hits("1.4.4")).toEqual([3]);
  });

  it("every word must match; if no document has them all, any word ranks by how many", () => {
    expect(hits("scuola digitale")).toEqual([4]);
    const some = index.search("scuola pianura");
    expect(some.map((h) => h.doc).sort()).toEqual([1, 4]);
    expect(hits("nessunaparolacosi")).toEqual([]);
  });

  it("answers a repeated query from its cache with the same result", () => {
    expect(index.search("clod")).toBe(index.search("CLOD"));
  });
});
