import type { Call } from "~/domain/call";
import { sizeCluster } from "~/domain/clusters";
import type { ComuneProfile, ProgrammeItem } from "~/domain/profile";

/** Reference instant of the matching tests: 1 March 2026, 10:00 in Rome. */
export const NOW = new Date("2026-03-01T09:00:00Z");

/** An open national call for comuni, no restrictions, deadline 30 April 2026. */
export function makeCall(overrides: Partial<Call> = {}): Call {
  return {
    id: "test:bando",
    title: "Contributi per la migrazione in cloud dei servizi comunali",
    issuer: "Dipartimento per la trasformazione digitale",
    issuerLevel: "nazionale",
    description: "Finanziamento della migrazione al cloud qualificato dei servizi e delle infrastrutture digitali dei comuni.",
    url: "https://example.org/bando",
    themes: ["cloud"],
    beneficiaries: ["comune"],
    territory: { regions: [], provinces: [], comuni: [] },
    populationMin: null,
    populationMax: null,
    sizeClusters: [],
    associatedOnly: false,
    budget: 1_000_000,
    amountMin: null,
    amountMax: 50_000,
    amountBands: [],
    cofinancingPct: null,
    opensAt: "2026-01-15T00:00:00.000Z",
    deadline: "2026-04-30T21:59:59.000Z",
    procedure: "graduatoria",
    pnrrMeasure: null,
    ...overrides,
  };
}

/** A small Bergamo-province comune with no programme, maturity or history. */
export function makeProfile(overrides: Partial<ComuneProfile> = {}): ComuneProfile {
  const population = overrides.population ?? 2161;
  return {
    istat: "016001",
    name: "Adrara San Martino",
    provinceSigla: "BG",
    regionCode: "03",
    population,
    sizeCluster: sizeCluster(population),
    aggregations: [],
    programme: [],
    maturity: [],
    fundingHistory: [],
    ...overrides,
  };
}

export function makeItem(overrides: Partial<ProgrammeItem> = {}): ProgrammeItem {
  return {
    id: 1,
    title: "Migrazione in cloud dei servizi comunali",
    description: "Trasferire gestionali e servizi del comune su cloud qualificato.",
    themes: ["cloud"],
    amount: 40_000,
    startYear: 2026,
    endYear: 2027,
    instrument: "PT-ICT",
    state: "previsto",
    ...overrides,
  };
}
