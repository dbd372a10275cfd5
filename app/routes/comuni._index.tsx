import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { getDb } from "~db/client.server";
import { FilterForm, FilterInput, FilterSelect, FilterSubmit, ProvinceOptions, ResultCount, SizeClusterOptions } from "~/components/filter-form";
import { PagedTable } from "~/components/pagination";
import { listComuni } from "~/data/comuni.server";
import { isSizeCluster } from "~/domain/clusters";
import { formatInteger } from "~/domain/format";
import { provinceBySigla } from "~/domain/territory";

export const meta: MetaFunction = () => [{ title: "Comuni — Cruscotto digitale" }];

const PER_PAGE = 25;

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const q = (url.searchParams.get("q") ?? "").trim().slice(0, 100);
  const provinciaParam = (url.searchParams.get("provincia") ?? "").toUpperCase();
  const provincia = provinceBySigla(provinciaParam)?.sigla;
  const fasciaParam = url.searchParams.get("fascia") ?? "";
  const fascia = isSizeCluster(fasciaParam) ? fasciaParam : undefined;
  const page = Math.max(1, Math.min(10_000, Number.parseInt(url.searchParams.get("page") ?? "1", 10) || 1));
  const { items, total } = listComuni(getDb(), { q, provincia, fascia, page, perPage: PER_PAGE });
  return { items, total, page, perPage: PER_PAGE, filters: { q, provincia: provincia ?? "", fascia: fascia ?? "" } };
}

export default function ComuniList() {
  const { items, total, page, perPage, filters } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  return (
    <>
      <h1>Comuni</h1>
      <p>Cerca un comune per nome, o filtra per provincia e fascia dimensionale.</p>
      <FilterForm label="Filtra i comuni" action="/comuni" spacing="mb-4" search>
        <FilterInput id="q" label="Nome del comune" col="col-12 col-lg-5" defaultValue={filters.q} autoComplete="off" />
        <FilterSelect id="provincia" label="Provincia" col="col-12 col-md-6 col-lg-3" defaultValue={filters.provincia} all="Tutte le province">
          <ProvinceOptions />
        </FilterSelect>
        <FilterSelect id="fascia" label="Fascia" col="col-12 col-md-6 col-lg-2" defaultValue={filters.fascia} all="Tutte">
          <SizeClusterOptions />
        </FilterSelect>
        <FilterSubmit col="col-12 col-lg-2">Cerca</FilterSubmit>
      </FilterForm>

      <ResultCount total={total} none="Nessun comune trovato." one="comune trovato" many="comuni trovati" />
      <PagedTable rows={items.length} className="table table-hover" caption={<>Elenco dei comuni, pagina {page}</>} pagination={{ page, perPage, total, searchParams }}>
        <thead>
          <tr>
            <th scope="col">Comune</th>
            <th scope="col">Provincia</th>
            <th scope="col" className="text-end">Popolazione</th>
            <th scope="col">Fascia</th>
          </tr>
        </thead>
        <tbody>
          {items.map((c) => (
            <tr key={c.istat}>
              <th scope="row">
                <Link to={`/comuni/${c.istat}`}>{c.name}</Link>
              </th>
              <td>{c.provinceSigla}</td>
              <td className="text-end">{formatInteger(c.population)}</td>
              <td>{c.sizeCluster}</td>
            </tr>
          ))}
        </tbody>
      </PagedTable>
    </>
  );
}
