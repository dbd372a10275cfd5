import fc from "fast-check";
import type { AmountBand, Call } from "~/domain/call";
import { SIZE_CLUSTERS, sizeCluster } from "~/domain/clusters";
import type { DismissalInput } from "~/domain/matching";
import { DISMISSAL_REASONS } from "~/domain/matching";
import { type ComuneProfile, MATURITY_KEYS, MATURITY_STATES, PROGRAMME_INSTRUMENTS, PROGRAMME_STATES, type ProgrammeItem } from "~/domain/profile";
import { AGGREGATION_TYPES, BENEFICIARY_KEYS, THEME_KEYS } from "~/domain/taxonomy";
import { NOW } from "./factories";

/** Fixed seed of the project's property tests. */
export const FC_OPTIONS = { numRuns: 1000, seed: 20261123 };

const DAY = 86_400_000;
const COMUNI = [
  { istat: "016001", provinceSigla: "BG", regionCode: "03" },
  { istat: "016024", provinceSigla: "BG", regionCode: "03" },
  { istat: "017029", provinceSigla: "BS", regionCode: "03" },
  { istat: "015146", provinceSigla: "MI", regionCode: "03" },
  { istat: "023091", provinceSigla: "VR", regionCode: "05" },
  { istat: "001272", provinceSigla: "TO", regionCode: "01" },
];
const WORDS = ["migrazione", "cloud", "servizi", "digitali", "comune", "notifiche", "piattaforma", "scuola", "energia", "sport", "sicurezza", "dati", "sito", "pagamenti"];

const text = fc.array(fc.constantFrom(...WORDS), { minLength: 0, maxLength: 8 }).map((w) => w.join(" "));
const themes = fc.uniqueArray(fc.constantFrom(...THEME_KEYS), { maxLength: 3 });
const population = fc.integer({ min: 0, max: 300_000 });
const optionalPopulation = fc.option(population, { nil: null });
const instant = (minDays: number, maxDays: number) => fc.integer({ min: minDays * 24, max: maxDays * 24 }).map((h) => new Date(NOW.getTime() + h * 3_600_000).toISOString());

/** Contiguous, non-overlapping bands from sorted cut points; the last one open-ended. */
export const bandsArb: fc.Arbitrary<AmountBand[]> = fc
  .tuple(fc.uniqueArray(fc.integer({ min: 1, max: 200_000 }), { minLength: 1, maxLength: 5 }), fc.array(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 6, maxLength: 6 }))
  .map(([cuts, amounts]) => {
    const sorted = [...cuts].sort((a, b) => a - b);
    const bands: AmountBand[] = [];
    let min = 0;
    sorted.forEach((max, i) => {
      bands.push({ populationMin: min, populationMax: max, amount: amounts[i] ?? 1 });
      min = max + 1;
    });
    bands.push({ populationMin: min, populationMax: null, amount: amounts[sorted.length] ?? 1 });
    return bands;
  });

export const callArb: fc.Arbitrary<Call> = fc
  .record({
    n: fc.integer({ min: 1, max: 99_999 }),
    title: text,
    description: fc.option(text, { nil: null }),
    themes,
    beneficiaries: fc.oneof(
      fc.constant(["comune"] as Call["beneficiaries"]),
      fc.uniqueArray(fc.constantFrom(...BENEFICIARY_KEYS), { maxLength: 3 }),
    ),
    regions: fc.uniqueArray(fc.constantFrom("01", "03", "05"), { maxLength: 2 }),
    provinces: fc.oneof(fc.constant([] as string[]), fc.uniqueArray(fc.constantFrom("BG", "BS", "MI", "VR", "TO"), { maxLength: 2 })),
    comuni: fc.oneof(fc.constant([] as string[]), fc.uniqueArray(fc.constantFrom(...COMUNI.map((c) => c.istat)), { maxLength: 3 })),
    populationMin: optionalPopulation,
    populationMax: optionalPopulation,
    associatedOnly: fc.boolean(),
    sizeClusters: fc.option(fc.uniqueArray(fc.constantFrom(...SIZE_CLUSTERS), { maxLength: 2 }), { nil: undefined }),
    amountMax: fc.option(fc.integer({ min: 1000, max: 2_000_000 }), { nil: null }),
    amountBands: fc.oneof(fc.constant([] as AmountBand[]), bandsArb),
    cofinancingPct: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
    opensAt: fc.option(instant(-200, 60), { nil: null }),
    deadline: fc.option(instant(-60, 400), { nil: null }),
    procedure: fc.option(fc.constantFrom("sportello" as const, "graduatoria" as const), { nil: null }),
    pnrrMeasure: fc.option(fc.constantFrom("M1C1-1.4.5", "M1C1-1.4.4", "M1C1-1.2"), { nil: null }),
  })
  .map((r) => ({
    id: `fc:${r.n}`,
    title: r.title || "bando",
    issuer: "Ente",
    issuerLevel: "regionale",
    description: r.description,
    url: null,
    themes: r.themes,
    beneficiaries: r.beneficiaries,
    territory: { regions: r.regions, provinces: r.provinces, comuni: r.comuni },
    populationMin: r.populationMin,
    populationMax: r.populationMax,
    associatedOnly: r.associatedOnly,
    sizeClusters: r.sizeClusters ?? [],
    budget: null,
    amountMin: null,
    amountMax: r.amountMax,
    amountBands: r.amountBands,
    cofinancingPct: r.cofinancingPct,
    opensAt: r.opensAt,
    deadline: r.deadline,
    procedure: r.procedure,
    pnrrMeasure: r.pnrrMeasure,
  }));

/** Calls with distinct ids. */
export const callsArb = (maxLength: number) => fc.uniqueArray(callArb, { maxLength, selector: (c) => c.id });

export const itemArb = (id: number): fc.Arbitrary<ProgrammeItem> =>
  fc.record({
    id: fc.constant(id),
    title: text,
    description: fc.option(text, { nil: null }),
    themes,
    amount: fc.option(fc.integer({ min: 0, max: 3_000_000 }), { nil: null }),
    startYear: fc.constant(2026),
    endYear: fc.constant(2027),
    instrument: fc.constantFrom(...PROGRAMME_INSTRUMENTS),
    state: fc.constantFrom(...PROGRAMME_STATES),
  });

export const profileArb: fc.Arbitrary<ComuneProfile> = fc
  .record({
    comune: fc.constantFrom(...COMUNI),
    population,
    aggregations: fc.uniqueArray(fc.constantFrom(...AGGREGATION_TYPES), { maxLength: 2 }),
    programme: fc.integer({ min: 0, max: 4 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => itemArb(i + 1)))),
    maturity: fc.uniqueArray(fc.record({ key: fc.constantFrom(...MATURITY_KEYS), state: fc.constantFrom(...MATURITY_STATES) }), { selector: (m) => m.key, maxLength: 6 }),
    funded: fc.uniqueArray(fc.constantFrom("1.4.5", "1.4.4", "1.2"), { maxLength: 2 }),
  })
  .map((r) => ({
    istat: r.comune.istat,
    name: `Comune ${r.comune.istat}`,
    provinceSigla: r.comune.provinceSigla,
    regionCode: r.comune.regionCode,
    population: r.population,
    sizeCluster: sizeCluster(r.population),
    aggregations: r.aggregations.map((type, i) => ({ id: i + 1, name: `Aggregazione ${i + 1}`, type })),
    programme: r.programme,
    maturity: r.maturity.map((m) => ({ ...m, date: null, setBy: "rtd" as const })),
    fundingHistory: r.funded.map((measure) => ({ measure, notice: `Avviso ${measure}`, amount: 10_000, status: "assegnato" as const, fundedOn: null })),
  }));

/** Dismissals of some of the given calls. */
export const dismissalsArb = (calls: readonly Call[]): fc.Arbitrary<DismissalInput[]> =>
  calls.length === 0
    ? fc.constant([])
    : fc.array(
        fc.record({ call: fc.constantFrom(...calls), reason: fc.constantFrom(...DISMISSAL_REASONS) }).map(({ call, reason }) => ({
          callId: call.id,
          reason,
          note: null,
          dismissedAt: new Date(NOW.getTime() - DAY).toISOString(),
          call,
        })),
        { maxLength: 2 },
      );
