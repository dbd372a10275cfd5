import { describe, expect, it } from "vitest";
import { type EligibilityRule, eligibility } from "~/domain/matching";
import { NOW, makeCall, makeProfile } from "./factories";

const small = makeProfile(); // Adrara San Martino (BG), 2,161 residents, no aggregations
const inUnione = makeProfile({ aggregations: [{ id: 7, name: "Unione dei Comuni della Valle", type: "unione-di-comuni" }] });
const inComunita = makeProfile({ aggregations: [{ id: 8, name: "Comunità montana dei Laghi Bergamaschi", type: "comunita-montana" }] });
const inConvenzione = makeProfile({ aggregations: [{ id: 9, name: "Convenzione polizia locale", type: "convenzione" }] });

function failed(result: ReturnType<typeof eligibility>): EligibilityRule[] {
  return result.checks.filter((c) => !c.passed).map((c) => c.rule);
}

describe("eligibility — call status", () => {
  it("an open call passes and says until when", () => {
    const r = eligibility(makeCall(), small, NOW);
    expect(r.outcome).toBe("idoneo");
    expect(r.checks[0]).toEqual({ rule: "stato", passed: true, message: "Il bando è aperto fino al 30/04/2026." });
  });

  it("an upcoming call passes and says when it opens", () => {
    const r = eligibility(makeCall({ opensAt: "2026-04-01T00:00:00+02:00" }), small, NOW);
    expect(r.outcome).toBe("idoneo");
    expect(r.reasons).toContain("Il bando apre il 01/04/2026.");
  });

  it("a call a sportello without deadline passes", () => {
    const r = eligibility(makeCall({ deadline: null, procedure: "sportello" }), small, NOW);
    expect(r.outcome).toBe("idoneo");
    expect(r.reasons).toContain("Il bando è aperto a sportello, fino a esaurimento delle risorse.");
  });

  it("a closed call fails: closed calls are not open opportunities", () => {
    const r = eligibility(makeCall({ deadline: "2026-02-28T22:59:59Z" }), small, NOW);
    expect(r.outcome).toBe("non-idoneo");
    expect(r.eligible).toBe(false);
    expect(failed(r)).toEqual(["stato"]);
    expect(r.reasons[0]).toBe("Il bando è chiuso: la scadenza era il 28/02/2026.");
  });
});

describe("eligibility — beneficiaries", () => {
  it("`comune` among the beneficiaries: eligible", () => {
    expect(eligibility(makeCall({ beneficiaries: ["comune", "provincia"] }), small, NOW).outcome).toBe("idoneo");
  });

  it("`ente-pubblico` includes comuni: eligible", () => {
    const r = eligibility(makeCall({ beneficiaries: ["ente-pubblico"] }), small, NOW);
    expect(r.outcome).toBe("idoneo");
    expect(r.reasons).toContain("Il bando è rivolto agli enti pubblici, comuni compresi.");
  });

  it("comuni and unioni together: eligible directly, not only in associated form", () => {
    const r = eligibility(makeCall({ beneficiaries: ["comune", "unione-di-comuni"] }), inUnione, NOW);
    expect(r).toMatchObject({ outcome: "idoneo", associatedForm: false });
  });

  it("only unioni di comuni: associated form only, naming the comune's unione", () => {
    const r = eligibility(makeCall({ beneficiaries: ["unione-di-comuni"] }), inUnione, NOW);
    expect(r).toMatchObject({ outcome: "forma-associata", eligible: true, associatedForm: true });
    expect(r.reasons[0]).toBe(
      "Il bando è rivolto solo a unioni di comuni: il comune può partecipare in forma associata tramite «Unione dei Comuni della Valle».",
    );
  });

  it("only unioni, comune in no unione: still associated form, and the reason says it belongs to none", () => {
    const r = eligibility(makeCall({ beneficiaries: ["unione-di-comuni"] }), inComunita, NOW);
    expect(r.outcome).toBe("forma-associata");
    expect(r.reasons[0]).toContain("non risulta far parte di un'unione di comuni");
  });

  it("only comunità montane: associated form through the comune's comunità montana", () => {
    const r = eligibility(makeCall({ beneficiaries: ["comunita-montana"] }), inComunita, NOW);
    expect(r.outcome).toBe("forma-associata");
    expect(r.reasons[0]).toContain("tramite «Comunità montana dei Laghi Bergamaschi»");
  });

  it("`soloFormaAssociata`: associated form only, any aggregation counts", () => {
    const r = eligibility(makeCall({ associatedOnly: true }), inConvenzione, NOW);
    expect(r.outcome).toBe("forma-associata");
    expect(r.reasons[0]).toBe("Il bando ammette solo domande in forma associata: il comune può partecipare in forma associata tramite «Convenzione polizia locale».");
    expect(eligibility(makeCall({ associatedOnly: true }), small, NOW).reasons[0]).toContain("non risulta far parte");
  });

  it("no comuni among the beneficiaries: not eligible", () => {
    const r = eligibility(makeCall({ beneficiaries: ["scuola", "provincia"] }), small, NOW);
    expect(r.outcome).toBe("non-idoneo");
    expect(failed(r)).toEqual(["beneficiari"]);
    expect(r.reasons[0]).toBe("Il bando è rivolto a: Scuole, Province; i comuni non sono tra i beneficiari.");
  });

  it("no beneficiaries at all: not eligible", () => {
    expect(eligibility(makeCall({ beneficiaries: [] }), small, NOW).reasons[0]).toBe("Il bando non indica i beneficiari.");
  });
});

describe("eligibility — territory (every non-empty list must match)", () => {
  const territory = (t: Partial<{ regions: string[]; provinces: string[]; comuni: string[] }>) =>
    makeCall({ territory: { regions: [], provinces: [], comuni: [], ...t } });

  it("no lists: no restriction", () => {
    expect(eligibility(territory({}), small, NOW).reasons).toContain("Il bando non ha limiti territoriali.");
  });

  it("region code: inside and outside", () => {
    const inside = eligibility(territory({ regions: ["03"] }), small, NOW);
    expect(inside.outcome).toBe("idoneo");
    expect(inside.reasons).toContain("Il comune rientra nel territorio del bando, riservato alla regione Lombardia.");
    const outside = eligibility(territory({ regions: ["05"] }), small, NOW);
    expect(failed(outside)).toEqual(["territorio"]);
    expect(outside.reasons[0]).toBe("Il comune è fuori dal territorio del bando, riservato alla regione Veneto.");
  });

  it("province sigla: inside and outside", () => {
    expect(eligibility(territory({ provinces: ["BG", "BS"] }), small, NOW).outcome).toBe("idoneo");
    const outside = eligibility(territory({ provinces: ["MI"] }), small, NOW);
    expect(outside.outcome).toBe("non-idoneo");
    expect(outside.reasons[0]).toBe("Il comune è fuori dal territorio del bando, riservato alla provincia MI.");
  });

  it("ISTAT code list: listed and not listed", () => {
    expect(eligibility(territory({ comuni: ["016001", "016024"] }), small, NOW).outcome).toBe("idoneo");
    const outside = eligibility(territory({ comuni: ["016024", "015146"] }), small, NOW);
    expect(outside.outcome).toBe("non-idoneo");
    expect(outside.reasons[0]).toBe("Il comune non è tra i comuni elencati dal bando, riservato a un elenco di 2 comuni.");
  });

  it("a comune listed by ISTAT code but outside the province list is outside", () => {
    const r = eligibility(territory({ provinces: ["MI"], comuni: ["016001"] }), small, NOW);
    expect(r.outcome).toBe("non-idoneo");
    expect(failed(r)).toEqual(["territorio"]);
  });

  it("region, province and comune all matching: inside", () => {
    expect(eligibility(territory({ regions: ["03"], provinces: ["BG"], comuni: ["016001"] }), small, NOW).outcome).toBe("idoneo");
  });
});

describe("eligibility — population bounds (inclusive)", () => {
  const at = (population: number) => makeProfile({ population });

  it("at the maximum: inside; one above: outside", () => {
    const call = makeCall({ populationMax: 5000 });
    const inside = eligibility(call, at(5000), NOW);
    expect(inside.outcome).toBe("idoneo");
    expect(inside.reasons).toContain("Con 5.000 abitanti il comune rientra nel limite del bando (fino a 5.000 abitanti).");
    const outside = eligibility(call, at(5001), NOW);
    expect(failed(outside)).toEqual(["popolazione"]);
    expect(outside.reasons[0]).toBe("Il bando è riservato ai comuni fino a 5.000 abitanti; il comune ne ha 5.001.");
  });

  it("at the minimum: inside; one below: outside", () => {
    const call = makeCall({ populationMin: 5001 });
    expect(eligibility(call, at(5001), NOW).outcome).toBe("idoneo");
    expect(eligibility(call, at(5000), NOW).reasons[0]).toBe("Il bando è riservato ai comuni con almeno 5.001 abitanti; il comune ne ha 5.000.");
  });

  it("both bounds", () => {
    const call = makeCall({ populationMin: 5000, populationMax: 15000 });
    expect(eligibility(call, at(15000), NOW).outcome).toBe("idoneo");
    expect(eligibility(call, at(4999), NOW).reasons[0]).toBe("Il bando è riservato ai comuni tra 5.000 e 15.000 abitanti; il comune ne ha 4.999.");
  });
});

describe("eligibility — size cluster", () => {
  it("a call reserved to a cluster admits that cluster", () => {
    const r = eligibility(makeCall({ sizeClusters: ["piccolo"] }), makeProfile({ population: 4999 }), NOW);
    expect(r.outcome).toBe("idoneo");
    expect(r.reasons).toContain("Il bando è riservato ai comuni di fascia piccola (meno di 5.000 abitanti), come questo.");
  });

  it("and refuses the others", () => {
    const r = eligibility(makeCall({ sizeClusters: ["piccolo"] }), makeProfile({ population: 5000 }), NOW);
    expect(failed(r)).toEqual(["fascia"]);
    expect(r.reasons[0]).toBe(
      "Il bando è riservato ai comuni di fascia piccola (meno di 5.000 abitanti); il comune è di fascia media (da 5.000 a 15.000 abitanti).",
    );
  });

  it("an empty list means any cluster", () => {
    expect(eligibility(makeCall({ sizeClusters: [] }), makeProfile({ population: 200_000 }), NOW).outcome).toBe("idoneo");
  });
});

describe("eligibility — reasons", () => {
  it("lists every failed rule first, in order of importance, then the rules that pass", () => {
    const call = makeCall({ territory: { regions: ["05"], provinces: [], comuni: [] }, populationMax: 1000, deadline: "2026-01-31T22:59:59Z" });
    const r = eligibility(call, small, NOW);
    expect(failed(r)).toEqual(["stato", "territorio", "popolazione"]);
    expect(r.reasons.slice(0, 3)).toEqual([
      "Il bando è chiuso: la scadenza era il 31/01/2026.",
      "Il comune è fuori dal territorio del bando, riservato alla regione Veneto.",
      "Il bando è riservato ai comuni fino a 1.000 abitanti; il comune ne ha 2.161.",
    ]);
    expect(r.reasons).toHaveLength(5);
  });
});
