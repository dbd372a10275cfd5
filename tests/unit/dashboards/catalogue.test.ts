import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type CatalogueCall,
  admitsCluster,
  callFeatures,
  catalogueSearchParams,
  coversProvince,
  facetContext,
  facetCounts,
  inAmountRange,
  matchesQuery,
  maxAmount,
  parseCatalogueQuery,
  sortCatalogue,
} from "~/domain/catalogue";
import { SIZE_CLUSTERS } from "~/domain/clusters";

const NOW = new Date("2026-03-01T10:00:00Z");

function call(partial: Partial<CatalogueCall> & { title: string }): CatalogueCall {
  return {
    themes: [],
    issuerLevel: null,
    territory: { regions: [], provinces: [], comuni: [] },
    populationMin: null,
    populationMax: null,
    sizeClusters: [],
    amountMin: null,
    amountMax: null,
    amountBands: [],
    opensAt: null,
    deadline: null,
    publishedAt: null,
    ...partial,
  };
}

const CALLS = [
  call({ title: "Cloud piccoli", themes: ["cloud"], issuerLevel: "regionale", populationMax: 5000, amountMax: 40_000, deadline: "2026-03-05T22:59:00Z", territory: { regions: ["03"], provinces: [], comuni: [] } }),
  call({ title: "Notifiche", themes: ["notifiche"], issuerLevel: "nazionale", amountBands: [{ populationMin: 0, populationMax: 5000, amount: 23_147 }, { populationMin: 5001, populationMax: null, amount: 59_966 }], deadline: "2026-05-30T21:59:00Z" }),
  call({ title: "Energia Cremona", themes: ["energia", "ambiente"], issuerLevel: "regionale", amountMax: 300_000, deadline: "2026-02-01T22:59:00Z", territory: { regions: [], provinces: ["CR", "MN"], comuni: [] } }),
  call({ title: "Cyber in arrivo", themes: ["sicurezza-informatica", "cloud"], issuerLevel: "nazionale", opensAt: "2026-04-01T00:00:00Z", deadline: "2026-06-01T00:00:00Z", amountMax: 2_000_000 }),
  call({ title: "Sportello sport", themes: ["sport"], issuerLevel: "privato" }),
];
const items = () => CALLS.map((c) => ({ call: c, features: callFeatures(c, NOW) }));
const ctx = facetContext(NOW);
const q = (qs: string) => parseCatalogueQuery(new URLSearchParams(qs));
const titles = (qs: string) => sortCatalogue(items().filter((i) => matchesQuery(i.call, i.features, q(qs), ctx)), q(qs).sort).map((i) => i.call.title);

describe("catalogue query in the URL", () => {
  it("reads repeated and comma-separated lists, drops unknown values, defaults the sort", () => {
    const query = q("tema=cloud&tema=dati,nonesiste&livello=ue&stato=aperto&fascia=medio&provincia=bg&entro=30&importo=fino-50k&page=3");
    expect(query).toMatchObject({ themes: ["cloud", "dati"], levels: ["ue"], status: "aperto", cluster: "medio", province: "BG", window: 30, amount: "fino-50k", sort: "scadenza", page: 3 });
    expect(q("stato=boh&entro=12&provincia=XX&page=-1")).toMatchObject({ status: null, window: null, province: null, page: 1 });
    expect(q("q=cloud").sort).toBe("pertinenza");
    expect(q("ordina=pertinenza").sort).toBe("scadenza");
  });

  it("round-trips through catalogueSearchParams (property, fixed seed)", () => {
    const keys = ["q", "tema", "livello", "stato", "fascia", "provincia", "entro", "importo", "ordina", "page"];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...keys), fc.oneof(fc.string(), fc.constantFrom("cloud", "ue", "aperto", "medio", "BG", "30", "50k-250k", "titolo", "2")))), (pairs) => {
        const parsed = parseCatalogueQuery(new URLSearchParams(pairs));
        expect(parseCatalogueQuery(catalogueSearchParams(parsed))).toEqual(parsed);
      }),
      { numRuns: 1000, seed: 20261123 },
    );
  });
});

describe("catalogue facets", () => {
  it("amounts: the largest band or maximum, ranges by that amount", () => {
    expect(maxAmount(CALLS[1]!)).toBe(59_966);
    expect(maxAmount(CALLS[4]!)).toBeNull();
    expect(inAmountRange(50_000, "fino-50k")).toBe(true);
    expect(inAmountRange(50_000, "50k-250k")).toBe(false);
    expect(inAmountRange(50_001, "50k-250k")).toBe(true);
    expect(inAmountRange(null, "oltre-1m")).toBe(false);
  });

  it("cluster and province follow population bounds and territory", () => {
    expect(admitsCluster(CALLS[0]!, "piccolo")).toBe(true);
    // 5,000 inhabitants is already "medio" and bounds are inclusive.
    expect(admitsCluster(CALLS[0]!, "medio")).toBe(true);
    expect(admitsCluster(CALLS[0]!, "grande")).toBe(false);
    // A reservation to clusters counts as much as the bounds.
    expect(SIZE_CLUSTERS.filter((c) => admitsCluster(call({ title: "x", sizeClusters: ["piccolo"] }), c))).toEqual(["piccolo"]);
    expect(SIZE_CLUSTERS.filter((c) => admitsCluster(call({ title: "x", sizeClusters: ["medio", "grande"], populationMax: 10_000 }), c))).toEqual(["medio"]);
    expect(coversProvince(CALLS[2]!, "CR")).toBe(true);
    expect(coversProvince(CALLS[2]!, "BG")).toBe(false);
    expect(coversProvince(call({ title: "x", territory: { regions: ["01"], provinces: [], comuni: [] } }), "BG")).toBe(false);
    expect(coversProvince(call({ title: "x", territory: { regions: [], provinces: [], comuni: ["016024"] } }), "BG")).toBe(true);
  });

  it("filters combine: themes OR within the facet, AND across facets", () => {
    expect(titles("tema=cloud&tema=sport")).toEqual(["Cloud piccoli", "Sportello sport", "Cyber in arrivo"]);
    expect(titles("tema=cloud&livello=nazionale")).toEqual(["Cyber in arrivo"]);
    expect(titles("stato=chiuso")).toEqual(["Energia Cremona"]);
    expect(titles("entro=7")).toEqual(["Cloud piccoli"]);
    expect(titles("importo=oltre-1m")).toEqual(["Cyber in arrivo"]);
    expect(titles("fascia=grande&provincia=BG")).toEqual(["Notifiche", "Sportello sport", "Cyber in arrivo"]);
  });

  it("sorts by deadline (open first, a sportello after, closed last), amount and title", () => {
    expect(titles("")).toEqual(["Cloud piccoli", "Notifiche", "Sportello sport", "Cyber in arrivo", "Energia Cremona"]);
    expect(titles("ordina=importo")).toEqual(["Cyber in arrivo", "Energia Cremona", "Notifiche", "Cloud piccoli", "Sportello sport"]);
    expect(titles("ordina=titolo")[0]).toBe("Cloud piccoli");
  });

  it("counts each option with the other facets applied", () => {
    const counts = facetCounts(items(), q("tema=cloud&stato=aperto"), ctx);
    // Themes are counted without the theme filter: every open call's themes.
    expect(counts.themes.cloud).toBe(1);
    expect(counts.themes.notifiche).toBe(1);
    expect(counts.themes.sport).toBe(1);
    expect(counts.themes.energia).toBe(0);
    // Statuses are counted without the status filter: cloud calls by status.
    expect(counts.status).toEqual({ aperto: 1, "in-arrivo": 1, chiuso: 0 });
    expect(counts.levels).toMatchObject({ regionale: 1, nazionale: 0 });
  });
});
