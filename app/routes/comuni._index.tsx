import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { getDb } from "~db/client.server";
import { Pagination } from "~/components/pagination";
import { listComuni } from "~/data/comuni.server";
import { isSizeCluster, SIZE_CLUSTER_LABELS, SIZE_CLUSTERS } from "~/domain/clusters";
import { formatInteger } from "~/domain/format";
import { LOMBARDY_PROVINCES, provinceBySigla } from "~/domain/territory";

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
      <Form method="get" action="/comuni" className="row g-3 align-items-end cd-filters mb-4" role="search" aria-label="Filtra i comuni">
        <div className="col-12 col-lg-5 form-group">
          <label htmlFor="q">Nome del comune</label>
          <input id="q" name="q" type="search" className="form-control" defaultValue={filters.q} autoComplete="off" />
        </div>
        <div className="col-12 col-md-6 col-lg-3 form-group">
          <label htmlFor="provincia">Provincia</label>
          <select id="provincia" name="provincia" className="form-select" defaultValue={filters.provincia}>
            <option value="">Tutte le province</option>
            {LOMBARDY_PROVINCES.map((p) => (
              <option key={p.sigla} value={p.sigla}>
                {p.name} ({p.sigla})
              </option>
            ))}
          </select>
        </div>
        <div className="col-12 col-md-6 col-lg-2 form-group">
          <label htmlFor="fascia">Fascia</label>
          <select id="fascia" name="fascia" className="form-select" defaultValue={filters.fascia}>
            <option value="">Tutte</option>
            {SIZE_CLUSTERS.map((c) => (
              <option key={c} value={c}>
                {SIZE_CLUSTER_LABELS[c]}
              </option>
            ))}
          </select>
        </div>
        <div className="col-12 col-lg-2 form-group">
          <button type="submit" className="btn btn-primary w-100">
            Cerca
          </button>
        </div>
      </Form>

      <p role="status" aria-live="polite">
        {total === 0 ? "Nessun comune trovato." : `${formatInteger(total)} ${total === 1 ? "comune trovato" : "comuni trovati"}.`}
      </p>
      {items.length > 0 ? (
        <div className="table-responsive">
          <table className="table table-hover">
            <caption className="visually-hidden">Elenco dei comuni, pagina {page}</caption>
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
          </table>
        </div>
      ) : null}
      <Pagination page={page} perPage={perPage} total={total} searchParams={searchParams} />
    </>
  );
}
