import type { ComuneRow } from "~db/schema";
import type { ComuneAggregation, ComuneListItem } from "~/data/comuni.server";

/** The public JSON shapes of comuni (API.md), built from database rows. */

export function comuneListItemJson(c: ComuneListItem) {
  return { istat: c.istat, nome: c.name, provincia: c.provinceSigla, popolazione: c.population, fascia: c.sizeCluster };
}

export function comuneDetailJson(c: ComuneRow, aggregations: ComuneAggregation[]) {
  return {
    istat: c.istat,
    nome: c.name,
    provincia: c.provinceSigla,
    regione: c.regionName,
    codiceRegione: c.regionCode,
    popolazione: c.population,
    annoPopolazione: c.populationYear,
    mesePopolazione: c.populationMonth,
    fontePopolazione: c.populationSource,
    fascia: c.sizeCluster,
    capoluogo: c.isCapoluogo,
    soppresso: c.suppressed,
    successore: c.successorIstat,
    aggregazioni: aggregations.map((a) => ({ id: a.id, nome: a.name, tipo: a.type, capofila: a.leadIstat })),
  };
}
