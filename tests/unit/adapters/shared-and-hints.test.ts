import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { regionCode, regionCodeByName } from "~/domain/regions";
import {
  calendarDayIfMidnight,
  closesBeforeOpening,
  idFromTitle,
  readSourceAmount,
  readSourceDate,
  safeUrl,
} from "~/ingestion/adapters/shared";
import { findAmountMentions, findDateMentions, findPopulationMentions, guessBeneficiaries, plainText, textSuggestions } from "~/ingestion/text-hints";
import { FC_OPTIONS } from "../../setup/raw-call";

describe("source value helpers", () => {
  it("reads amounts in the forms the sources write", () => {
    expect(readSourceAmount("15375383,50")).toBe(15375383.5);
    expect(readSourceAmount("1.234.567,50")).toBe(1234567.5);
    expect(readSourceAmount("€ 15.000")).toBe(15000);
    expect(readSourceAmount("1000000.0")).toBe(1000000);
    expect(readSourceAmount("4058598.4")).toBe(4058598.4);
    expect(readSourceAmount("1,5 milioni di euro")).toBe(1500000);
    expect(readSourceAmount("2 mld")).toBe(2e9);
    expect(readSourceAmount("1,234,567.50")).toBe(1234567.5);
    expect(readSourceAmount(250000)).toBe(250000);
    for (const bad of ["fino a esaurimento", "", "-5", "1e9", "12 13", "Infinity"]) expect(readSourceAmount(bad)).toBeNull();
    expect(readSourceAmount(-1)).toBeNull();
    expect(readSourceAmount(Number.NaN)).toBeNull();
  });

  it("reads dates and keeps midnight timestamps as calendar days", () => {
    expect(readSourceDate("2026-03-31")).toBe("2026-03-31");
    expect(readSourceDate("31/3/2026")).toBe("2026-03-31");
    expect(readSourceDate("2026-09-07T00:00:00.000")).toBe("2026-09-07T00:00:00.000");
    expect(readSourceDate("")).toBe("");
    expect(readSourceDate("2026-02-29")).toBeNull();
    expect(calendarDayIfMidnight("2026-09-07T00:00:00.000")).toBe("2026-09-07");
    expect(calendarDayIfMidnight("2026-09-07T12:00:00.000")).toBe("2026-09-07T12:00:00.000");
    expect(calendarDayIfMidnight("2026-09-07T00:00:00+0000")).toBe("2026-09-07T00:00:00+0000");
    expect(closesBeforeOpening("2026-03-01", "2026-03-01")).toBe(false);
    expect(closesBeforeOpening("2026-03-02", "2026-03-01")).toBe(true);
  });

  it("keeps only http(s) URLs and makes short stable ids", () => {
    expect(safeUrl("https://www.example.org/a?b=1")).toBe("https://www.example.org/a?b=1");
    expect(safeUrl("javascript:alert(1)")).toBeNull();
    expect(safeUrl("/relative")).toBeNull();
    expect(idFromTitle("1.4.5 'Piattaforma Notifiche Digitali' Comuni (maggio 2024)")).toBe("1-4-5-piattaforma-notifiche-digitali-comuni-maggio-2024");
    const long = "Avviso ".repeat(30);
    expect(idFromTitle(`${long} A`)).not.toBe(idFromTitle(`${long} B`));
    expect(idFromTitle(`${long} A`).length).toBeLessThanOrEqual(100);
    expect(readSourceAmount("1 234 567,5")).toBe(1234567.5);
  });

  it("finds region codes by name", () => {
    expect(regionCodeByName("Lombardia")).toBe("03");
    expect(regionCodeByName("VALLE D'AOSTA/VALLÉE D'AOSTE")).toBe("02");
    expect(regionCodeByName("Friuli Venezia Giulia")).toBe("06");
    expect(regionCodeByName("Tutte")).toBe("*");
    expect(regionCodeByName("Bavaria")).toBeUndefined();
  });

  it("reads a region from a code or a name, for calls and the edit form (one table)", () => {
    expect(regionCode("3")).toBe("03");
    expect(regionCode(" 03 ")).toBe("03");
    expect(regionCode("21")).toBeNull();
    expect(regionCode("LOMBARDIA")).toBe("03");
    expect(regionCode("EmiliaRomagna")).toBe("08");
    expect(regionCode("Valle Aosta")).toBe("02");
    expect(regionCode("Trentino Alto Adige Südtirol")).toBe("04");
    expect(regionCode("Provincia autonoma di Trento")).toBe("04");
    // The whole country is not one region: a call's territory must name regions.
    expect(regionCode("Tutte")).toBeNull();
    expect(regionCode("Atlantide")).toBeNull();
    expect(regionCode("")).toBeNull();
  });
});

describe("text hints", () => {
  it("reduces HTML to text for reading", () => {
    expect(plainText("<p>Fondi &euro; 5.000 <b>entro</b> il 1&deg;</p><script>x<y</script>")).toBe("Fondi € 5.000 entro il 1&deg;");
    expect(plainText("a &#8364; b &#x20AC; c")).toBe("a € b € c");
  });

  it("finds dates, marks deadlines, and finds amounts", () => {
    expect(findDateMentions("Aperto dal 2026-03-01, scadenza il 15 aprile 2026 e poi 31/13/2026.")).toEqual([
      { date: "2026-03-01", deadline: false, excerpt: "Aperto dal 2026-03-01, scadenza il 15 apr…" },
      { date: "2026-04-15", deadline: true, excerpt: "Aperto dal 2026-03-01, scadenza il 15 aprile 2026 e poi 31/13/2026." },
    ]);
    expect(findAmountMentions("Dotazione di 3 milioni di euro, contributo max € 50.000,00 per 2 euro.").map((m) => m.amount)).toEqual([3000000, 50000]);
    expect(textSuggestions("Nessun numero qui.")).toEqual([]);
    expect(findPopulationMentions("Comuni tra 5.000 e 15 000 abitanti; sotto i 3000 residenti; 0 abitanti; 5.000 abitanti").map((m) => m.population)).toEqual([15000, 3000, 5000]);
  });

  it("guesses beneficiaries in Italian and English", () => {
    expect(guessBeneficiaries("Rivolto ai Comuni e alle unioni di comuni lombarde")).toEqual(["comune", "unione-di-comuni"]);
    expect(guessBeneficiaries("Open to SMEs, universities and NGOs")).toEqual(["universita", "impresa", "terzo-settore"]);
    expect(guessBeneficiaries("Nothing relevant")).toEqual([]);
  });

  it("never throws on arbitrary text and only returns valid dates and positive amounts", () => {
    const text = fc.oneof(
      fc.string({ maxLength: 500 }),
      fc.array(fc.constantFrom("<p>", "</p>", "&amp;", "&#99999999;", "31", "/", "03", "2026", " marzo ", "€", " ", "1.000", ",5", " milioni", "euro", "entro", "<"), { maxLength: 60 }).map((p) => p.join("")),
    );
    fc.assert(
      fc.property(text, (t) => {
        const plain = plainText(t);
        for (const d of findDateMentions(plain)) expect(d.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        for (const a of findAmountMentions(plain)) expect(a.amount).toBeGreaterThanOrEqual(100);
        expect(Array.isArray(guessBeneficiaries(plain))).toBe(true);
        for (const p of findPopulationMentions(plain)) expect(p.population).toBeGreaterThan(0);
        textSuggestions(plain);
      }),
      FC_OPTIONS,
    );
  });
});
