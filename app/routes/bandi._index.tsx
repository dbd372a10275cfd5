import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { getDb } from "~db/client.server";
import { CallStatusBadge, CountdownText, DemoBadge, ThemeChips, callHref, isDemoCall } from "~/components/calls/badges";
import { Breadcrumb } from "~/components/breadcrumb";
import { Pagination } from "~/components/pagination";
import { browseCatalogue } from "~/data/calls-search.server";
import { CALL_STATUSES, ISSUER_LEVELS } from "~/domain/call";
import {
  AMOUNT_RANGES,
  AMOUNT_RANGE_LABELS,
  CALL_STATUS_LABELS,
  CATALOGUE_SORTS,
  CATALOGUE_SORT_LABELS,
  DEADLINE_WINDOWS,
  DEADLINE_WINDOW_LABELS,
  ISSUER_LEVEL_LABELS,
  type CatalogueQuery,
  catalogueSearchParams,
  hasFacets,
  parseCatalogueQuery,
} from "~/domain/catalogue";
import { SIZE_CLUSTER_LABELS, SIZE_CLUSTERS } from "~/domain/clusters";
import { deadlineCountdown } from "~/domain/countdown";
import { formatEuro, formatInteger } from "~/domain/format";
import { DEFAULT_THEMES, themeLabel } from "~/domain/taxonomy";
import { LOMBARDY_PROVINCES, provinceBySigla } from "~/domain/territory";

export const meta: MetaFunction = () => [
  { title: "Bandi e opportunità di finanziamento — Cruscotto digitale" },
  { name: "description", content: "Il catalogo dei bandi per i comuni lombardi: ricerca, filtri per tema, ente, stato, fascia, provincia, scadenza e importo." },
];

export const PER_PAGE = 20;

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const query = parseCatalogueQuery(url.searchParams);
  const now = new Date();
  const result = browseCatalogue(getDb(), query, now);
  const pages = Math.max(1, Math.ceil(result.total / PER_PAGE));
  const page = Math.min(query.page, pages);
  const items = result.entries.slice((page - 1) * PER_PAGE, page * PER_PAGE).map(({ call, features }) => ({
    id: call.publicId,
    title: call.title,
    issuer: call.issuer,
    level: call.issuerLevel,
    themes: call.themes,
    status: features.status,
    amount: features.amount,
    countdown: deadlineCountdown(call, now),
    pnrrMeasure: call.pnrrMeasure,
  }));
  return { query: { ...query, page }, items, total: result.total, counts: result.counts, perPage: PER_PAGE };
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

function Count({ n }: { n: number }) {
  return (
    <span className="cd-facet-count">
      {formatInteger(n)}
      <span className="visually-hidden"> {n === 1 ? "bando" : "bandi"}</span>
    </span>
  );
}

function CheckboxFacet<K extends string>({
  legend,
  name,
  options,
  selected,
  counts,
  label,
}: {
  legend: string;
  name: string;
  options: readonly K[];
  selected: readonly string[];
  counts: Record<K, number>;
  label: (k: K) => string;
}) {
  const shown = options.filter((o) => counts[o] > 0 || selected.includes(o));
  return (
    <fieldset className="cd-facet">
      <legend>{legend}</legend>
      {shown.length === 0 ? <p className="small cd-muted mb-0">Nessuna voce per la ricerca attuale.</p> : null}
      {shown.map((o) => (
        <div className="form-check" key={o}>
          <input id={`${name}-${o}`} type="checkbox" name={name} value={o} defaultChecked={selected.includes(o)} />
          <label htmlFor={`${name}-${o}`}>
            {label(o)} <Count n={counts[o]} />
          </label>
        </div>
      ))}
    </fieldset>
  );
}

function SelectFacet<K extends string>({
  id,
  label,
  name,
  options,
  value,
  counts,
  optionLabel,
  allLabel,
}: {
  id: string;
  label: string;
  name: string;
  options: readonly K[];
  value: string | null;
  counts?: Record<string, number>;
  optionLabel: (k: K) => string;
  allLabel: string;
}) {
  return (
    <div className="form-group cd-facet">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} className="form-select" defaultValue={value ?? ""}>
        <option value="">{allLabel}</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {optionLabel(o)}
            {counts ? ` (${formatInteger(counts[o] ?? 0)})` : ""}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Chips of the active filters, each a link that removes it (works without JavaScript). */
function ActiveFilters({ query }: { query: CatalogueQuery }) {
  const chips: { label: string; without: Partial<CatalogueQuery> }[] = [
    ...query.themes.map((t) => ({ label: themeLabel(t), without: { themes: query.themes.filter((x) => x !== t) } })),
    ...query.levels.map((l) => ({ label: ISSUER_LEVEL_LABELS[l], without: { levels: query.levels.filter((x) => x !== l) } })),
    ...(query.status ? [{ label: CALL_STATUS_LABELS[query.status], without: { status: null } }] : []),
    ...(query.cluster ? [{ label: `Fascia ${query.cluster}`, without: { cluster: null } }] : []),
    ...(query.province ? [{ label: `Provincia di ${provinceBySigla(query.province)?.name ?? query.province}`, without: { province: null } }] : []),
    ...(query.window ? [{ label: DEADLINE_WINDOW_LABELS[query.window], without: { window: null } }] : []),
    ...(query.amount ? [{ label: AMOUNT_RANGE_LABELS[query.amount], without: { amount: null } }] : []),
  ];
  if (chips.length === 0) return null;
  return (
    <div className="cd-active-filters mb-3">
      <span className="fw-semibold">Filtri attivi:</span>
      <ul>
        {chips.map((c) => (
          <li key={c.label}>
            <Link to={`?${catalogueSearchParams(query, { ...c.without, page: 1 }).toString()}`}>
              {c.label} <span aria-hidden="true">×</span>
              <span className="visually-hidden"> (rimuovi il filtro)</span>
            </Link>
          </li>
        ))}
      </ul>
      <Link to={`?${catalogueSearchParams({ ...query, themes: [], levels: [], status: null, cluster: null, province: null, window: null, amount: null, page: 1 }).toString()}`}>
        Rimuovi tutti i filtri
      </Link>
    </div>
  );
}

function ResultItem({ item }: { item: Data["items"][number] }) {
  return (
    <li className="cd-result">
      <div className="cd-result-head">
        <h3 className="h5 mb-1">
          <Link to={callHref(item.id)}>{item.title}</Link>
        </h3>
        <CallStatusBadge status={item.status} />
      </div>
      <p className="mb-1">
        {item.issuer}
        {item.level ? <span className="cd-muted"> · {ISSUER_LEVEL_LABELS[item.level]}</span> : null}
        {item.pnrrMeasure ? <span className="cd-muted"> · PNRR {item.pnrrMeasure}</span> : null}
        {isDemoCall(item.id) ? (
          <>
            {" "}
            <DemoBadge />
          </>
        ) : null}
      </p>
      <dl className="cd-result-facts">
        <div>
          <dt>Scadenza</dt>
          <dd>
            <CountdownText countdown={item.countdown} />
          </dd>
        </div>
        <div>
          <dt>Importo massimo</dt>
          <dd>{item.amount === null ? "non indicato" : formatEuro(item.amount)}</dd>
        </div>
      </dl>
      <ThemeChips themes={item.themes} />
    </li>
  );
}

/** The form's values without the empty ones: short, shareable URLs. */
function filledParams(form: HTMLFormElement): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of new FormData(form)) if (typeof value === "string" && value.trim() !== "") params.append(key, value);
  if (params.get("ordina") === (params.get("q") ? "pertinenza" : "scadenza")) params.delete("ordina");
  return params;
}

export default function Catalogue() {
  const { query, items, total, counts, perPage } = useLoaderData<typeof loader>();
  const submit = useSubmit();
  const navigation = useNavigation();
  const params = catalogueSearchParams(query);
  const exportParams = catalogueSearchParams(query, { page: 1 });
  exportParams.delete("page");
  const exportQs = exportParams.toString() ? `?${exportParams.toString()}` : "";
  const busy = navigation.state === "loading" && navigation.location?.pathname === "/bandi";
  return (
    <>
      <Breadcrumb trail={[{ to: "/", label: "Home" }]} current="Bandi" />
      <h1>Bandi e opportunità di finanziamento</h1>
      <p className="lead">
        Tutti i bandi pubblicati dalla redazione: regionali, nazionali, PNRR, europei e delle fondazioni. Cerca per parole
        (anche con un errore di battitura) e restringi con i filtri.
      </p>
      <Form
        method="get"
        action="/bandi"
        id="catalogo"
        className="cd-filters"
        role="search"
        aria-label="Cerca e filtra i bandi"
        onChange={(event) => {
          // With JavaScript, a filter applies as soon as it changes; the text waits for "Cerca".
          const target = event.target as HTMLElement;
          if (target instanceof HTMLInputElement && target.type === "search") return;
          submit(filledParams(event.currentTarget), { method: "get", action: "/bandi", preventScrollReset: true });
        }}
        onSubmit={(event) => {
          event.preventDefault();
          submit(filledParams(event.currentTarget), { method: "get", action: "/bandi" });
        }}
      >
        <div className="row g-2 align-items-end mb-4">
          <div className="col-12 col-md-9 form-group mb-0">
            <label htmlFor="q">Cerca nei bandi</label>
            <input
              id="q"
              name="q"
              type="search"
              className="form-control"
              defaultValue={query.q}
              key={query.q}
              autoComplete="off"
              aria-describedby="q-aiuto"
            />
            <small id="q-aiuto" className="form-text">
              Titolo, ente, descrizione o misura PNRR; accenti e maiuscole non contano.
            </small>
          </div>
          <div className="col-12 col-md-3">
            <button type="submit" className="btn btn-primary w-100">
              Cerca
            </button>
          </div>
        </div>
        <div className="row">
          <div className="col-12 col-lg-3">
            <h2 className="h4">Filtri</h2>
            <CheckboxFacet legend="Tema" name="tema" options={DEFAULT_THEMES.map((t) => t.key)} selected={query.themes} counts={counts.themes} label={themeLabel} />
            <CheckboxFacet legend="Ente erogatore" name="livello" options={ISSUER_LEVELS} selected={query.levels} counts={counts.levels} label={(l) => ISSUER_LEVEL_LABELS[l]} />
            <SelectFacet id="stato" label="Stato" name="stato" options={CALL_STATUSES} value={query.status} counts={counts.status} optionLabel={(s) => CALL_STATUS_LABELS[s]} allLabel="Tutti gli stati" />
            <SelectFacet id="fascia" label="Fascia del comune" name="fascia" options={SIZE_CLUSTERS} value={query.cluster} counts={counts.cluster} optionLabel={(c) => SIZE_CLUSTER_LABELS[c]} allLabel="Tutte le fasce" />
            <SelectFacet
              id="provincia"
              label="Provincia"
              name="provincia"
              options={LOMBARDY_PROVINCES.map((p) => p.sigla)}
              value={query.province}
              counts={counts.province}
              optionLabel={(s) => `${provinceBySigla(s)?.name ?? s} (${s})`}
              allLabel="Tutte le province"
            />
            <SelectFacet
              id="entro"
              label="Scadenza"
              name="entro"
              options={DEADLINE_WINDOWS.map((w) => `${w}` as const)}
              value={query.window ? String(query.window) : null}
              counts={counts.window}
              optionLabel={(w) => DEADLINE_WINDOW_LABELS[Number(w) as keyof typeof DEADLINE_WINDOW_LABELS]}
              allLabel="Qualsiasi scadenza"
            />
            <SelectFacet id="importo" label="Importo massimo" name="importo" options={AMOUNT_RANGES} value={query.amount} counts={counts.amount} optionLabel={(a) => AMOUNT_RANGE_LABELS[a]} allLabel="Qualsiasi importo" />
            <button type="submit" className="btn btn-outline-primary w-100 mb-4">
              Applica i filtri
            </button>
          </div>
          <div className="col-12 col-lg-9">
            <h2 className="visually-hidden">Risultati</h2>
            <div className="cd-results-bar">
              <p role="status" aria-live="polite" className="mb-0 fw-semibold" aria-busy={busy}>
                {total === 0 ? "Nessun bando trovato." : `${formatInteger(total)} ${total === 1 ? "bando trovato" : "bandi trovati"}`}
                {query.q ? ` per «${query.q}»` : ""}.
              </p>
              <div className="cd-sort">
                <label htmlFor="ordina">Ordina per</label>
                <select id="ordina" name="ordina" className="form-select" defaultValue={query.sort}>
                  {CATALOGUE_SORTS.filter((s) => s !== "pertinenza" || query.q).map((s) => (
                    <option key={s} value={s}>
                      {CATALOGUE_SORT_LABELS[s]}
                    </option>
                  ))}
                </select>
              </div>
            </div>
            <ActiveFilters query={query} />
            <p className="cd-table-actions">
              <span>Scarica i risultati:</span>
              <a href={`/bandi.csv${exportQs}`} download>
                CSV
              </a>
              <a href={`/bandi.xlsx${exportQs}`} download>
                Excel
              </a>
              <a href="/api/v1/openapi.json">API e dati aperti</a>
            </p>
            {items.length > 0 ? (
              <ol className="cd-results" start={(query.page - 1) * perPage + 1}>
                {items.map((item) => (
                  <ResultItem key={item.id} item={item} />
                ))}
              </ol>
            ) : (
              <div className="callout">
                <div className="callout-title">Nessun risultato</div>
                <p className="mb-0">
                  Prova con meno parole{hasFacets(query) ? " o togli qualche filtro" : ""}.{" "}
                  {query.q ? <Link to={`?${catalogueSearchParams(query, { q: "", page: 1 }).toString()}`}>Mostra tutti i bandi con questi filtri</Link> : null}
                </p>
              </div>
            )}
            <Pagination page={query.page} perPage={perPage} total={total} searchParams={params} label="Pagine dei risultati" />
          </div>
        </div>
      </Form>
    </>
  );
}
