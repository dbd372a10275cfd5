import type { SizeCluster } from "./clusters";
import type { AggregationType, ThemeKey } from "./taxonomy";

/**
 * A comune's profile as the matching engine reads it: registry facts, aggregations, its own
 * programming, its digital-maturity checklist and its funding history. Institutions only:
 * no personal data (issue "Comune profiles", point 7).
 */

export const PROGRAMME_INSTRUMENTS = ["DUP", "PT-ICT", "POP", "altro"] as const;
export type ProgrammeInstrument = (typeof PROGRAMME_INSTRUMENTS)[number];

export const PROGRAMME_INSTRUMENT_LABELS: Record<ProgrammeInstrument, string> = {
  DUP: "Documento unico di programmazione (DUP)",
  "PT-ICT": "Piano triennale per l'informatica",
  POP: "Programma delle opere pubbliche",
  altro: "Altro strumento",
};

export const PROGRAMME_STATES = ["previsto", "in-corso", "concluso"] as const;
export type ProgrammeState = (typeof PROGRAMME_STATES)[number];

export const PROGRAMME_STATE_LABELS: Record<ProgrammeState, string> = {
  previsto: "Previsto",
  "in-corso": "In corso",
  concluso: "Concluso",
};

export interface ProgrammeItem {
  id: number;
  title: string;
  description: string | null;
  themes: ThemeKey[];
  /** Planned budget in euro, if known. */
  amount: number | null;
  startYear: number | null;
  endYear: number | null;
  instrument: ProgrammeInstrument;
  state: ProgrammeState;
}

/** The digital-maturity checklist (issue "Comune profiles", point 2). */
export const MATURITY_KEYS = [
  "pagopa",
  "app-io",
  "spid",
  "cie",
  "anpr",
  "ansc",
  "pdnd",
  "send",
  "cloud",
  "sito-web",
  "conservazione",
  "sicurezza",
] as const;
export type MaturityKey = (typeof MATURITY_KEYS)[number];

export const MATURITY_LABELS: Record<MaturityKey, string> = {
  pagopa: "Pagamenti con pagoPA",
  "app-io": "Servizi su App IO",
  spid: "Accesso con SPID",
  cie: "Accesso con CIE",
  anpr: "Subentro in ANPR",
  ansc: "Archivio nazionale dello stato civile (ANSC)",
  pdnd: "Interoperabilità con la PDND",
  send: "Notifiche digitali (SEND)",
  cloud: "Migrazione al cloud",
  "sito-web": "Sito web sul modello nazionale dei comuni",
  conservazione: "Conservazione digitale dei documenti",
  sicurezza: "Piano di sicurezza informatica",
};

/** Which themes each maturity item concerns (for the "maturity gap" score component). */
export const MATURITY_THEMES: Record<MaturityKey, ThemeKey[]> = {
  pagopa: ["pagamenti"],
  "app-io": ["app-io"],
  spid: ["identita-digitale"],
  cie: ["identita-digitale"],
  anpr: ["anagrafe"],
  ansc: ["anagrafe"],
  pdnd: ["interoperabilita"],
  send: ["notifiche"],
  cloud: ["cloud"],
  "sito-web": ["servizi-digitali"],
  conservazione: ["conservazione"],
  sicurezza: ["sicurezza-informatica"],
};

export const MATURITY_STATES = ["non-avviato", "in-corso", "completato"] as const;
export type MaturityState = (typeof MATURITY_STATES)[number];

export const MATURITY_STATE_LABELS: Record<MaturityState, string> = {
  "non-avviato": "Non avviato",
  "in-corso": "In corso",
  completato: "Completato",
};

export interface MaturityEntry {
  key: MaturityKey;
  state: MaturityState;
  /** ISO date the state was reached or set. */
  date: string | null;
  /** `rtd`, `redazione`, or `inferito` when deduced from the funding history. */
  setBy: "rtd" | "redazione" | "inferito";
  /** For inferred states: the funding record they come from (measure, notice, status). */
  source?: string | null;
}

/** PA digitale 2026 funded applications: A assigned, R renounced, E paid (SOURCES.md). */
export const FUNDING_STATUSES = ["assegnato", "rinunciato", "erogato"] as const;
export type FundingStatus = (typeof FUNDING_STATUSES)[number];

export const FUNDING_STATUS_LABELS: Record<FundingStatus, string> = {
  assegnato: "Assegnato",
  rinunciato: "Rinunciato",
  erogato: "Erogato",
};

export interface FundingRecord {
  /** PNRR measure number, e.g. "1.4.5". */
  measure: string;
  notice: string;
  /** Euro (two decimals at most). */
  amount: number;
  status: FundingStatus;
  /** ISO date of the funding decree (`data_finanziamento`). */
  fundedOn: string | null;
  /** ISO date the status was last set (`data_stato_candidatura`); optional for older callers. */
  statusDate?: string | null;
  /** CUP (codice unico di progetto), verbatim. */
  cup?: string | null;
}

/** Who set a maturity state, as shown publicly: a role, never a person. */
export const MATURITY_SETTER_LABELS: Record<MaturityEntry["setBy"], string> = {
  rtd: "Responsabile per la transizione digitale del comune",
  redazione: "Redazione ANCI Lombardia",
  inferito: "Dedotto dai finanziamenti PA digitale 2026",
};

export interface ComuneProfile {
  istat: string;
  name: string;
  provinceSigla: string;
  regionCode: string;
  population: number;
  sizeCluster: SizeCluster;
  aggregations: { id: number; name: string; type: AggregationType }[];
  programme: ProgrammeItem[];
  maturity: MaturityEntry[];
  fundingHistory: FundingRecord[];
}
