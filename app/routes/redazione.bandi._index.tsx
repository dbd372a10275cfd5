import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { getDb } from "~db/client.server";
import { requireStaff } from "~/auth/guards.server";
import { CallTable, toTableItem } from "~/components/call-table";
import { FilterForm, FilterInput, FilterSelect, FilterSubmit } from "~/components/filter-form";
import { Pagination } from "~/components/pagination";
import { Breadcrumb } from "~/components/breadcrumb";
import { RedazioneNav } from "~/components/redazione";
import { distinctFonti, listCallsForStaff } from "~/data/calls.server";
import { REVIEW_STATE_LABELS, REVIEW_STATES } from "~/domain/call";
import { formatInteger } from "~/domain/format";
import { staffListSchema } from "~/ingestion/staff-list-query";

export const meta: MetaFunction = () => [{ title: "Tutti i bandi — Redazione — Cruscotto digitale" }];

const PER_PAGE = 25;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const db = getDb();
  const query = staffListSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const { items, total } = listCallsForStaff(db, {
    q: query.q,
    state: query.stato,
    fonte: query.fonte || undefined,
    sort: query.ordine,
    page: query.page,
    perPage: PER_PAGE,
  });
  return { items: items.map(toTableItem), total, page: query.page, perPage: PER_PAGE, query, fonti: distinctFonti(db) };
}

export default function AllCalls() {
  const { items, total, page, perPage, query, fonti } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const exportQuery = new URLSearchParams(searchParams);
  exportQuery.delete("page");
  return (
    <>
      <Breadcrumb trail={[{ to: "/redazione", label: "Redazione" }]} current="Tutti i bandi" />
      <h1>Tutti i bandi</h1>
      <RedazioneNav />
      <FilterForm label="Filtra i bandi" spacing="mb-3" search>
        <FilterInput id="q" label="Titolo, ente o identificativo" col="col-12 col-lg-4" defaultValue={query.q} />
        <FilterSelect id="stato" label="Stato" col="col-6 col-lg-2" defaultValue={query.stato ?? ""} all="Tutti">
          {REVIEW_STATES.map((s) => (
            <option key={s} value={s}>
              {REVIEW_STATE_LABELS[s]}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect id="fonte" label="Fonte" col="col-6 col-lg-2" defaultValue={query.fonte} all="Tutte">
          {fonti.map((f) => (
            <option key={f} value={f}>
              {f}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect id="ordine" label="Ordina per" col="col-6 col-lg-2" defaultValue={query.ordine}>
          <option value="scadenza">Scadenza</option>
          <option value="titolo">Titolo</option>
          <option value="aggiornato">Ultima modifica</option>
        </FilterSelect>
        <FilterSubmit col="col-6 col-lg-2">Filtra</FilterSubmit>
      </FilterForm>
      <div className="cd-table-actions mb-3">
        <p role="status" className="mb-0">
          {total === 0 ? "Nessun bando trovato." : `${formatInteger(total)} ${total === 1 ? "bando trovato" : "bandi trovati"}.`}
        </p>
        <a className="btn btn-outline-primary btn-sm" href={`/redazione/bandi.csv?${exportQuery.toString()}`} download>
          Esporta in CSV
        </a>
      </div>
      {items.length > 0 ? <CallTable items={items} caption={`Bandi, pagina ${page}`} /> : null}
      <Pagination page={page} perPage={perPage} total={total} searchParams={searchParams} />
    </>
  );
}
