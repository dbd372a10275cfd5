import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~db/client.server";
import { requireStaff } from "~/auth/guards.server";
import { FilterForm, FilterSelect, FilterSubmit } from "~/components/filter-form";
import { PagedTable } from "~/components/pagination";
import { Breadcrumb } from "~/components/breadcrumb";
import { RedazioneNav } from "~/components/redazione";
import { changeLog } from "~/data/calls.server";
import { fieldLabel } from "~/domain/call-content";
import { formatDateTime, formatInteger } from "~/domain/format";

export const meta: MetaFunction = () => [{ title: "Registro modifiche — Redazione — Cruscotto digitale" }];

const PER_PAGE = 50;
const querySchema = z.object({
  chi: z.enum(["fonte", "redazione", "sistema"]).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const query = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const { items, total } = changeLog(getDb(), { actorType: query.chi, page: query.page, perPage: PER_PAGE });
  return {
    query,
    total,
    page: query.page,
    perPage: PER_PAGE,
    items: items.map((v) => ({ id: v.id, callId: v.callId, publicId: v.publicId, title: v.title, at: v.at, actorType: v.actorType, actor: v.actor, action: v.action, fields: v.changedFields.map(fieldLabel), note: v.note, runId: v.runId })),
  };
}

export default function ChangeLog() {
  const { items, total, page, perPage, query } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  return (
    <>
      <Breadcrumb trail={[{ to: "/redazione", label: "Redazione" }]} current="Registro modifiche" />
      <h1>Registro delle modifiche</h1>
      <RedazioneNav />
      <FilterForm label="Filtra il registro" spacing="mb-3">
        <FilterSelect id="chi" label="Autore" col="col-12 col-md-6" defaultValue={query.chi ?? ""} all="Tutti">
          <option value="redazione">Redazione</option>
          <option value="fonte">Fonti (importazioni)</option>
          <option value="sistema">Sistema</option>
        </FilterSelect>
        <FilterSubmit col="col-12 col-md-3">Filtra</FilterSubmit>
      </FilterForm>
      <p role="status">{formatInteger(total)} modifiche registrate.</p>
      <PagedTable rows={items.length} className="table" caption={<>Modifiche ai bandi, dalla più recente, pagina {page}</>} pagination={{ page, perPage, total, searchParams }}>
        <thead>
          <tr>
            <th scope="col">Quando</th>
            <th scope="col">Bando</th>
            <th scope="col">Chi</th>
            <th scope="col">Che cosa</th>
          </tr>
        </thead>
        <tbody>
          {items.map((v) => (
            <tr key={v.id}>
              <td>{formatDateTime(v.at)}</td>
              <th scope="row">
                <Link to={`/redazione/bandi/${v.callId}`}>{v.title}</Link>
                <div className="small cd-muted">{v.publicId}</div>
              </th>
              <td>
                {v.actor}
                {v.runId ? (
                  <>
                    {" "}
                    (<Link to={`/redazione/esecuzioni/${v.runId}`}>importazione {v.runId}</Link>)
                  </>
                ) : null}
              </td>
              <td>
                {v.action}
                {v.fields.length ? `: ${v.fields.join(", ")}` : ""}
                {v.note ? <div className="small">{v.note}</div> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </PagedTable>
    </>
  );
}
