import { describe, expect, it } from "vitest";
import type { Call } from "~/domain/call";
import { type EligibilitySubject, eligibility } from "~/domain/matching";
import { NOW } from "./factories";
import { labelledCalls, labelledComuni, labelledPairs, labelledVerdict } from "./labelled-fixture";

/**
 * The hand-labelled set (tests/fixtures/matching/README.md): 10 comuni × 20 calls, 100 %
 * agreement required on the verdict and on the first failing rule.
 */
const calls = labelledCalls();
const comuni = labelledComuni();
const pairs = labelledPairs();
const verdict = (call: Call, comune: EligibilitySubject) => labelledVerdict(call, comune, NOW);

describe("labelled eligibility set: 10 comuni × 20 calls", () => {
  it("holds 200 labelled pairs over 20 calls and 10 comuni", () => {
    expect(calls.size).toBe(20);
    expect(comuni.size).toBe(10);
    expect(pairs).toHaveLength(200);
    expect(new Set(pairs.map((p) => p.label))).toEqual(new Set(["I", "A", "N:stato", "N:beneficiari", "N:territorio", "N:popolazione", "N:fascia"]));
  });

  it("reads the size clusters from the file's `fasce` through the normaliser, not from the test", () => {
    expect(calls.get("B14")!.sizeClusters).toEqual(["medio"]);
    expect([...calls.values()].filter((c) => c.sizeClusters.length > 0).map((c) => c.id)).toEqual(["etichettato:B14"]);
    expect(pairs.filter((p) => p.label === "N:fascia")).toHaveLength(7);
  });

  it("agrees with every label (100 %)", () => {
    const disagreements = pairs.flatMap(({ idFonte, istat, label }) => {
      const call = calls.get(idFonte);
      const comune = comuni.get(istat);
      if (!call || !comune) return [`${idFonte} × ${istat}: manca nei dati`];
      const got = verdict(call, comune);
      return got === label ? [] : [`${idFonte} × ${istat}: atteso ${label}, ottenuto ${got}`];
    });
    expect(disagreements).toEqual([]);
  });

  it("says why, in Italian, for a few representative pairs", () => {
    const reasons = (idFonte: string, istat: string) => eligibility(calls.get(idFonte)!, comuni.get(istat)!, NOW).reasons[0];
    expect(reasons("B08", "014017")).toBe(
      "Il bando è rivolto solo a unioni di comuni: il comune può partecipare in forma associata tramite «Unione dei comuni della Costiera dei Cech».",
    );
    expect(reasons("B08", "016024")).toBe("Il bando è rivolto solo a unioni di comuni: il comune può partecipare solo in forma associata, ma non risulta far parte di un'unione di comuni.");
    expect(reasons("B03", "023091")).toBe("Il bando è chiuso: la scadenza era il 01/03/2026.");
    expect(reasons("B20", "016024")).toBe("Il comune è fuori dal territorio del bando, riservato alla provincia MI, a un elenco di 2 comuni.");
  });
});
