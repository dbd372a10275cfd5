import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~db/client.server";
import { requireStaff } from "~/auth/guards.server";
import { FilterForm, FilterSelect, FilterSubmit } from "~/components/filter-form";
import { PagedTable } from "~/components/pagination";
import { Breadcrumb } from "~/components/breadcrumb";
import { RedazioneNav } from "~/components/redazione";
import { listIngestRuns } from "~/data/ingest-runs.server";
import { formatDateTime, formatInteger } from "~/domain/format";
import { SOURCE_KEYS } from "~/ingestion/types";

export const meta: MetaFunction = () => [{ title: "Importazioni — Redazione — Cruscotto digitale" }];

const PER_PAGE = 25;
const querySchema = z.object({
  fonte: z.enum(SOURCE_KEYS).optional().catch(undefined),
  esito: z.enum(["in-corso", "completato", "fallito"]).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const query = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const { items, total } = listIngestRuns(getDb(), { kind: query.fonte, status: query.esito, page: query.page, perPage: PER_PAGE });
  return {
    query,
    total,
    page: query.page,
    perPage: PER_PAGE,
    items: items.map((r) => ({ id: r.id, kind: r.kind, input: r.input, status: r.status, startedAt: r.startedAt, actor: r.actor, read: r.read, created: r.created, updated: r.updated, unchanged: r.unchanged, rejected: r.rejected, error: r.error })),
  };
}

export default function Runs() {
  const { items, total, page, perPage, query } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  return (
    <>
      <Breadcrumb trail={[{ to: "/redazione", label: "Redazione" }]} current="Importazioni" />
      <h1>Importazioni</h1>
      <RedazioneNav />
      <FilterForm label="Filtra le importazioni" spacing="mb-3">
        <FilterSelect id="fonte" label="Fonte" col="col-12 col-md-5" defaultValue={query.fonte ?? ""} all="Tutte">
          {SOURCE_KEYS.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect id="esito" label="Esito" col="col-12 col-md-4" defaultValue={query.esito ?? ""} all="Tutti">
          <option value="completato">Completato</option>
          <option value="fallito">Fallito</option>
          <option value="in-corso">In corso</option>
        </FilterSelect>
        <FilterSubmit col="col-12 col-md-3">Filtra</FilterSubmit>
      </FilterForm>
      <p role="status">{total === 0 ? "Nessuna importazione." : `${formatInteger(total)} importazioni.`}</p>
      <PagedTable rows={items.length} className="table" caption={<>Importazioni, dalla più recente, pagina {page}</>} pagination={{ page, perPage, total, searchParams }}>
        <thead>
          <tr>
            <th scope="col">Importazione</th>
            <th scope="col">Fonte</th>
            <th scope="col">Esito</th>
            <th scope="col" className="text-end">Letti</th>
            <th scope="col" className="text-end">Nuovi</th>
            <th scope="col" className="text-end">Aggiornati</th>
            <th scope="col" className="text-end">Invariati</th>
            <th scope="col" className="text-end">Scartati</th>
          </tr>
        </thead>
        <tbody>
          {items.map((r) => (
            <tr key={r.id}>
              <th scope="row">
                <Link to={`/redazione/esecuzioni/${r.id}`}>
                  n. {r.id} del {formatDateTime(r.startedAt)}
                </Link>
                <div className="small cd-muted">
                  {r.input}
                  {r.actor ? ` — ${r.actor}` : ""}
                </div>
              </th>
              <td>{r.kind}</td>
              <td>
                {r.status}
                {r.error ? <div className="small">{r.error}</div> : null}
              </td>
              <td className="text-end">{formatInteger(r.read)}</td>
              <td className="text-end">{formatInteger(r.created)}</td>
              <td className="text-end">{formatInteger(r.updated)}</td>
              <td className="text-end">{formatInteger(r.unchanged)}</td>
              <td className="text-end">{formatInteger(r.rejected)}</td>
            </tr>
          ))}
        </tbody>
      </PagedTable>
    </>
  );
}
