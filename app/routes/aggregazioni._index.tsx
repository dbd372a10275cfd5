import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { getDb } from "~db/client.server";
import { getOptionalUser, principalOf } from "~/auth/guards.server";
import { isStaff } from "~/auth/permissions";
import { FilterForm, FilterInput, FilterSelect, FilterSubmit, ResultCount } from "~/components/filter-form";
import { PagedTable } from "~/components/pagination";
import { listAggregations } from "~/data/aggregations.server";
import { AGGREGATION_SORTS, type AggregationSort } from "~/domain/aggregation-form";
import { formatInteger } from "~/domain/format";
import { AGGREGATION_TYPE_LABELS, AGGREGATION_TYPES, type AggregationType } from "~/domain/taxonomy";

export const meta: MetaFunction = () => [{ title: "Aggregazioni di comuni — Cruscotto digitale" }];

const PER_PAGE = 25;
const SORT_LABELS: Record<AggregationSort, string> = { nome: "Nome", tipo: "Tipo", comuni: "Numero di comuni" };

export async function loader({ request }: LoaderFunctionArgs) {
  const current = await getOptionalUser(request);
  const url = new URL(request.url);
  const q = (url.searchParams.get("q") ?? "").trim().slice(0, 100);
  const typeParam = url.searchParams.get("tipo") ?? "";
  const type = (AGGREGATION_TYPES as readonly string[]).includes(typeParam) ? (typeParam as AggregationType) : undefined;
  const sortParam = url.searchParams.get("ordina") ?? "";
  const sort = (AGGREGATION_SORTS as readonly string[]).includes(sortParam) ? (sortParam as AggregationSort) : "nome";
  const page = Math.max(1, Math.min(10_000, Number.parseInt(url.searchParams.get("page") ?? "1", 10) || 1));
  const { items, total } = listAggregations(getDb(), { q, type, sort, page, perPage: PER_PAGE });
  return {
    items,
    total,
    page,
    perPage: PER_PAGE,
    filters: { q, tipo: type ?? "", ordina: sort },
    staff: isStaff(principalOf(current)),
  };
}

export default function AggregationList() {
  const { items, total, page, perPage, filters, staff } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  return (
    <>
      <h1>Aggregazioni di comuni</h1>
      <p>Unioni di comuni, comunità montane, convenzioni e altre gestioni associate: i comuni che possono candidarsi insieme.</p>
      <div className="cd-table-actions mb-3">
        {staff ? (
          <Link to="/aggregazioni/nuova" className="btn btn-primary btn-sm">
            Nuova aggregazione
          </Link>
        ) : null}
        <a href="/aggregazioni.csv" className="btn btn-outline-primary btn-sm" download>
          Scarica l'elenco (CSV per Excel)
        </a>
      </div>
      <FilterForm label="Filtra le aggregazioni" action="/aggregazioni" spacing="mb-4" search>
        <FilterInput id="q" label="Nome dell'aggregazione o del capofila" col="col-12 col-lg-5" defaultValue={filters.q} autoComplete="off" />
        <FilterSelect id="tipo" label="Tipo" col="col-12 col-md-6 col-lg-3" defaultValue={filters.tipo} all="Tutti i tipi">
          {AGGREGATION_TYPES.map((t) => (
            <option key={t} value={t}>
              {AGGREGATION_TYPE_LABELS[t]}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect id="ordina" label="Ordina per" col="col-12 col-md-6 col-lg-2" defaultValue={filters.ordina}>
          {AGGREGATION_SORTS.map((s) => (
            <option key={s} value={s}>
              {SORT_LABELS[s]}
            </option>
          ))}
        </FilterSelect>
        <FilterSubmit col="col-12 col-lg-2">Cerca</FilterSubmit>
      </FilterForm>
      <ResultCount total={total} none="Nessuna aggregazione trovata." one="aggregazione trovata" many="aggregazioni trovate" />
      <PagedTable rows={items.length} className="table table-hover" caption={<>Elenco delle aggregazioni, pagina {page}</>} pagination={{ page, perPage, total, searchParams }}>
        <thead>
          <tr>
            <th scope="col" aria-sort={filters.ordina === "nome" ? "ascending" : undefined}>
              Aggregazione
            </th>
            <th scope="col" aria-sort={filters.ordina === "tipo" ? "ascending" : undefined}>
              Tipo
            </th>
            <th scope="col">Capofila</th>
            <th scope="col" className="text-end" aria-sort={filters.ordina === "comuni" ? "descending" : undefined}>
              Comuni
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((a) => (
            <tr key={a.id}>
              <th scope="row">
                <Link to={`/aggregazioni/${a.id}`}>{a.name}</Link>
              </th>
              <td>{AGGREGATION_TYPE_LABELS[a.type]}</td>
              <td>{a.leadIstat && a.leadName ? <Link to={`/comuni/${a.leadIstat}`}>{a.leadName}</Link> : "—"}</td>
              <td className="text-end">{formatInteger(a.members)}</td>
            </tr>
          ))}
        </tbody>
      </PagedTable>
    </>
  );
}
