/**
 * The theme taxonomy (temi) and the beneficiary types (beneficiari) of API.md.
 * Keys are the public contract and never change; labels and keywords are the defaults that
 * curators can later edit in the database. Keywords are matched accent- and case-insensitively.
 */

export const THEME_KEYS = [
  "cloud",
  "servizi-digitali",
  "pagamenti",
  "app-io",
  "identita-digitale",
  "anagrafe",
  "notifiche",
  "interoperabilita",
  "dati",
  "sicurezza-informatica",
  "conservazione",
  "procedimenti",
  "connettivita",
  "competenze-digitali",
  "smart-city",
  "energia",
  "rigenerazione-urbana",
  "scuole",
  "mobilita",
  "ambiente",
  "cultura-turismo",
  "sociale",
  "sport",
] as const;

export type ThemeKey = (typeof THEME_KEYS)[number];

export interface ThemeDefinition {
  key: ThemeKey;
  label: string;
  keywords: string[];
}

export const DEFAULT_THEMES: readonly ThemeDefinition[] = [
  { key: "cloud", label: "Migrazione al cloud", keywords: ["cloud", "migrazione", "data center", "datacenter", "polo strategico nazionale", "psn", "infrastrutture digitali", "saas", "iaas"] },
  { key: "servizi-digitali", label: "Servizi digitali al cittadino", keywords: ["servizi digitali", "servizi online", "sito web", "sito internet", "esperienza del cittadino", "modello comuni", "portale", "sportello telematico", "user experience"] },
  { key: "pagamenti", label: "Pagamenti elettronici (pagoPA)", keywords: ["pagopa", "pago pa", "pagamenti elettronici", "pagamenti digitali", "pagamento"] },
  { key: "app-io", label: "App IO", keywords: ["app io", "appio", "io app", "app dei servizi pubblici"] },
  { key: "identita-digitale", label: "Identità digitale (SPID, CIE)", keywords: ["spid", "cie", "carta d'identita elettronica", "identita digitale", "eidas", "autenticazione"] },
  { key: "anagrafe", label: "Anagrafe e stato civile (ANPR, ANSC)", keywords: ["anpr", "ansc", "anagrafe", "stato civile", "anagrafe nazionale"] },
  { key: "notifiche", label: "Notifiche digitali (SEND)", keywords: ["notifiche digitali", "piattaforma notifiche", "pnd", "send", "avvisi pubblici digitali", "notificazione"] },
  { key: "interoperabilita", label: "Interoperabilità (PDND)", keywords: ["pdnd", "interoperabilita", "piattaforma digitale nazionale dati", "api", "e-service", "eservice"] },
  { key: "dati", label: "Dati aperti e valorizzazione dei dati", keywords: ["open data", "dati aperti", "basi di dati", "data analytics", "valorizzazione dei dati", "dataset"] },
  { key: "sicurezza-informatica", label: "Sicurezza informatica", keywords: ["sicurezza informatica", "cybersecurity", "cyber security", "cybersicurezza", "sicurezza cibernetica", "resilienza informatica"] },
  { key: "conservazione", label: "Conservazione e gestione documentale", keywords: ["conservazione digitale", "conservazione documentale", "gestione documentale", "protocollo informatico", "dematerializzazione", "archivio digitale", "fascicolo"] },
  { key: "procedimenti", label: "Digitalizzazione dei procedimenti", keywords: ["procedimenti", "suap", "sue", "edilizia digitale", "semplificazione", "pratiche online", "workflow", "digitalizzazione dei processi"] },
  { key: "connettivita", label: "Connettività e banda ultralarga", keywords: ["banda ultralarga", "banda larga", "connettivita", "fibra", "wifi", "wi-fi", "5g", "rete"] },
  { key: "competenze-digitali", label: "Competenze digitali", keywords: ["competenze digitali", "formazione", "facilitazione digitale", "alfabetizzazione", "punti di facilitazione", "digital skills", "capacita amministrativa"] },
  { key: "smart-city", label: "Smart city e territorio intelligente", keywords: ["smart city", "smart", "sensori", "iot", "internet of things", "videosorveglianza", "illuminazione intelligente", "gemello digitale"] },
  { key: "energia", label: "Energia ed efficienza energetica", keywords: ["energia", "efficienza energetica", "efficientamento energetico", "fotovoltaico", "rinnovabili", "comunita energetiche", "illuminazione pubblica", "riqualificazione energetica"] },
  { key: "rigenerazione-urbana", label: "Rigenerazione urbana", keywords: ["rigenerazione urbana", "riqualificazione urbana", "spazi pubblici", "degrado urbano", "centri storici", "borghi", "opere pubbliche"] },
  { key: "scuole", label: "Scuole ed edilizia scolastica", keywords: ["scuola", "scuole", "edilizia scolastica", "istruzione", "mense scolastiche", "asili nido", "didattica"] },
  { key: "mobilita", label: "Mobilità e trasporti", keywords: ["mobilita", "trasporto", "trasporti", "ciclabile", "piste ciclabili", "viabilita", "parcheggi", "trasporto pubblico"] },
  { key: "ambiente", label: "Ambiente e territorio", keywords: ["ambiente", "ambientale", "dissesto idrogeologico", "rifiuti", "economia circolare", "verde urbano", "clima", "acqua", "biodiversita", "forestazione"] },
  { key: "cultura-turismo", label: "Cultura e turismo", keywords: ["cultura", "culturale", "turismo", "turistico", "musei", "biblioteche", "patrimonio culturale", "spettacolo", "eventi"] },
  { key: "sociale", label: "Politiche sociali e welfare", keywords: ["sociale", "sociali", "welfare", "inclusione", "disabilita", "anziani", "famiglie", "servizi sociali", "giovani", "abitare"] },
  { key: "sport", label: "Sport e impianti sportivi", keywords: ["sport", "sportivo", "sportive", "impianti sportivi", "palestre", "attivita motoria"] },
];

export const BENEFICIARY_KEYS = [
  "comune",
  "unione-di-comuni",
  "comunita-montana",
  "provincia",
  "citta-metropolitana",
  "regione",
  "ente-pubblico",
  "scuola",
  "asl",
  "universita",
  "impresa",
  "terzo-settore",
  "cittadino",
  "altro",
] as const;

export type BeneficiaryKey = (typeof BENEFICIARY_KEYS)[number];

export const BENEFICIARY_LABELS: Record<BeneficiaryKey, string> = {
  comune: "Comuni",
  "unione-di-comuni": "Unioni di comuni",
  "comunita-montana": "Comunità montane",
  provincia: "Province",
  "citta-metropolitana": "Città metropolitane",
  regione: "Regioni",
  "ente-pubblico": "Enti pubblici",
  scuola: "Scuole",
  asl: "Aziende sanitarie",
  universita: "Università",
  impresa: "Imprese",
  "terzo-settore": "Terzo settore",
  cittadino: "Cittadini",
  altro: "Altri soggetti",
};

/** Aggregation types a comune may belong to. */
export const AGGREGATION_TYPES = ["unione-di-comuni", "comunita-montana", "convenzione", "altro"] as const;
export type AggregationType = (typeof AGGREGATION_TYPES)[number];

export const AGGREGATION_TYPE_LABELS: Record<AggregationType, string> = {
  "unione-di-comuni": "Unione di comuni",
  "comunita-montana": "Comunità montana",
  convenzione: "Convenzione o gestione associata",
  altro: "Altra aggregazione",
};

const themeKeySet = new Set<string>(THEME_KEYS);
const beneficiaryKeySet = new Set<string>(BENEFICIARY_KEYS);

export function isThemeKey(value: string): value is ThemeKey {
  return themeKeySet.has(value);
}

export function isBeneficiaryKey(value: string): value is BeneficiaryKey {
  return beneficiaryKeySet.has(value);
}

export function themeLabel(key: string): string {
  return DEFAULT_THEMES.find((t) => t.key === key)?.label ?? key;
}
