/**
 * The redazione's list of the comuni matched with a call (/bandi/{id}/comuni): search by name,
 * filters by province and cluster, sort by score, name or amount. Pure.
 */
import { isSizeCluster, type SizeCluster } from "./clusters";
import { provinceBySigla } from "./territory";
import { foldText } from "./text";

export interface MatchedComuneItem {
  istat: string;
  name: string;
  provinceSigla: string;
  sizeCluster: string;
  population: number;
  score: number;
  associated: boolean;
  claimable: number | null;
}

export const MATCHED_SORTS = ["punteggio", "nome", "importo", "popolazione"] as const;
export type MatchedSort = (typeof MATCHED_SORTS)[number];
export const MATCHED_SORT_LABELS: Record<MatchedSort, string> = {
  punteggio: "Punteggio più alto",
  nome: "Nome (A–Z)",
  importo: "Importo più alto",
  popolazione: "Popolazione più alta",
};

export interface MatchedQuery {
  q: string;
  province: string | null;
  cluster: SizeCluster | null;
  sort: MatchedSort;
  page: number;
}

export function parseMatchedQuery(params: URLSearchParams): MatchedQuery {
  const sort = params.get("ordina");
  const cluster = params.get("fascia");
  const page = Number.parseInt(params.get("page") ?? "1", 10);
  return {
    q: (params.get("q") ?? "").trim().slice(0, 100),
    province: provinceBySigla(params.get("provincia") ?? "")?.sigla ?? null,
    cluster: isSizeCluster(cluster) ? cluster : null,
    sort: (MATCHED_SORTS as readonly string[]).includes(sort ?? "") ? (sort as MatchedSort) : "punteggio",
    page: Number.isFinite(page) && page >= 1 ? Math.min(page, 10_000) : 1,
  };
}

export function filterMatched<T extends MatchedComuneItem>(items: readonly T[], q: MatchedQuery): T[] {
  const text = foldText(q.q);
  const byName = (a: T, b: T) => a.name.localeCompare(b.name, "it");
  const order: Record<MatchedSort, (a: T, b: T) => number> = {
    punteggio: (a, b) => b.score - a.score || byName(a, b),
    nome: byName,
    importo: (a, b) => (b.claimable ?? -1) - (a.claimable ?? -1) || byName(a, b),
    popolazione: (a, b) => b.population - a.population || byName(a, b),
  };
  return items
    .filter((c) => (!text || foldText(c.name).includes(text)) && (!q.province || c.provinceSigla === q.province) && (!q.cluster || c.sizeCluster === q.cluster))
    .sort(order[q.sort]);
}
