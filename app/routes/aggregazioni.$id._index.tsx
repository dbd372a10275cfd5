import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "~db/client.server";
import { getOptionalUser, principalOf } from "~/auth/guards.server";
import { isStaff } from "~/auth/permissions";
import { getAggregation } from "~/data/aggregations.server";
import { formatInteger } from "~/domain/format";
import { AGGREGATION_TYPE_LABELS } from "~/domain/taxonomy";
import { Breadcrumb } from "~/components/breadcrumb";
import { idParam } from "~/utils/params";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.aggregation.name ?? "Aggregazione"} — Cruscotto digitale` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const current = await getOptionalUser(request);
  const aggregation = getAggregation(getDb(), idParam(params, "Aggregazione non trovata"));
  if (!aggregation) throw new Response("Aggregazione non trovata", { status: 404 });
  return { aggregation, staff: isStaff(principalOf(current)) };
}

export default function AggregationPage() {
  const { aggregation: a, staff } = useLoaderData<typeof loader>();
  const population = a.members.reduce((n, m) => n + m.population, 0);
  return (
    <>
      <Breadcrumb trail={[{ to: "/aggregazioni", label: "Aggregazioni" }]} current={a.name} />
      <h1>{a.name}</h1>
      <dl className="cd-facts mb-4">
        <dt>Tipo</dt>
        <dd>{AGGREGATION_TYPE_LABELS[a.type]}</dd>
        <dt>Capofila</dt>
        <dd>{a.leadIstat && a.leadName ? <Link to={`/comuni/${a.leadIstat}`}>{a.leadName}</Link> : "Non indicato"}</dd>
        <dt>Comuni aderenti</dt>
        <dd>{formatInteger(a.members.length)}</dd>
        <dt>Popolazione complessiva</dt>
        <dd>{formatInteger(population)} abitanti</dd>
      </dl>
      {staff ? (
        <p>
          <Link to={`/aggregazioni/${a.id}/modifica`} className="btn btn-primary btn-sm">
            Modifica l'aggregazione
          </Link>
        </p>
      ) : null}
      <h2>Comuni aderenti</h2>
      <div className="table-responsive">
        <table className="table">
          <caption className="visually-hidden">Comuni aderenti a {a.name}</caption>
          <thead>
            <tr>
              <th scope="col">Comune</th>
              <th scope="col">Provincia</th>
              <th scope="col" className="text-end">
                Popolazione
              </th>
            </tr>
          </thead>
          <tbody>
            {a.members.map((m) => (
              <tr key={m.istat}>
                <th scope="row">
                  <Link to={`/comuni/${m.istat}`}>{m.name}</Link>
                  {m.istat === a.leadIstat ? " (capofila)" : ""}
                  {m.suppressed ? " (cessato)" : ""}
                </th>
                <td>{m.provinceSigla}</td>
                <td className="text-end">{formatInteger(m.population)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
