import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "~db/client.server";
import { requireStaff } from "~/auth/guards.server";
import { Breadcrumb } from "~/components/breadcrumb";
import { callHref } from "~/components/calls/badges";
import { FilterForm, FilterInput, FilterSelect, FilterSubmit, ProvinceOptions, SizeClusterOptions } from "~/components/filter-form";
import { PagedTable } from "~/components/pagination";
import { matchedComuniOfCall } from "~/data/call-page.server";
import { resolveCall } from "~/data/calls.server";
import { formatEuro, formatInteger } from "~/domain/format";
import { MATCHED_SORTS, MATCHED_SORT_LABELS, filterMatched, parseMatchedQuery } from "~/domain/matched-comuni";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Comuni abbinati — ${data?.call.title ?? "Bando"} — Cruscotto digitale` }];

const PER_PAGE = 50;

/** The redazione's list of every comune the match store paired with a call. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const db = getDb();
  const row = resolveCall(db, params.id ?? "");
  if (!row || row.reviewState !== "pubblicato" || row.mergedIntoId !== null) throw new Response("Bando non trovato", { status: 404 });
  const url = new URL(request.url);
  const query = parseMatchedQuery(url.searchParams);
  const all = matchedComuniOfCall(db, row.id);
  const items = filterMatched(all, query);
  const pages = Math.max(1, Math.ceil(items.length / PER_PAGE));
  const page = Math.min(query.page, pages);
  return {
    call: { id: row.publicId, title: row.title },
    query: { ...query, page },
    total: items.length,
    matched: all.length,
    items: items.slice((page - 1) * PER_PAGE, page * PER_PAGE),
    search: url.search,
  };
}

export default function MatchedComuni() {
  const { call, query, total, matched, items, search } = useLoaderData<typeof loader>();
  const params = new URLSearchParams(search);
  params.delete("page");
  const exportQs = params.toString() ? `?${params.toString()}` : "";
  const base = `${callHref(call.id)}/comuni`;
  return (
    <>
      <Breadcrumb
        trail={[
          { to: "/bandi", label: "Bandi" },
          { to: callHref(call.id), label: call.title },
        ]}
        current="Comuni abbinati"
      />
      <h1>Comuni abbinati</h1>
      <p>
        I {formatInteger(matched)} comuni che possono partecipare a «<Link to={callHref(call.id)}>{call.title}</Link>», con il punteggio e
        l'importo calcolati dal motore di abbinamento.
      </p>
      <FilterForm label="Filtra i comuni abbinati" action={base} spacing="mb-3" search>
        <FilterInput id="q" label="Nome del comune" col="col-12 col-lg-4" defaultValue={query.q} autoComplete="off" />
        <FilterSelect id="provincia" label="Provincia" col="col-12 col-md-4 col-lg-2" defaultValue={query.province ?? ""} all="Tutte">
          <ProvinceOptions />
        </FilterSelect>
        <FilterSelect id="fascia" label="Fascia" col="col-12 col-md-4 col-lg-2" defaultValue={query.cluster ?? ""} all="Tutte">
          <SizeClusterOptions />
        </FilterSelect>
        <FilterSelect id="ordina" label="Ordina per" col="col-12 col-md-4 col-lg-2" defaultValue={query.sort}>
          {MATCHED_SORTS.map((s) => (
            <option key={s} value={s}>
              {MATCHED_SORT_LABELS[s]}
            </option>
          ))}
        </FilterSelect>
        <FilterSubmit col="col-12 col-lg-2">Cerca</FilterSubmit>
      </FilterForm>
      <p className="cd-table-actions">
        <span role="status">
          {formatInteger(total)} {total === 1 ? "comune" : "comuni"}.
        </span>
        <span>Scarica:</span>
        <a href={`${base}.csv${exportQs}`} download>
          CSV
        </a>
        <a href={`${base}.xlsx${exportQs}`} download>
          Excel
        </a>
      </p>
      <PagedTable
        rows={items.length}
        className="table table-hover"
        caption={<>Comuni abbinati al bando, pagina {query.page}</>}
        empty={<p>Nessun comune con questi filtri.</p>}
        pagination={{ page: query.page, perPage: PER_PAGE, total, searchParams: new URLSearchParams(search), label: "Pagine dei comuni abbinati" }}
      >
        <thead>
          <tr>
            <th scope="col">Comune</th>
            <th scope="col">Provincia</th>
            <th scope="col">Fascia</th>
            <th scope="col" className="text-end">
              Popolazione
            </th>
            <th scope="col" className="text-end">
              Punteggio
            </th>
            <th scope="col" className="text-end">
              Importo richiedibile
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((c) => (
            <tr key={c.istat}>
              <th scope="row">
                <Link to={`/comuni/${c.istat}`}>{c.name}</Link>
                {c.associated ? <span className="d-block small cd-muted">solo in forma associata</span> : null}
              </th>
              <td>{c.provinceSigla}</td>
              <td>{c.sizeCluster}</td>
              <td className="text-end">{formatInteger(c.population)}</td>
              <td className="text-end">{c.score}</td>
              <td className="text-end">{c.claimable === null ? "—" : formatEuro(c.claimable)}</td>
            </tr>
          ))}
        </tbody>
      </PagedTable>
    </>
  );
}
