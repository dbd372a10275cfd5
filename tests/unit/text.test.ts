import { describe, expect, it } from "vitest";
import { foldText, italianTitleCase, slugify, squashWhitespace } from "~/domain/text";

describe("text helpers", () => {
  it("folds accents and case", () => {
    expect(foldText("  Santa Maria  Hoè ")).toBe("santa maria hoe");
    expect(foldText("CITTÀ")).toBe("citta");
  });

  it("squashes all kinds of whitespace", () => {
    expect(squashWhitespace("a\u00a0\u00a0b\n\tc\ufeff")).toBe("a b c");
  });

  it.each([
    ["BARDELLO CON MALGESSO E BREGANO", "Bardello con Malgesso e Bregano"],
    ["UGGIATE CON RONAGO", "Uggiate con Ronago"],
    ["ALBANO SANT'ALESSANDRO", "Albano Sant'Alessandro"],
    ["CASSANO D'ADDA", "Cassano d'Adda"],
    ["DI GRADO", "Di Grado"],
    ["UGGIATE-TREVANO", "Uggiate-Trevano"],
  ])("title-cases %s", (input, expected) => {
    expect(italianTitleCase(input)).toBe(expected);
  });

  it("slugs titles stably", () => {
    expect(slugify("1.4.5 'Piattaforma Notifiche Digitali' Comuni (Settembre 2022)")).toBe(
      "1-4-5-piattaforma-notifiche-digitali-comuni-settembre-2022",
    );
    expect(slugify("Città", 3)).toBe("cit");
  });
});
