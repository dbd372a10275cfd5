import Fuse from "fuse.js";
import type { Db } from "~db/client.server";
import type { CallRow, CallSourceRow } from "~db/schema";
import { callStatus, type CallStatus } from "~/domain/call";
import type { SizeCluster } from "~/domain/clusters";
import { LARGE_LIMIT, SMALL_LIMIT } from "~/domain/clusters";
import { provinceBySigla } from "~/domain/territory";
import { foldText } from "~/domain/text";
import { catalogueRevision, publishedCallsWithSources } from "./calls.server";

/**
 * The public catalogue of published calls with a prebuilt fuse.js index (fuzzy, accent- and
 * case-insensitive: every field is folded before indexing, and so is the query). The index is
 * rebuilt when the catalogue revision changes — every write to calls bumps it in the same
 * transaction, so changes made by another process (the ingest CLI) are seen too.
 */

export interface CatalogueEntry {
  call: CallRow;
  sources: CallSourceRow[];
}

interface SearchDoc {
  i: number;
  title: string;
  issuer: string;
  text: string;
  ids: string;
}

interface Catalogue {
  revision: string;
  entries: CatalogueEntry[];
  fuse: Fuse<SearchDoc>;
}

const GLOBAL_KEY = Symbol.for("cruscotto.catalogue");
type Holder = typeof globalThis & { [GLOBAL_KEY]?: WeakMap<object, Catalogue> };

function cache(): WeakMap<object, Catalogue> {
  const g = globalThis as Holder;
  g[GLOBAL_KEY] ??= new WeakMap();
  return g[GLOBAL_KEY];
}

export function getCatalogue(db: Db): Catalogue {
  const byConnection = cache();
  const revision = catalogueRevision(db);
  const cached = byConnection.get(db.$client);
  if (cached && cached.revision === revision) return cached;
  const entries = publishedCallsWithSources(db);
  const docs: SearchDoc[] = entries.map(({ call, sources }, i) => ({
    i,
    title: foldText(call.title),
    issuer: foldText(call.issuer),
    text: foldText(`${call.pnrrMeasure ?? ""} ${(call.description ?? "").slice(0, 1000)}`),
    ids: sources.map((s) => s.alias).join(" "),
  }));
  const fuse = new Fuse(docs, {
    keys: [
      { name: "title", weight: 0.6 },
      { name: "issuer", weight: 0.2 },
      { name: "text", weight: 0.1 },
      { name: "ids", weight: 0.1 },
    ],
    threshold: 0.35,
    ignoreLocation: true,
    includeScore: true,
    minMatchCharLength: 2,
  });
  const catalogue = { revision, entries, fuse };
  byConnection.set(db.$client, catalogue);
  return catalogue;
}

export interface CatalogueFilters {
  q?: string;
  temi?: string[];
  ente?: string;
  stato?: CallStatus;
  fascia?: SizeCluster;
  provincia?: string;
  /** `YYYY-MM-DD`: deadline on or before the end of that day in Rome; calls without deadline excluded. */
  scadenzaEntroIso?: string;
}

const CLUSTER_RANGE: Record<SizeCluster, [number, number]> = {
  piccolo: [0, SMALL_LIMIT - 1],
  medio: [SMALL_LIMIT, LARGE_LIMIT],
  grande: [LARGE_LIMIT + 1, Number.POSITIVE_INFINITY],
};

/** Whether some comune of the cluster can fall within the call's population bounds. */
export function admitsCluster(call: Pick<CallRow, "populationMin" | "populationMax">, cluster: SizeCluster): boolean {
  const [lo, hi] = CLUSTER_RANGE[cluster];
  return (call.populationMin ?? 0) <= hi && (call.populationMax ?? Number.POSITIVE_INFINITY) >= lo;
}

/** Whether comuni of the province can be inside the call's territory. */
export function coversProvince(call: Pick<CallRow, "territory">, sigla: string): boolean {
  const t = call.territory;
  const province = provinceBySigla(sigla);
  if (t.provinces.length && !t.provinces.includes(sigla)) return false;
  if (province && t.regions.length && !t.regions.includes("03")) return false;
  if (province && t.comuni.length && !t.comuni.some((c) => c.startsWith(province.code))) return false;
  return true;
}

export function searchCatalogue(db: Db, filters: CatalogueFilters, now = new Date()): CatalogueEntry[] {
  const catalogue = getCatalogue(db);
  let entries: CatalogueEntry[];
  const q = filters.q ? foldText(filters.q) : "";
  if (q) entries = catalogue.fuse.search(q).map((r) => catalogue.entries[r.item.i]!);
  else {
    entries = [...catalogue.entries].sort(
      (a, b) =>
        (a.call.deadline === null ? 1 : 0) - (b.call.deadline === null ? 1 : 0) ||
        (a.call.deadline ?? "").localeCompare(b.call.deadline ?? "") ||
        a.call.title.localeCompare(b.call.title, "it"),
    );
  }
  const ente = filters.ente ? foldText(filters.ente) : "";
  const until = filters.scadenzaEntroIso ? Date.parse(filters.scadenzaEntroIso) : null;
  return entries.filter(({ call }) => {
    if (filters.temi?.length && !filters.temi.some((t) => (call.themes as string[]).includes(t))) return false;
    if (ente && !foldText(call.issuer).includes(ente)) return false;
    if (filters.stato && callStatus(call, now) !== filters.stato) return false;
    if (filters.fascia && !admitsCluster(call, filters.fascia)) return false;
    if (filters.provincia && !coversProvince(call, filters.provincia)) return false;
    if (until !== null && (call.deadline === null || Date.parse(call.deadline) > until)) return false;
    return true;
  });
}
