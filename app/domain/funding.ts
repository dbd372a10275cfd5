import type { FundingStatus } from "./profile";

/**
 * PA digitale 2026 (PNRR M1C1) measures and funded-application statuses (SOURCES.md).
 * Pure: used by the import, the profile pages, the API and the peer comparison.
 */

export const PADIGITALE_MEASURES: Record<string, string> = {
  "1.1": "Infrastrutture digitali",
  "1.2": "Abilitazione e facilitazione migrazione al Cloud",
  "1.3.1": "Piattaforma Digitale Nazionale Dati",
  "1.4.1": "Esperienza del cittadino nei servizi pubblici",
  "1.4.3": "Adozione PagoPA e AppIO",
  "1.4.4": "Adozione identità digitale",
  "1.4.5": "Digitalizzazione degli avvisi pubblici",
};

/** `1.4.5 Digitalizzazione degli avvisi pubblici` → `1.4.5`; undefined when there is no number. */
export function measureNumberOf(text: string): string | undefined {
  return /^\s*(\d+(?:\.\d+){1,3})(?![\d.]*\d)/.exec(text)?.[1];
}

/** `1.4.5` → `M1C1-1.4.5`, the PNRR reference used by calls (`misuraPnrr`). */
export function pnrrReference(measure: string): string {
  return `M1C1-${measure}`;
}

export function measureLabel(measure: string, fallbackName?: string): string {
  const name = PADIGITALE_MEASURES[measure] ?? fallbackName;
  return name ? `${measure} ${name}` : measure;
}

/** `stato_candidatura`: A assigned, R renounced, E paid (erogato). */
export const FUNDING_STATUS_BY_CODE: Record<string, FundingStatus> = {
  A: "assegnato",
  R: "rinunciato",
  E: "erogato",
};

/** Funds the comune holds or received: assigned or paid, not renounced. */
export function isObtained(status: FundingStatus): boolean {
  return status !== "rinunciato";
}

/** Orders measure numbers naturally: 1.2 < 1.3.1 < 1.4.1 < 1.4.10. */
export function compareMeasures(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? -1) - (pb[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}
