import type { ComuneRow, PeerComparisonRow } from "~db/schema";
import type { AggregationSummary } from "~/data/aggregations.server";
import type { ComuneListItem } from "~/data/comuni.server";
import type { FundingHistoryItem } from "~/data/funding.server";
import { measureLabel, pnrrReference } from "~/domain/funding";
import { MATURITY_KEYS, MATURITY_LABELS, type MaturityEntry, type ProgrammeItem } from "~/domain/profile";
import { fromCents } from "~/domain/programme";

export const FUNDING_ATTRIBUTION = "Fonte: PA digitale 2026 — Dipartimento per la trasformazione digitale, CC-BY 4.0";

/** The public JSON shapes of comuni (API.md), built from database rows. */

export function comuneListItemJson(c: ComuneListItem) {
  return { istat: c.istat, nome: c.name, provincia: c.provinceSigla, popolazione: c.population, fascia: c.sizeCluster };
}

export interface ComuneProfileSections {
  aggregations: AggregationSummary[];
  programme: ProgrammeItem[];
  maturity: MaturityEntry[];
  funding: FundingHistoryItem[];
  peers: PeerComparisonRow[];
}

export function programmeItemJson(p: ProgrammeItem) {
  return {
    id: p.id,
    titolo: p.title,
    descrizione: p.description,
    temi: p.themes,
    importo: p.amount,
    annoInizio: p.startYear,
    annoFine: p.endYear,
    strumento: p.instrument,
    stato: p.state,
  };
}

/** All twelve checklist items, in order; `stato: null` where nothing is known. */
export function maturityJson(entries: MaturityEntry[]) {
  const byKey = new Map(entries.map((e) => [e.key, e]));
  return MATURITY_KEYS.map((key) => {
    const e = byKey.get(key);
    return {
      voce: key,
      etichetta: MATURITY_LABELS[key],
      stato: e?.state ?? null,
      data: e?.date ?? null,
      impostatoDa: e?.setBy ?? null,
      fonte: e?.source ?? null,
    };
  });
}

export function fundingJson(f: FundingHistoryItem) {
  return {
    misura: f.measure,
    misuraPnrr: pnrrReference(f.measure),
    nomeMisura: measureLabel(f.measure, f.measureName),
    avviso: f.notice,
    finestra: f.window || null,
    importo: f.amount,
    stato: f.status,
    dataCandidatura: f.appliedAt,
    dataFinanziamento: f.fundedOn,
    dataStato: f.statusDate,
    cup: f.cup,
    fonte: f.source,
  };
}

export function peerComparisonJson(p: PeerComparisonRow) {
  return {
    misura: p.measure,
    misuraPnrr: pnrrReference(p.measure),
    ambito: p.scope,
    comuniSimili: p.peers,
    comuniSimiliFinanziati: p.peersFunded,
    quotaFinanziati: p.peers > 0 ? Math.round((p.peersFunded / p.peers) * 1000) / 1000 : null,
    importoMediano: p.medianCents === null ? null : fromCents(p.medianCents),
    importoComune: p.ownCents === null ? null : fromCents(p.ownCents),
    rinunciato: p.ownRenounced,
  };
}

export function comuneDetailJson(c: ComuneRow, profile: ComuneProfileSections) {
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
    aggregazioni: profile.aggregations.map((a) => ({
      id: a.id,
      nome: a.name,
      tipo: a.type,
      capofila: a.leadIstat,
      nomeCapofila: a.leadName,
      numeroComuni: a.members,
    })),
    programmazione: profile.programme.map(programmeItemJson),
    maturita: maturityJson(profile.maturity),
    finanziamentiOttenuti: profile.funding.map(fundingJson),
    fonteFinanziamenti: FUNDING_ATTRIBUTION,
    confrontoComuniSimili: profile.peers.map(peerComparisonJson),
  };
}
