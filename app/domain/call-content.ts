import type { AmountBand, Call, Territory } from "./call";
import { SIZE_CLUSTER_LABELS, SIZE_CLUSTERS, type SizeCluster } from "./clusters";
import { formatDateTime, formatEuro, formatInteger } from "./format";
import { BENEFICIARY_LABELS, themeLabel, type BeneficiaryKey } from "./taxonomy";
import { romeWallClock } from "./time";

/**
 * A call's content: every canonical field, without its id. This is what sources propose,
 * curators edit, versions snapshot and the content hash covers. Pure.
 */
export type CallContent = Omit<Call, "id">;
export type CallField = keyof CallContent;

/**
 * The canonical fields in API.md order: internal name, public (Italian) name, label for curators.
 * `sizeClusters` (`fasce`) is not in API.md's public call resource: bando-json and the templates
 * accept it, the public API does not show it (decision 0012).
 */
export const CALL_FIELDS: readonly { field: CallField; canonical: string; label: string }[] = [
  { field: "title", canonical: "titolo", label: "Titolo" },
  { field: "issuer", canonical: "ente", label: "Ente erogatore" },
  { field: "issuerLevel", canonical: "livelloEnte", label: "Livello dell'ente" },
  { field: "description", canonical: "descrizione", label: "Descrizione" },
  { field: "url", canonical: "url", label: "Link alla fonte" },
  { field: "themes", canonical: "temi", label: "Temi" },
  { field: "beneficiaries", canonical: "beneficiari", label: "Beneficiari" },
  { field: "territory", canonical: "territorio", label: "Territorio" },
  { field: "populationMin", canonical: "popolazioneMin", label: "Popolazione minima" },
  { field: "populationMax", canonical: "popolazioneMax", label: "Popolazione massima" },
  { field: "sizeClusters", canonical: "fasce", label: "Fasce demografiche ammesse" },
  { field: "associatedOnly", canonical: "soloFormaAssociata", label: "Solo in forma associata" },
  { field: "budget", canonical: "dotazione", label: "Dotazione" },
  { field: "amountMin", canonical: "importoMin", label: "Importo minimo" },
  { field: "amountMax", canonical: "importoMax", label: "Importo massimo" },
  { field: "amountBands", canonical: "importiPerFascia", label: "Importi per fascia di popolazione" },
  { field: "cofinancingPct", canonical: "cofinanziamentoPct", label: "Cofinanziamento richiesto (%)" },
  { field: "opensAt", canonical: "apertura", label: "Apertura" },
  { field: "deadline", canonical: "scadenza", label: "Scadenza" },
  { field: "procedure", canonical: "procedura", label: "Procedura" },
  { field: "pnrrMeasure", canonical: "misuraPnrr", label: "Misura PNRR" },
];

export const CALL_FIELD_NAMES: readonly CallField[] = CALL_FIELDS.map((f) => f.field);

export function fieldLabel(field: string): string {
  return CALL_FIELDS.find((f) => f.field === field)?.label ?? field;
}

export function isCallField(value: string): value is CallField {
  return CALL_FIELD_NAMES.includes(value as CallField);
}

export const EMPTY_TERRITORY: Territory = { regions: [], provinces: [], comuni: [] };

/** A content with every field empty except the given ones (tests, forms). */
export function emptyContent(partial: Partial<CallContent> & Pick<CallContent, "title" | "issuer">): CallContent {
  return {
    issuerLevel: null,
    description: null,
    url: null,
    themes: [],
    beneficiaries: [],
    territory: { ...EMPTY_TERRITORY },
    populationMin: null,
    populationMax: null,
    sizeClusters: [],
    associatedOnly: false,
    budget: null,
    amountMin: null,
    amountMax: null,
    amountBands: [],
    cofinancingPct: null,
    opensAt: null,
    deadline: null,
    procedure: null,
    pnrrMeasure: null,
    ...partial,
  };
}

/**
 * Size clusters in SIZE_CLUSTERS order, once each. Snapshots written before the field existed
 * (versions, sources, pending changes) lack it: read as empty, i.e. every size.
 */
export function canonicalClusters(clusters: readonly SizeCluster[] | undefined): SizeCluster[] {
  const given = new Set(clusters ?? []);
  return SIZE_CLUSTERS.filter((c) => given.has(c));
}

/** A content read back from a JSON snapshot, with the fields added since it was written filled in. */
export function completeContent(content: CallContent): CallContent {
  return content.sizeClusters === undefined ? { ...content, sizeClusters: [] } : content;
}

/** Field values in a fixed key order, lists sorted where order carries no meaning. */
export function canonicalContent(content: CallContent): CallContent {
  const sorted = (list: readonly string[]) => [...new Set(list)].sort();
  return {
    title: content.title,
    issuer: content.issuer,
    issuerLevel: content.issuerLevel,
    description: content.description,
    url: content.url,
    themes: sorted(content.themes) as CallContent["themes"],
    beneficiaries: sorted(content.beneficiaries) as CallContent["beneficiaries"],
    territory: {
      regions: sorted(content.territory.regions),
      provinces: sorted(content.territory.provinces),
      comuni: sorted(content.territory.comuni),
    },
    populationMin: content.populationMin,
    populationMax: content.populationMax,
    sizeClusters: canonicalClusters(content.sizeClusters),
    associatedOnly: content.associatedOnly,
    budget: content.budget,
    amountMin: content.amountMin,
    amountMax: content.amountMax,
    amountBands: [...content.amountBands]
      .map((b) => ({ populationMin: b.populationMin, populationMax: b.populationMax, amount: b.amount }))
      .sort((a, b) => (a.populationMin ?? 0) - (b.populationMin ?? 0)),
    cofinancingPct: content.cofinancingPct,
    opensAt: content.opensAt,
    deadline: content.deadline,
    procedure: content.procedure,
    pnrrMeasure: content.pnrrMeasure,
  };
}

/**
 * A stable serialisation of a content: the input of its content hash (equal content, equal text).
 * An empty `sizeClusters` is left out, so contents without a reservation keep the hash they had
 * before the field existed (re-ingesting an unchanged file changes nothing).
 */
export function contentKey(content: CallContent): string {
  const canonical: Partial<CallContent> = canonicalContent(content);
  if (canonical.sizeClusters?.length === 0) delete canonical.sizeClusters;
  return JSON.stringify(canonical);
}

function valueKey(content: CallContent, field: CallField): string {
  return JSON.stringify(canonicalContent(content)[field]);
}

/** The fields whose value differs between two contents. */
export function changedFields(before: CallContent | null, after: CallContent): CallField[] {
  if (!before) return [...CALL_FIELD_NAMES];
  return CALL_FIELD_NAMES.filter((f) => valueKey(before, f) !== valueKey(after, f));
}

/** One changed field for the curators' review, values already formatted in Italian. */
export interface FieldDiff {
  field: CallField;
  label: string;
  before: string;
  after: string;
}

export function diffContent(before: CallContent | null, after: CallContent): FieldDiff[] {
  return changedFields(before, after).map((field) => ({
    field,
    label: fieldLabel(field),
    before: before ? formatFieldValue(before, field) : "—",
    after: formatFieldValue(after, field),
  }));
}

function list(values: readonly string[], label: (v: string) => string = (v) => v): string {
  return values.length ? values.map(label).join(", ") : "—";
}

export function formatBand(band: AmountBand): string {
  const min = band.populationMin ?? 0;
  const range = band.populationMax === null ? `oltre ${formatInteger(Math.max(0, min - 1))}` : `${formatInteger(min)}–${formatInteger(band.populationMax)}`;
  return `${range} abitanti: ${formatEuro(band.amount)}`;
}

/** `piccolo, medio` as curators read them; empty (or absent in an old snapshot) = every size. */
export function formatClusters(clusters: readonly SizeCluster[] | undefined): string {
  const list = canonicalClusters(clusters);
  return list.length ? list.map((c) => SIZE_CLUSTER_LABELS[c]).join(", ") : "tutte";
}

export function formatTerritory(t: Territory): string {
  const parts: string[] = [];
  if (t.regions.length) parts.push(`regioni ${t.regions.join(", ")}`);
  if (t.provinces.length) parts.push(`province ${t.provinces.join(", ")}`);
  if (t.comuni.length) parts.push(`comuni ${t.comuni.join(", ")}`);
  return parts.length ? parts.join("; ") : "nessuna restrizione";
}

/** A field's value as curators read it (Italian formats, labels instead of keys). */
export function formatFieldValue(content: CallContent, field: CallField): string {
  const c = content;
  const amount = (v: number | null) => (v === null ? "—" : formatEuro(v));
  const integer = (v: number | null) => (v === null ? "—" : formatInteger(v));
  switch (field) {
    case "themes":
      return list(c.themes, themeLabel);
    case "beneficiaries":
      return list(c.beneficiaries, (b) => BENEFICIARY_LABELS[b as BeneficiaryKey] ?? b);
    case "territory":
      return formatTerritory(c.territory);
    case "populationMin":
    case "populationMax":
      return integer(c[field]);
    case "sizeClusters":
      return formatClusters(c.sizeClusters);
    case "budget":
    case "amountMin":
    case "amountMax":
      return amount(c[field]);
    case "amountBands":
      return c.amountBands.length ? canonicalContent(c).amountBands.map(formatBand).join("; ") : "—";
    case "cofinancingPct":
      return c.cofinancingPct === null ? "—" : `${String(c.cofinancingPct).replace(".", ",")} %`;
    case "associatedOnly":
      return c.associatedOnly ? "sì" : "no";
    case "opensAt":
      return c.opensAt ? formatDateTime(c.opensAt) : "—";
    case "deadline":
      return c.deadline ? formatDateTime(c.deadline) : "nessuna (a sportello)";
    default: {
      const value = c[field];
      return value === null || value === undefined || value === "" ? "—" : String(value);
    }
  }
}

/** `2026-03-31T10:00:00.000Z` → `2026-03-31T12:00:00+02:00`: the instant in Rome local time with its offset. */
export function formatRomeIso(instantIso: string): string {
  const instant = new Date(instantIso);
  const w = romeWallClock(instant);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  const offsetMinutes = Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60000);
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  const p = (n: number, l = 2) => String(n).padStart(l, "0");
  return `${p(w.year, 4)}-${p(w.month)}-${p(w.day)}T${p(w.hour)}:${p(w.minute)}:${p(w.second)}${sign}${p(Math.floor(abs / 60))}:${p(abs % 60)}`;
}

/** The canonical (bando-json) item of a content, as API.md names its fields. */
export interface CanonicalCall {
  idFonte?: string;
  titolo: string;
  ente: string;
  livelloEnte: string | null;
  descrizione: string | null;
  url: string | null;
  temi: string[];
  beneficiari: string[];
  territorio: { regioni: string[]; province: string[]; comuni: string[] };
  popolazioneMin: number | null;
  popolazioneMax: number | null;
  soloFormaAssociata: boolean;
  dotazione: number | null;
  importoMin: number | null;
  importoMax: number | null;
  importiPerFascia: { popolazioneMin: number | null; popolazioneMax: number | null; importo: number }[];
  cofinanziamentoPct: number | null;
  apertura: string | null;
  scadenza: string | null;
  procedura: string | null;
  misuraPnrr: string | null;
}

/**
 * A bando-json item of a content (files the app writes for ingestion, e.g. the benchmarks): the
 * canonical fields, plus `fasce` when the call is reserved to some size clusters. `fasce` is an
 * input field only: the public call resource of API.md has no such field (decision 0012).
 */
export function toBandoJsonItem(content: CallContent): CanonicalCall & { fasce?: SizeCluster[] } {
  const clusters = canonicalClusters(content.sizeClusters);
  return { ...toCanonical(content), ...(clusters.length ? { fasce: clusters } : {}) };
}

export function toCanonical(content: CallContent): CanonicalCall {
  const c = canonicalContent(content);
  return {
    titolo: c.title,
    ente: c.issuer,
    livelloEnte: c.issuerLevel,
    descrizione: c.description,
    url: c.url,
    temi: [...content.themes],
    beneficiari: [...content.beneficiaries],
    territorio: { regioni: c.territory.regions, province: c.territory.provinces, comuni: c.territory.comuni },
    popolazioneMin: c.populationMin,
    popolazioneMax: c.populationMax,
    soloFormaAssociata: c.associatedOnly,
    dotazione: c.budget,
    importoMin: c.amountMin,
    importoMax: c.amountMax,
    importiPerFascia: c.amountBands.map((b) => ({ popolazioneMin: b.populationMin, popolazioneMax: b.populationMax, importo: b.amount })),
    cofinanziamentoPct: c.cofinancingPct,
    apertura: c.opensAt ? formatRomeIso(c.opensAt) : null,
    scadenza: c.deadline ? formatRomeIso(c.deadline) : null,
    procedura: c.procedure,
    misuraPnrr: c.pnrrMeasure,
  };
}
