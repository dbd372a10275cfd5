import type { MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { getDb } from "~db/client.server";
import { countByCluster, countComuni } from "~/data/comuni.server";
import { SIZE_CLUSTER_LABELS, SIZE_CLUSTERS } from "~/domain/clusters";
import { formatInteger } from "~/domain/format";

export const meta: MetaFunction = () => [{ title: "Cruscotto digitale — ANCI Lombardia" }];

export async function loader() {
  const db = getDb();
  return { total: countComuni(db), clusters: countByCluster(db) };
}

export default function Home() {
  const { total, clusters } = useLoaderData<typeof loader>();
  return (
    <>
      <section aria-labelledby="titolo-home" className="mb-5">
        <h1 id="titolo-home">Cruscotto digitale dei comuni lombardi</h1>
        <p className="lead">
          Le opportunità di finanziamento per la transizione digitale — bandi regionali, nazionali, PNRR, europei e
          delle fondazioni — abbinate al profilo e alla programmazione di ciascuno dei {formatInteger(total)} comuni
          della Lombardia.
        </p>
        <Form method="get" action="/comuni" className="row g-2 align-items-end cd-filters" role="search">
          <div className="col-12 col-md-8 form-group mb-0">
            <label htmlFor="home-q">Cerca il tuo comune</label>
            <input id="home-q" name="q" type="search" className="form-control" autoComplete="off" />
          </div>
          <div className="col-12 col-md-4">
            <button type="submit" className="btn btn-primary w-100">
              Cerca
            </button>
          </div>
        </Form>
      </section>
      <section aria-labelledby="titolo-fasce">
        <h2 id="titolo-fasce">I comuni per fascia dimensionale</h2>
        <div className="row">
          {SIZE_CLUSTERS.map((cluster) => (
            <div key={cluster} className="col-12 col-md-4 mb-3">
              <div className="card card-bg h-100">
                <div className="card-body">
                  <p className="cd-figure mb-1">{formatInteger(clusters[cluster])}</p>
                  <p className="card-text">{SIZE_CLUSTER_LABELS[cluster]}</p>
                  <Link to={`/comuni?fascia=${cluster}`}>
                    Vedi i comuni<span className="visually-hidden"> della fascia {cluster}</span>
                  </Link>
                </div>
              </div>
            </div>
          ))}
        </div>
      </section>
    </>
  );
}
