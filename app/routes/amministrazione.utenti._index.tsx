import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { getDb } from "~db/client.server";
import { queryOf, userFilters, userListQuery } from "~/admin/queries.server";
import { requireRole } from "~/auth/guards.server";
import { ROLE_LIST, ROLE_SHORT_LABELS } from "~/auth/permissions";
import { AdminNav, STATUS_LABELS } from "~/components/admin";
import { FilterForm, FilterInput, FilterSelect, FilterSubmit, ResultCount } from "~/components/filter-form";
import { PagedTable } from "~/components/pagination";
import { listUsers } from "~/data/users.server";
import { formatDateTime } from "~/domain/format";

export const meta: MetaFunction = () => [{ title: "Utenti — Amministrazione — Cruscotto digitale" }];

const PER_PAGE = 25;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["admin"]);
  const query = userListQuery.parse(queryOf(request));
  const { items, total } = listUsers(getDb(), userFilters(query, PER_PAGE));
  return { items, total, page: query.page, perPage: PER_PAGE, query };
}

const SORT_LABELS = { email: "E-mail", nome: "Nome", ruolo: "Ruolo", creato: "Più recenti", "ultimo-accesso": "Ultimo accesso" } as const;

export default function UsersList() {
  const { items, total, page, perPage, query } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const exportParams = new URLSearchParams(searchParams);
  exportParams.delete("page");
  return (
    <>
      <h1>Utenti</h1>
      <AdminNav />
      <div className="cd-table-actions mb-3">
        <Link to="/amministrazione/utenti/nuovo" className="btn btn-primary">
          Invita un utente
        </Link>
        <a href={`/amministrazione/utenti.csv?${exportParams.toString()}`} className="btn btn-outline-primary" download>
          Esporta in CSV
        </a>
      </div>
      <FilterForm label="Filtra gli utenti" spacing="mb-4" search>
        <FilterInput id="q" label="E-mail o nome" col="col-12 col-lg-4" defaultValue={query.q} autoComplete="off" />
        <FilterSelect id="ruolo" label="Ruolo" col="col-6 col-lg-2" defaultValue={query.ruolo ?? ""} all="Tutti">
          {ROLE_LIST.map((r) => (
            <option key={r} value={r}>
              {ROLE_SHORT_LABELS[r]}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect id="stato" label="Stato" col="col-6 col-lg-2" defaultValue={query.stato ?? ""} all="Tutti">
          <option value="attivo">Attivi</option>
          <option value="invitato">Invitati</option>
          <option value="disattivato">Disattivati</option>
        </FilterSelect>
        <FilterSelect id="ordina" label="Ordina per" col="col-6 col-lg-2" defaultValue={query.ordina}>
          {Object.entries(SORT_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </FilterSelect>
        <FilterSubmit col="col-6 col-lg-2">Cerca</FilterSubmit>
      </FilterForm>
      <ResultCount total={total} none="Nessun utente trovato." one="utente" many="utenti" />
      <PagedTable
        rows={items.length}
        className="table table-hover"
        caption={<>Utenti del Cruscotto, pagina {page}</>}
        pagination={{ page, perPage, total, searchParams, label: "Pagine degli utenti" }}
      >
        <thead>
          <tr>
            <th scope="col">Utente</th>
            <th scope="col">Ruolo</th>
            <th scope="col">Comuni</th>
            <th scope="col">Stato</th>
            <th scope="col">Ultimo accesso</th>
          </tr>
        </thead>
        <tbody>
          {items.map((u) => (
            <tr key={u.id}>
              <th scope="row">
                <Link to={`/amministrazione/utenti/${u.id}`}>{u.email}</Link>
                {u.name ? <div className="small">{u.name}</div> : null}
              </th>
              <td>{ROLE_SHORT_LABELS[u.role]}</td>
              <td>{u.comuni.length === 0 ? "—" : u.comuni.map((c) => c.name).join(", ")}</td>
              <td>{STATUS_LABELS[u.status]}</td>
              <td>{u.lastLoginAt ? formatDateTime(u.lastLoginAt) : "—"}</td>
            </tr>
          ))}
        </tbody>
      </PagedTable>
    </>
  );
}
