/**
 * A seeded, deterministic generator of realistic calls for benchmarks (pure data: no I/O).
 * The mix follows what the sources publish: a few national calls (PNRR measures with PA digitale
 * population bands), many regional ones, provincial and area calls (lists of comuni), population
 * bounds ("piccoli comuni"), unioni-only and associated-form calls, calls for other bodies,
 * deadlines open / upcoming / closed / a sportello.
 */

import type { AmountBand, Call, IssuerLevel } from "~/domain/call";
import type { SizeCluster } from "~/domain/clusters";
import { type BeneficiaryKey, THEME_KEYS, type ThemeKey } from "~/domain/taxonomy";
import { ITALIAN_REGIONS } from "~/domain/regions";
import { CALL_DESCRIPTION_TEMPLATES, CALL_TITLE_TEMPLATES, GENERIC_SENTENCES, THEME_PHRASES, fill } from "./phrases";
import { Random } from "./random";

export interface GeneratorComune {
  istat: string;
  regionCode: string;
  provinceSigla: string;
  population: number;
}

export interface GenerateCallsOptions {
  count: number;
  seed: number;
  now: Date;
  comuni: readonly GeneratorComune[];
}

const DAY = 86_400_000;

function regionName(code: string): string {
  return ITALIAN_REGIONS.find((r) => r.code === code)?.name ?? code;
}

const DIGITAL_THEMES: ThemeKey[] = [
  "cloud", "servizi-digitali", "pagamenti", "app-io", "identita-digitale", "anagrafe", "notifiche", "interoperabilita",
  "dati", "sicurezza-informatica", "conservazione", "procedimenti", "connettivita", "competenze-digitali", "smart-city",
];

/** PNRR measures with their themes and PA digitale bands (SOURCES.md). */
const MEASURES: { ref: string; themes: ThemeKey[]; bands: AmountBand[]; amountMax: number | null }[] = [
  {
    ref: "M1C1-1.4.5",
    themes: ["notifiche"],
    bands: [
      { populationMin: 0, populationMax: 5000, amount: 23_147 },
      { populationMin: 5001, populationMax: 20_000, amount: 32_589 },
      { populationMin: 20_001, populationMax: 100_000, amount: 59_966 },
      { populationMin: 100_001, populationMax: 250_000, amount: 69_000 },
      { populationMin: 250_001, populationMax: null, amount: 97_247 },
    ],
    amountMax: null,
  },
  {
    ref: "M1C1-1.4.1",
    themes: ["servizi-digitali"],
    bands: [
      { populationMin: 0, populationMax: 5000, amount: 79_922 },
      { populationMin: 5001, populationMax: 20_000, amount: 155_234 },
      { populationMin: 20_001, populationMax: 50_000, amount: 280_932 },
      { populationMin: 50_001, populationMax: 100_000, amount: 328_160 },
      { populationMin: 100_001, populationMax: 250_000, amount: 516_323 },
      { populationMin: 250_001, populationMax: null, amount: 1_277_083 },
    ],
    amountMax: null,
  },
  { ref: "M1C1-1.4.4", themes: ["identita-digitale", "anagrafe"], bands: [], amountMax: 14_000 },
  { ref: "M1C1-1.4.3", themes: ["pagamenti", "app-io"], bands: [], amountMax: 30_000 },
  { ref: "M1C1-1.2", themes: ["cloud"], bands: [], amountMax: 150_000 },
  { ref: "M1C1-1.3.1", themes: ["interoperabilita"], bands: [], amountMax: 10_172 },
];

const NATIONAL_ISSUERS = [
  "Dipartimento per la trasformazione digitale",
  "Ministero dell'Interno",
  "Ministero della Cultura",
  "Ministero dell'Ambiente e della Sicurezza energetica",
  "Agenzia per la Cybersicurezza Nazionale",
];

function themesFor(random: Random): ThemeKey[] {
  const digital = random.chance(0.6);
  const pool = digital ? DIGITAL_THEMES : THEME_KEYS.filter((t) => !DIGITAL_THEMES.includes(t));
  const count = random.weighted([[1, 5], [2, 4], [3, 1]] as const);
  return random.sample(pool, count);
}

function beneficiariesFor(random: Random): { beneficiaries: BeneficiaryKey[]; associatedOnly: boolean } {
  return random.weighted<{ beneficiaries: BeneficiaryKey[]; associatedOnly: boolean }>([
    [{ beneficiaries: ["comune"], associatedOnly: false }, 62],
    [{ beneficiaries: ["comune", "unione-di-comuni"], associatedOnly: false }, 10],
    [{ beneficiaries: ["ente-pubblico"], associatedOnly: false }, 6],
    [{ beneficiaries: ["comune", "unione-di-comuni", "comunita-montana"], associatedOnly: false }, 4],
    [{ beneficiaries: ["unione-di-comuni"], associatedOnly: false }, 4],
    [{ beneficiaries: ["comunita-montana"], associatedOnly: false }, 2],
    [{ beneficiaries: ["comune"], associatedOnly: true }, 4],
    [{ beneficiaries: ["scuola"], associatedOnly: false }, 3],
    [{ beneficiaries: ["impresa", "terzo-settore"], associatedOnly: false }, 3],
    [{ beneficiaries: ["provincia", "citta-metropolitana"], associatedOnly: false }, 2],
  ]);
}

function populationBoundsFor(random: Random): { min: number | null; max: number | null; clusters?: SizeCluster[] } {
  return random.weighted<{ min: number | null; max: number | null; clusters?: SizeCluster[] }>([
    [{ min: null, max: null }, 62],
    [{ min: null, max: 5000 }, 14],
    [{ min: null, max: 3000 }, 5],
    [{ min: null, max: 1000 }, 2],
    [{ min: 5001, max: null }, 4],
    [{ min: 5000, max: 15_000 }, 4],
    [{ min: 15_001, max: null }, 3],
    [{ min: null, max: 30_000 }, 2],
    [{ min: null, max: null, clusters: ["piccolo"] }, 2],
    [{ min: null, max: null, clusters: ["medio", "grande"] }, 2],
  ]);
}

function bandsFor(random: Random): AmountBand[] {
  const small = random.amount(10_000, 60_000);
  return [
    { populationMin: 0, populationMax: 4999, amount: small },
    { populationMin: 5000, populationMax: 15_000, amount: Math.round(small * 1.8) },
    { populationMin: 15_001, populationMax: null, amount: Math.round(small * 3) },
  ];
}

/** Deadline and opening relative to now: 20 % closed, 10 % upcoming, 60 % open, 10 % a sportello without deadline. */
function datesFor(random: Random, now: number): { opensAt: string | null; deadline: string | null } {
  const kind = random.weighted([["closed", 20], ["upcoming", 10], ["open", 60], ["sportello", 10]] as const);
  const iso = (t: number) => new Date(Math.round(t / 60_000) * 60_000).toISOString();
  switch (kind) {
    case "closed": {
      const deadline = now - random.int(1, 365) * DAY;
      return { opensAt: iso(deadline - random.int(30, 120) * DAY), deadline: iso(deadline) };
    }
    case "upcoming": {
      const opens = now + random.int(1, 60) * DAY;
      return { opensAt: iso(opens), deadline: iso(opens + random.int(30, 120) * DAY) };
    }
    case "open":
      return { opensAt: iso(now - random.int(1, 90) * DAY), deadline: iso(now + random.int(1, 240) * DAY + random.int(0, 23) * 3_600_000) };
    case "sportello":
      return { opensAt: iso(now - random.int(1, 300) * DAY), deadline: null };
  }
}

export function generateCalls(options: GenerateCallsOptions): Call[] {
  const random = new Random(options.seed);
  const now = options.now.getTime();
  const regions = [...new Set(options.comuni.map((c) => c.regionCode))].sort();
  const provincesByRegion = new Map<string, string[]>();
  const comuniByProvince = new Map<string, GeneratorComune[]>();
  for (const c of options.comuni) {
    const provinces = provincesByRegion.get(c.regionCode) ?? [];
    if (!provinces.includes(c.provinceSigla)) provinces.push(c.provinceSigla);
    provincesByRegion.set(c.regionCode, provinces);
    const comuni = comuniByProvince.get(c.provinceSigla) ?? [];
    comuni.push(c);
    comuniByProvince.set(c.provinceSigla, comuni);
  }
  for (const list of provincesByRegion.values()) list.sort();
  const year = String(new Date(now).getUTCFullYear());

  const calls: Call[] = [];
  for (let n = 0; n < options.count; n++) {
    const scope = random.weighted([["national", 8], ["regional", 52], ["provincial", 22], ["area", 18]] as const);
    const region = random.pick(regions);
    const territory = { regions: [] as string[], provinces: [] as string[], comuni: [] as string[] };
    let issuer: string;
    let issuerLevel: IssuerLevel;
    let measure: (typeof MEASURES)[number] | null = null;
    if (scope === "national") {
      issuer = random.pick(NATIONAL_ISSUERS);
      issuerLevel = random.chance(0.1) ? "ue" : "nazionale";
      if (random.chance(0.4)) measure = random.pick(MEASURES);
    } else if (scope === "regional") {
      territory.regions = random.chance(0.1) ? random.sample(regions, 2) : [region];
      issuer = `Regione ${regionName(territory.regions[0] ?? region)}`;
      issuerLevel = "regionale";
      if (random.chance(0.15)) {
        issuer = `Fondazione di comunità ${regionName(region)}`;
        issuerLevel = "privato";
      }
    } else if (scope === "provincial") {
      const provinces = provincesByRegion.get(region) ?? [];
      territory.provinces = random.sample(provinces, random.weighted([[1, 6], [2, 3], [3, 1]] as const));
      if (random.chance(0.5)) territory.regions = [region];
      issuer = `Provincia di ${territory.provinces[0] ?? ""}`;
      issuerLevel = "locale";
    } else {
      const province = random.pick(provincesByRegion.get(region) ?? []);
      const comuni = comuniByProvince.get(province) ?? [];
      territory.comuni = random.sample(comuni, random.int(2, Math.min(40, comuni.length))).map((c) => c.istat);
      if (random.chance(0.3)) territory.provinces = [province];
      issuer = random.pick(["GAL", "Consorzio BIM", "Distretto del commercio", "Parco regionale"]) + ` (${province})`;
      issuerLevel = "locale";
    }

    const themes = measure ? measure.themes : themesFor(random);
    const { beneficiaries, associatedOnly } = measure ? { beneficiaries: ["comune"] as BeneficiaryKey[], associatedOnly: false } : beneficiariesFor(random);
    const bounds = measure ? { min: null, max: null } : populationBoundsFor(random);
    const bands = measure ? measure.bands : random.chance(0.12) ? bandsFor(random) : [];
    const amountMax = measure ? measure.amountMax : bands.length > 0 ? null : random.chance(0.9) ? random.amount(5_000, 2_000_000) : null;
    const dates = datesFor(random, now);
    const phrase = random.pick(THEME_PHRASES[themes[0] as ThemeKey].call);
    const second = random.pick(THEME_PHRASES[(themes[1] ?? themes[0]) as ThemeKey].call);
    const title = fill(random.pick(CALL_TITLE_TEMPLATES), { p: phrase, y: year });
    calls.push({
      id: `bench:${String(n + 1).padStart(5, "0")}`,
      title: title.charAt(0).toUpperCase() + title.slice(1),
      issuer,
      issuerLevel,
      description: [
        fill(random.pick(CALL_DESCRIPTION_TEMPLATES), { p: phrase, q: second }),
        ...random.sample(GENERIC_SENTENCES, random.int(2, 6)),
        `Ente erogatore: ${issuer}.`,
      ].join(" "),
      url: `https://example.org/bandi/${n + 1}`,
      themes,
      beneficiaries,
      territory,
      populationMin: bounds.min,
      populationMax: bounds.max,
      associatedOnly,
      sizeClusters: bounds.clusters ?? [],
      budget: random.chance(0.8) ? random.amount(100_000, 50_000_000, 10_000) : null,
      amountMin: null,
      amountMax,
      amountBands: bands,
      cofinancingPct: random.chance(0.3) ? random.pick([10, 20, 30, 50]) : null,
      opensAt: dates.opensAt,
      deadline: dates.deadline,
      procedure: dates.deadline === null ? "sportello" : random.chance(0.25) ? "sportello" : "graduatoria",
      pnrrMeasure: measure ? measure.ref : null,
    });
  }
  return calls;
}
