import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { getDb } from "~db/client.server";
import { queryOf, securityLogFilters, securityLogQuery } from "~/admin/queries.server";
import { requireRole } from "~/auth/guards.server";
import { SECURITY_ACTIONS } from "~/auth/security-actions";
import { AdminNav } from "~/components/admin";
import { FilterForm, FilterInput, FilterSelect, FilterSubmit, ResultCount } from "~/components/filter-form";
import { PagedTable } from "~/components/pagination";
import { listSecurityLog } from "~/data/security-log.server";

export const meta: MetaFunction = () => [{ title: "Registro di sicurezza — Amministrazione — Cruscotto digitale" }];

const PER_PAGE = 50;

/** The security log for admins (SECURITY.md 27): UTC time, actor, action, target, address. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["admin"]);
  const query = securityLogQuery.parse(queryOf(request));
  const { items, total } = listSecurityLog(getDb(), securityLogFilters(query, PER_PAGE));
  return { items, total, page: query.page, perPage: PER_PAGE, query };
}

export default function SecurityLog() {
  const { items, total, page, perPage, query } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const exportParams = new URLSearchParams(searchParams);
  exportParams.delete("page");
  return (
    <>
      <h1>Registro di sicurezza</h1>
      <AdminNav />
      <p>
        Accessi riusciti e non riusciti, modifiche di ruoli e account, import, esportazioni ed eliminazioni. Le ore sono in
        UTC; il registro non contiene password né codici segreti ed è conservato per 12 mesi.
      </p>
      <FilterForm label="Filtra il registro" spacing="mb-4" search>
        <FilterSelect id="azione" label="Evento" col="col-12 col-md-6 col-lg-3" defaultValue={query.azione ?? ""} all="Tutti">
          {Object.entries(SECURITY_ACTIONS).map(([key, label]) => (
            <option key={key} value={key}>
              {label}
            </option>
          ))}
        </FilterSelect>
        <FilterInput id="chi" label="Autore o oggetto" col="col-12 col-md-6 col-lg-3" defaultValue={query.chi ?? ""} autoComplete="off" />
        <FilterInput id="dal" label="Dal" col="col-6 col-lg-2" type="date" defaultValue={query.dal ?? ""} />
        <FilterInput id="al" label="Al" col="col-6 col-lg-2" type="date" defaultValue={query.al ?? ""} />
        <FilterSelect id="ordina" label="Ordine" col="col-6 col-lg-1" defaultValue={query.ordina}>
          <option value="recenti">Recenti</option>
          <option value="meno-recenti">Meno recenti</option>
        </FilterSelect>
        <FilterSubmit col="col-6 col-lg-1">Filtra</FilterSubmit>
      </FilterForm>
      <div className="cd-table-actions mb-3">
        <ResultCount total={total} none="Nessun evento." one="evento" many="eventi" className="mb-0" />
        <a href={`/amministrazione/registro.csv?${exportParams.toString()}`} className="btn btn-outline-primary btn-sm" download>
          Esporta in CSV
        </a>
      </div>
      <PagedTable
        rows={items.length}
        className="table table-sm"
        caption={<>Eventi del registro di sicurezza, pagina {page}</>}
        pagination={{ page, perPage, total, searchParams, label: "Pagine del registro" }}
      >
        <thead>
          <tr>
            <th scope="col">Ora (UTC)</th>
            <th scope="col">Evento</th>
            <th scope="col">Autore</th>
            <th scope="col">Oggetto</th>
            <th scope="col">Indirizzo</th>
          </tr>
        </thead>
        <tbody>
          {items.map((e) => (
            <tr key={e.id}>
              <th scope="row">
                <time dateTime={e.at}>{e.at.replace("T", " ").replace(/\.\d+Z$/, "")}</time>
              </th>
              <td>{SECURITY_ACTIONS[e.action as keyof typeof SECURITY_ACTIONS] ?? e.action}</td>
              <td>{e.actor}</td>
              <td>{e.target ?? "—"}</td>
              <td>{e.ip ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </PagedTable>
    </>
  );
}
