import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseAggregationForm, parseMemberLines } from "~/domain/aggregation-form";
import { compareMeasures, measureNumberOf, pnrrReference } from "~/domain/funding";
import { parseMaturityForm, type MaturityFormValues } from "~/domain/maturity-form";
import { inferMaturity, maturityKeysFor, type FundingFact } from "~/domain/maturity-inference";
import { computePeerComparisons, medianOfSorted, medianWithout, type PeerComune } from "~/domain/peers";
import { MATURITY_KEYS } from "~/domain/profile";
import { parseEuroAmount, parseProgrammeForm, programmeTitleKey, EMPTY_PROGRAMME_FIELDS } from "~/domain/programme";

const PROPERTY = { numRuns: 1000, seed: 20261123 };

describe("parseEuroAmount", () => {
  it.each([
    ["120000", 120000],
    ["120.000", 120000],
    ["1.250.000,00", 1250000],
    ["€ 1.234.567,89", 1234567.89],
    ["1,234,567.89", 1234567.89],
    ["120000,5", 120000.5],
    ["1500.5", 1500.5],
    ["79922.0", 79922],
    ["", null],
    ["  ", null],
  ])("%s → %s", (text, value) => {
    expect(parseEuroAmount(text)).toEqual({ value });
  });

  it.each(["mille euro", "1.2.3", "12,3,4", "-5", "1,234.5.6", "1.000,123", "99999999999"])("rejects %s", (text) => {
    expect(parseEuroAmount(text)).toHaveProperty("error");
  });

  it("never throws and never returns a negative or non-finite number (fast-check)", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[\d.,€ ]{0,20}$/)), (text) => {
        const result = parseEuroAmount(text);
        if ("value" in result && result.value !== null) {
          expect(Number.isFinite(result.value) && result.value >= 0).toBe(true);
        }
      }),
      PROPERTY,
    );
  });
});

describe("programme items", () => {
  it("folds the title for the natural key", () => {
    expect(programmeTitleKey("  Migrazione al  CLOUD  dei servizi ")).toBe(programmeTitleKey("migrazione al cloud dei servizi"));
    expect(programmeTitleKey("Città più sicura")).toBe("citta piu sicura");
  });

  it("validates the form with Italian messages per field", () => {
    const result = parseProgrammeForm({
      ...EMPTY_PROGRAMME_FIELDS,
      title: "x",
      amount: "mille",
      startYear: "2027",
      endYear: "2026",
      instrument: "PEG",
      themes: ["cloud", "blockchain"],
    });
    expect(result).toEqual({
      ok: false,
      errors: {
        title: "Il titolo deve avere almeno 3 caratteri",
        amount: expect.stringContaining("Importo non valido"),
        themes: "Tema non riconosciuto",
        endYear: "L'anno di fine non può precedere l'anno di inizio",
        instrument: "Scegli uno strumento tra quelli indicati",
      },
    });
  });

  it("accepts a complete item, with an Italian amount and empty years", () => {
    const result = parseProgrammeForm({
      title: " Nuovo   sito ",
      description: "",
      themes: ["servizi-digitali"],
      amount: "51.654,00",
      startYear: "",
      endYear: "",
      instrument: "PT-ICT",
      state: "in-corso",
    });
    expect(result).toEqual({
      ok: true,
      value: {
        title: "Nuovo sito",
        description: null,
        themes: ["servizi-digitali"],
        amount: 51654,
        startYear: null,
        endYear: null,
        instrument: "PT-ICT",
        state: "in-corso",
      },
    });
  });
});

describe("PA digitale measures", () => {
  it("reads the measure number from the source's text", () => {
    expect(measureNumberOf("1.4.5 Digitalizzazione degli avvisi pubblici")).toBe("1.4.5");
    expect(measureNumberOf("1.2 Abilitazione e facilitazione migrazione al Cloud")).toBe("1.2");
    expect(measureNumberOf("1.3.1 Piattaforma Digitale Nazionale Dati")).toBe("1.3.1");
    expect(measureNumberOf("Misura sconosciuta")).toBeUndefined();
    expect(pnrrReference("1.4.5")).toBe("M1C1-1.4.5");
    expect(["1.4.5", "1.2", "1.4.10", "1.3.1", "1.4.1"].sort(compareMeasures)).toEqual(["1.2", "1.3.1", "1.4.1", "1.4.5", "1.4.10"]);
  });
});

describe("maturity inference (docs/decisions/0031)", () => {
  it("maps each measure, and the notice where the measure covers several platforms", () => {
    expect(maturityKeysFor("1.4.5", "1.4.5 'Piattaforma Notifiche Digitali' Comuni (Settembre 2022)")).toEqual(["send"]);
    expect(maturityKeysFor("1.4.4", "1.4.4 Adozione SPID CIE  - Comuni - Aprile 2022")).toEqual(["spid", "cie"]);
    expect(maturityKeysFor("1.4.4", "1.4.4 Adozione ANPR ANSC - Comuni - luglio 2024")).toEqual(["anpr", "ansc"]);
    expect(maturityKeysFor("1.4.4", "Adozione identità digitale")).toEqual(["spid", "cie"]);
    expect(maturityKeysFor("1.4.3", "1.4.3 - pagoPA - Comuni - Aprile 2022")).toEqual(["pagopa"]);
    expect(maturityKeysFor("1.4.3", "1.4.3 - app IO - Comuni - Aprile 2022")).toEqual(["app-io"]);
    expect(maturityKeysFor("1.4.3", "1.4.3 Adozione PagoPA e AppIO")).toEqual(["pagopa", "app-io"]);
    expect(maturityKeysFor("1.4.1", "1.4.1 Esperienza del Cittadino - Comuni - Aprile 2022")).toEqual(["sito-web"]);
    expect(maturityKeysFor("1.2", "1.2 Abilitazione al cloud - Comuni - Aprile 2022")).toEqual(["cloud"]);
    expect(maturityKeysFor("1.3.1", "1.3.1 Piattaforma Digitale Nazionale Dati - Comuni Ottobre 2022")).toEqual(["pdnd"]);
    expect(maturityKeysFor("1.1", "1.1 Infrastrutture digitali - ASL/AO")).toEqual([]);
  });

  const fact = (status: FundingFact["status"], fundedOn: string, statusDate: string, notice = "1.4.5 PND"): FundingFact => ({
    measure: "1.4.5",
    notice,
    status,
    fundedOn,
    statusDate,
  });

  it("assigned → in corso (decree date); paid → completato (status date); renounced → nothing", () => {
    expect(inferMaturity([fact("assegnato", "2023-01-03", "2023-01-03")]).get("send")).toMatchObject({
      state: "in-corso",
      date: "2023-01-03",
    });
    expect(inferMaturity([fact("erogato", "2023-01-03", "2024-04-05")]).get("send")).toMatchObject({
      state: "completato",
      date: "2024-04-05",
      source: expect.stringContaining("M1C1-1.4.5"),
    });
    expect(inferMaturity([fact("rinunciato", "2023-01-03", "2023-02-14")]).size).toBe(0);
  });

  it("keeps the strongest state, and the earliest date among equals", () => {
    const result = inferMaturity([
      fact("rinunciato", "2022-01-01", "2022-02-01"),
      fact("assegnato", "2024-05-01", "2024-05-01"),
      fact("erogato", "2023-01-03", "2025-03-01"),
      fact("erogato", "2023-01-03", "2024-11-01"),
    ]);
    expect(result.get("send")).toMatchObject({ state: "completato", date: "2024-11-01" });
  });
});

describe("peer comparison", () => {
  it("computes medians, with one element left out", () => {
    expect(medianOfSorted([])).toBeNull();
    expect(medianOfSorted([5])).toBe(5);
    expect(medianOfSorted([1, 3])).toBe(2);
    expect(medianOfSorted([1, 2, 9])).toBe(2);
    expect(medianWithout([1, 2, 9], 1)).toBe(5);
    expect(medianWithout([1], 0)).toBeNull();
  });

  it("medianWithout equals the median of the array without that element (fast-check)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 40 }), fc.nat(), (values, pick) => {
        const sorted = [...values].sort((a, b) => a - b);
        const skip = pick % sorted.length;
        const rest = sorted.filter((_, i) => i !== skip);
        expect(medianWithout(sorted, skip)).toBe(medianOfSorted(rest));
      }),
      PROPERTY,
    );
  });

  it("compares each comune with the others of its cluster, in its province and region", () => {
    const c = (istat: string, provinceSigla: string, sizeCluster: PeerComune["sizeCluster"]): PeerComune => ({
      istat,
      provinceSigla,
      regionCode: "03",
      sizeCluster,
    });
    const comuni = [c("A", "BG", "piccolo"), c("B", "BG", "piccolo"), c("C", "BG", "piccolo"), c("D", "BS", "piccolo"), c("E", "BG", "grande")];
    const totals = new Map([
      ["B", new Map([["1.4.5", { obtainedCents: 2_314_700, renounced: false }]])],
      ["C", new Map([["1.4.5", { obtainedCents: 2_000_000, renounced: false }]])],
      ["D", new Map([["1.4.5", { obtainedCents: 0, renounced: true }]])],
      ["E", new Map([["1.4.5", { obtainedCents: 6_000_000, renounced: false }]])],
    ]);
    const rows = computePeerComparisons(comuni, totals, ["1.4.5"]);
    const row = (istat: string, scope: string) => rows.find((r) => r.istat === istat && r.scope === scope);
    // A obtained nothing: its 2 provincial peers both did, median of B and C.
    expect(row("A", "provincia")).toMatchObject({ peers: 2, peersFunded: 2, medianCents: 2_157_350, ownCents: null, ownRenounced: false });
    // In the region, D (BS, renounced) joins the group and does not count as funded.
    expect(row("A", "regione")).toMatchObject({ peers: 3, peersFunded: 2, medianCents: 2_157_350 });
    // B is compared with the others only.
    expect(row("B", "provincia")).toMatchObject({ peers: 2, peersFunded: 1, medianCents: 2_000_000, ownCents: 2_314_700 });
    expect(row("D", "provincia")).toMatchObject({ peers: 0, peersFunded: 0, medianCents: null, ownRenounced: true });
    // The grande comune has no peers.
    expect(row("E", "regione")).toMatchObject({ peers: 0, peersFunded: 0, medianCents: null, ownCents: 6_000_000 });
    expect(rows).toHaveLength(comuni.length * 2);
  });
});

describe("maturity form", () => {
  const empty = Object.fromEntries(MATURITY_KEYS.map((k) => [k, { state: "", date: "" }])) as MaturityFormValues;

  it("dates a state without date today, and refuses future, impossible or orphan dates", () => {
    const ok = parseMaturityForm({ ...empty, send: { state: "completato", date: "" }, spid: { state: "in-corso", date: "2024-02-29" } }, "2026-11-23");
    expect(ok.ok && ok.rows.filter((r) => r.state !== null)).toEqual([
      { key: "spid", state: "in-corso", date: "2024-02-29" },
      { key: "send", state: "completato", date: "2026-11-23" },
    ]);
    const bad = parseMaturityForm(
      {
        ...empty,
        send: { state: "completato", date: "2027-01-01" },
        cie: { state: "", date: "2024-01-01" },
        pagopa: { state: "in-corso", date: "2023-02-30" },
        cloud: { state: "finito", date: "" },
      },
      "2026-11-23",
    );
    expect(bad).toEqual({
      ok: false,
      errors: {
        send: expect.stringContaining("futura"),
        cie: expect.stringContaining("indica lo stato"),
        pagopa: expect.stringContaining("data non valida"),
        cloud: expect.stringContaining("stato non valido"),
      },
    });
  });
});

describe("aggregation form", () => {
  it("reads one code per line, ignoring names after it", () => {
    expect(parseMemberLines("016024 Bergamo\n16001, 016002;\n\nBergamo")).toEqual({ codes: ["016024", "016001", "016002"], bad: ["Bergamo"] });
  });

  it("requires members and a lead among them", () => {
    expect(parseAggregationForm({ name: "Unione", type: "unione-di-comuni", leadIstat: "016024", members: "016001" })).toEqual({
      ok: false,
      errors: { leadIstat: "Il capofila deve essere tra i comuni aderenti" },
    });
    expect(parseAggregationForm({ name: "U", type: "x", leadIstat: "", members: "" })).toEqual({
      ok: false,
      errors: {
        name: "Il nome deve avere almeno 3 caratteri",
        type: "Scegli un tipo tra quelli indicati",
        members: "Indica almeno un comune aderente",
      },
    });
    expect(parseAggregationForm({ name: "Unione  dei colli", type: "unione-di-comuni", leadIstat: "16001", members: "016001\n016002" })).toEqual({
      ok: true,
      value: { name: "Unione dei colli", type: "unione-di-comuni", leadIstat: "016001", members: ["016001", "016002"] },
    });
  });
});
