import { describe, expect, it } from "vitest";
import {
  EMPTY_TEXT_MODEL,
  buildTextModel,
  callTextFields,
  cosine,
  deserializeTextModel,
  serializeTextModel,
  stem,
  tokenize,
  vectorize,
} from "~/domain/matching";

const field = (text: string) => [{ text, weight: 1 }];

describe("Italian tokens", () => {
  it("folds accents and case, drops stop words and short words, keeps numbers", () => {
    expect(tokenize("Migrazione al Cloud della città e dei servizi: 1.4.5, più è")).toEqual([
      "migrazione",
      "cloud",
      "citta",
      "servizi",
      "1",
      "4",
      "5",
    ]);
  });

  it.each([
    ["digitale", "digital"],
    ["digitali", "digital"],
    ["pubblico", "pubblic"],
    ["pubbliche", "pubblic"],
    ["pubblici", "pubblic"],
    ["servizio", "serviz"],
    ["servizi", "serviz"],
    ["migrazioni", "migrazion"],
    ["luoghi", "luog"],
    ["energia", "energ"],
    ["energie", "energ"],
    ["rapidamente", "rapid"],
    ["cloud", "cloud"],
    ["2026", "2026"],
  ])("stems %s → %s", (word, expected) => {
    expect(stem(word)).toBe(expected);
  });
});

describe("TF-IDF vectors", () => {
  const corpus = [
    "Contributi per la migrazione al cloud dei servizi comunali",
    "Contributi per la piattaforma notifiche digitali",
    "Contributi per impianti sportivi comunali",
  ].map(field);
  const model = buildTextModel(corpus);

  it("are L2-normalised, sorted by term, and similar texts are closer than unrelated ones", () => {
    const call = vectorize(model, field("Migrazione in cloud dei servizi del comune"));
    const norm = Math.sqrt(call.weights.reduce((s, w) => s + w * w, 0));
    expect(norm).toBeCloseTo(1, 12);
    expect(call.terms).toEqual([...call.terms].sort((a, b) => a - b));
    const related = vectorize(model, field("Il servizio del comune passa al cloud"));
    const unrelated = vectorize(model, field("Rifacimento della palestra"));
    expect(cosine(call, related)).toBeGreaterThan(0.3);
    expect(cosine(call, unrelated)).toBe(0);
    expect(cosine(call, call)).toBeCloseTo(1, 12);
  });

  it("weigh rare terms more than common ones", () => {
    const v = vectorize(model, field("contributi cloud"));
    const [contributi, cloud] = [vectorize(EMPTY_TEXT_MODEL, field("contributi")).terms[0], vectorize(EMPTY_TEXT_MODEL, field("cloud")).terms[0]];
    const weight = (term: number | undefined) => v.weights[v.terms.indexOf(term ?? -1)] ?? 0;
    expect(weight(cloud)).toBeGreaterThan(weight(contributi));
  });

  it("count a call's title twice as much as its description", () => {
    const v = vectorize(EMPTY_TEXT_MODEL, callTextFields({ title: "cloud", description: "notifiche" }));
    expect(v.weights[v.terms.indexOf(vectorize(EMPTY_TEXT_MODEL, field("cloud")).terms[0] ?? -1)]).toBeGreaterThan(
      v.weights[v.terms.indexOf(vectorize(EMPTY_TEXT_MODEL, field("notifiche")).terms[0] ?? -1)] ?? 1,
    );
  });

  it("keep at most the heaviest terms, deterministically", () => {
    const long = Array.from({ length: 200 }, (_, i) => `parola${i}`).join(" ");
    const v = vectorize(model, field(long), 16);
    expect(v.terms).toHaveLength(16);
    expect(vectorize(model, field(long), 16)).toEqual(v);
  });

  it("an empty text has an empty vector, similar to nothing", () => {
    const empty = vectorize(model, field("e di la"));
    expect(empty).toEqual({ terms: [], weights: [] });
    expect(cosine(empty, vectorize(model, field("cloud")))).toBe(0);
  });

  it("the model survives JSON persistence unchanged", () => {
    const restored = deserializeTextModel(JSON.parse(JSON.stringify(serializeTextModel(model))));
    expect(restored.documents).toBe(3);
    const text = field("notifiche digitali per i comuni");
    expect(vectorize(restored, text)).toEqual(vectorize(model, text));
  });
});
