import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parsePadigitaleAvvisi } from "~/ingestion/adapters/padigitale2026-avvisi";
import { context, expectValidSource } from "../setup/raw-call";
import { sharedFile } from "../setup/shared-data";

/**
 * The real PA digitale 2026 `avvisi.csv` (../shared/data, never committed): 57 notices. Skipped
 * when the shared data is absent.
 */
const avvisi = sharedFile("padigitale2026", "avvisi.csv");

describe.skipIf(!avvisi)("padigitale2026-avvisi on the real avvisi.csv (../shared/data)", () => {
  const result = parsePadigitaleAvvisi(readFileSync(avvisi!), context("avvisi.csv"));
  const calls = result.items.map((item) => item.call);
  const byTitle = new Map(calls.map((call) => [call.titolo, call]));
  const tally = (keys: (string | null | undefined)[]) =>
    keys.reduce<Record<string, number>>((acc, key) => ({ ...acc, [String(key)]: (acc[String(key)] ?? 0) + 1 }), {});

  it("yields 57 calls, no rejects, 57 distinct ids, no open question for curators", () => {
    expect(result.read).toBe(57);
    expect(calls).toHaveLength(57);
    expect(result.rejects).toEqual([]);
    expect(new Set(calls.map((c) => c.idFonte)).size).toBe(57);
    expect(calls.filter((c) => c.suggerimenti)).toEqual([]);
    expectValidSource(result);
  });

  it("maps every notice to its PNRR measure and themes", () => {
    expect(tally(calls.map((c) => c.misuraPnrr))).toEqual({
      "M1C1-1.1": 7,
      "M1C1-1.2": 14,
      "M1C1-1.3.1": 6,
      "M1C1-1.4.1": 6,
      "M1C1-1.4.3": 16,
      "M1C1-1.4.4": 6,
      "M1C1-1.4.5": 2,
    });
    expect(tally(calls.flatMap((c) => c.temi ?? []))).toEqual({
      cloud: 21,
      interoperabilita: 6,
      "servizi-digitali": 6,
      pagamenti: 8,
      "app-io": 8,
      "identita-digitale": 4,
      anagrafe: 2,
      notifiche: 2,
    });
  });

  it("maps every recipient: 24 notices for comuni, none of them open to other bodies", () => {
    expect(tally(calls.flatMap((c) => c.beneficiari))).toEqual({
      comune: 24,
      scuola: 10,
      provincia: 3,
      "citta-metropolitana": 3,
      asl: 15,
      regione: 11,
      universita: 14,
      altro: 6,
    });
    expect(calls.filter((c) => c.beneficiari.includes("comune")).every((c) => c.beneficiari.length === 1)).toBe(true);
    expect(calls.some((c) => c.beneficiari.includes("ente-pubblico"))).toBe(false);
  });

  it("keeps the right dates and amounts", () => {
    expect(byTitle.get("1.4.5 'Piattaforma Notifiche Digitali' Comuni (Settembre 2022)")).toMatchObject({
      idFonte: "1-4-5-piattaforma-notifiche-digitali-comuni-settembre-2022",
      apertura: "2022-09-12",
      scadenza: "2022-11-11",
      dotazione: 200000000,
      temi: ["notifiche"],
      beneficiari: ["comune"],
      misuraPnrr: "M1C1-1.4.5",
      ente: "Dipartimento per la trasformazione digitale",
      livelloEnte: "nazionale",
    });
    expect(byTitle.get("1.4.4 Adozione ANPR ANSC - Comuni - luglio 2025")).toMatchObject({
      apertura: "2025-07-02",
      scadenza: "2025-08-01",
      dotazione: 4058598.4,
      temi: ["anagrafe"],
    });
    expect(byTitle.get("1.2 Abilitazione al Cloud - Province e città metropolitane - aprile 2025")?.beneficiari).toEqual([
      "provincia",
      "citta-metropolitana",
    ]);
    expect(calls.map((c) => c.apertura).sort()[0]).toBe("2022-04-04");
    expect(calls.map((c) => c.scadenza).sort().at(-1)).toBe("2026-01-30");
    expect(calls.every((c) => c.apertura && c.scadenza && c.apertura <= c.scadenza)).toBe(true);
    expect(Math.round(calls.reduce((sum, c) => sum + (c.dotazione as number), 0))).toBe(4851019825);
  });

  it("gives the two ASL/AO 2023 quotas (same title up to the measure) distinct, stable ids", () => {
    const quotas = calls.filter((c) => c.titolo.startsWith("1.1 e 1.2"));
    expect(quotas.map((c) => c.misuraPnrr)).toEqual(["M1C1-1.2", "M1C1-1.1"]);
    expect(new Set(quotas.map((c) => c.idFonte)).size).toBe(2);
    const again = parsePadigitaleAvvisi(readFileSync(avvisi!), context("avvisi.csv"));
    expect(again.items.map((i) => i.call)).toEqual(calls);
  });
});
