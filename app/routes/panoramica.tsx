import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { getDb } from "~db/client.server";
import { requireStaff } from "~/auth/guards.server";
import { ChartFigure } from "~/components/charts/chart-figure";
import { Breadcrumb } from "~/components/breadcrumb";
import { ClusterProvinceCharts } from "~/components/dashboard/cluster-province-charts";
import { Link, useLoaderData } from "@remix-run/react";
import { comuneNames, obtainedByComune, openMatchesByComune, overviewCalls, overviewComuni, overviewUsers } from "~/data/overview.server";
import { formatEuro, formatInteger } from "~/domain/format";
import { comuniWithoutOpenMatch, engagement, matchCoverage, openFundingByIssuer, openFundingByTheme, topSummary, uptake } from "~/domain/overview";

export const meta: MetaFunction = () => [{ title: "Panoramica regionale — Cruscotto digitale" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const db = getDb();
  const now = new Date();
  const calls = overviewCalls(db, now);
  const comuni = overviewComuni(db);
  const obtained = obtainedByComune(db);
  const open = calls.filter((c) => c.status === "aperto");
  const perComune = openMatchesByComune(db, now);
  const unmatched = comuniWithoutOpenMatch(comuni, perComune, comuneNames(db));
  return {
    coverageCluster: matchCoverage(comuni, perComune, "cluster"),
    coverageProvince: matchCoverage(comuni, perComune, "province"),
    unmatched: { total: unmatched.length, shown: unmatched.slice(0, 30).map(({ istat, name, provinceSigla }) => ({ istat, name, provinceSigla })) },
    openCalls: open.length,
    openBudget: open.reduce((sum, c) => sum + (c.budget ?? 0), 0),
    comuni: comuni.length,
    byTheme: openFundingByTheme(calls),
    byIssuer: openFundingByIssuer(calls),
    uptakeCluster: uptake(comuni, obtained, "cluster"),
    uptakeProvince: uptake(comuni, obtained, "province"),
    engagement: engagement(overviewUsers(db), comuni),
  };
}

function Progress({ label, value, target }: { label: string; value: number; target: number }) {
  const pct = Math.min(100, Math.round((value / target) * 100));
  return (
    <div className="mb-3">
      <p className="mb-1">
        <strong>{label}</strong>: {formatInteger(value)} su un obiettivo di almeno {formatInteger(target)} ({pct} %)
        {value >= target ? " — obiettivo raggiunto" : ""}.
      </p>
      <div className="cd-progress" aria-hidden="true">
        <span style={{ width: `${pct}%` }} />
      </div>
    </div>
  );
}

export default function Overview() {
  const d = useLoaderData<typeof loader>();
  const e = d.engagement;
  return (
    <>
      <Breadcrumb trail={[{ to: "/", label: "Home" }]} current="Panoramica regionale" />
      <h1>Panoramica regionale</h1>
      <p className="lead">Le opportunità aperte, la loro copertura sui comuni lombardi e gli indicatori del piano di attività.</p>
      <ul className="cd-kpis" aria-label="Dati principali">
        <li className="cd-kpi">
          <span className="cd-kpi-value">{formatInteger(d.openCalls)}</span>
          <span className="cd-kpi-label">bandi aperti</span>
        </li>
        <li className="cd-kpi">
          <span className="cd-kpi-value">{formatEuro(d.openBudget)}</span>
          <span className="cd-kpi-label">dotazione complessiva dei bandi aperti (dove indicata)</span>
        </li>
        <li className="cd-kpi">
          <span className="cd-kpi-value">{formatInteger(e.users)}</span>
          <span className="cd-kpi-label">utenti registrati</span>
        </li>
        <li className="cd-kpi">
          <span className="cd-kpi-value">{formatInteger(e.administrations)}</span>
          <span className="cd-kpi-label">amministrazioni coinvolte</span>
        </li>
      </ul>

      <section aria-labelledby="fondi-aperti" className="mb-5">
        <h2 id="fondi-aperti">Fondi aperti</h2>
        <div className="row">
          <div className="col-12 col-xl-7">
            <ChartFigure
              id="grafico-temi-aperti"
              title="Dotazione dei bandi aperti per tema"
              summary={`${topSummary(d.byTheme, "dotazione", "Temi con la dotazione maggiore", "euro")} Un bando con più temi è contato in ciascuno; i bandi senza dotazione indicata contano solo nel numero.`}
              empty="Nessun bando aperto."
              spec={{
                rows: d.byTheme,
                layout: "horizontal",
                categoryLabel: "Tema",
                chartSeries: 1,
                series: [
                  { key: "dotazione", label: "Dotazione", format: "euro" },
                  { key: "bandi", label: "Bandi aperti", format: "integer" },
                ],
              }}
            />
          </div>
          <div className="col-12 col-xl-5">
            <ChartFigure
              id="grafico-enti"
              title="Dotazione dei bandi aperti per livello dell'ente"
              summary={topSummary(d.byIssuer, "dotazione", "Dotazione per livello dell'ente erogatore", "euro", 5)}
              empty="Nessun bando aperto."
              spec={{
                rows: d.byIssuer,
                layout: "horizontal",
                categoryLabel: "Ente erogatore",
                chartSeries: 1,
                series: [
                  { key: "dotazione", label: "Dotazione", format: "euro" },
                  { key: "bandi", label: "Bandi aperti", format: "integer" },
                ],
              }}
            />
          </div>
        </div>
      </section>

      <section aria-labelledby="copertura" className="mb-5">
        <h2 id="copertura">Abbinamenti con i bandi aperti</h2>
        <p className="cd-muted">Dal motore di abbinamento: quanti bandi aperti sono adatti ai comuni e per quale importo richiedibile.</p>
        <ClusterProvinceCharts
          id="grafico-abbinamenti"
          clusterTitle="Importo richiedibile per fascia"
          provinceTitle="Abbinamenti per provincia"
          clusterRows={d.coverageCluster}
          provinceRows={d.coverageProvince}
          series={[
            { key: "importo", label: "Importo richiedibile", format: "euro" },
            { key: "abbinamenti", label: "Abbinamenti", format: "integer" },
            { key: "coperti", label: "Comuni con almeno un bando", format: "integer" },
            { key: "senza", label: "Comuni senza bandi aperti", format: "integer" },
          ]}
          rankBy="abbinamenti"
          clusterSummary="Importo richiedibile complessivo dai comuni di ciascuna fascia"
          provinceSummary="Province con più abbinamenti"
        />
        <h3 className="h4" id="senza-abbinamenti">Comuni senza bandi aperti adatti</h3>
        {d.unmatched.total === 0 ? (
          <p>Ogni comune ha almeno un bando aperto adatto.</p>
        ) : (
          <>
            <p>
              {formatInteger(d.unmatched.total)} comuni non hanno oggi nessun bando aperto adatto
              {d.unmatched.total > d.unmatched.shown.length ? `; i ${d.unmatched.shown.length} più popolosi:` : ":"}
            </p>
            <ul className="cd-chips mb-0">
              {d.unmatched.shown.map((c) => (
                <li key={c.istat}>
                  <Link to={`/comuni/${c.istat}`}>
                    {c.name} ({c.provinceSigla})
                  </Link>
                </li>
              ))}
            </ul>
            <p className="mt-3">
              <a href="/panoramica/comuni-senza-opportunita.csv" download>
                Scarica l'elenco completo dei {formatInteger(d.unmatched.total)} comuni (CSV)
              </a>
            </p>
          </>
        )}
      </section>

      <section aria-labelledby="adesione" className="mb-5">
        <h2 id="adesione">Fondi PNRR ottenuti dai comuni</h2>
        <p className="cd-muted">Dallo storico dei finanziamenti (PA digitale 2026): quota di comuni che hanno ottenuto fondi e importo complessivo.</p>
        <ClusterProvinceCharts
          id="grafico-adesione"
          clusterTitle="Comuni finanziati per fascia (%)"
          provinceTitle="Comuni finanziati per provincia (%)"
          clusterRows={d.uptakeCluster}
          provinceRows={d.uptakeProvince}
          series={[
            { key: "quota", label: "Comuni finanziati (%)", format: "percent" },
            { key: "finanziati", label: "Comuni finanziati", format: "integer" },
            { key: "comuni", label: "Comuni", format: "integer" },
            { key: "importo", label: "Importo ottenuto", format: "euro" },
          ]}
          rankBy="quota"
          clusterSummary="Quota di comuni finanziati"
          provinceSummary="Province con la quota più alta"
        />
      </section>

      <section aria-labelledby="indicatori" className="mb-5">
        <h2 id="indicatori">Indicatori del piano di attività</h2>
        <Progress label="Utenti registrati" value={e.users} target={e.targets.users} />
        <Progress label="Amministrazioni coinvolte" value={e.administrations} target={e.targets.administrations} />
        <p className="small cd-muted">
          Utenti registrati: account attivi con password impostata. Amministrazioni: i comuni serviti dagli utenti attivi, più ANCI
          Lombardia quando la redazione è attiva.
        </p>
        <div className="row">
          <div className="col-12 col-xl-6">
            <ChartFigure
              id="grafico-ruoli"
              title="Utenti registrati per ruolo"
              summary={topSummary(e.byRole, "utenti", "Utenti per ruolo", "integer", 4)}
              empty="Nessun utente registrato."
              spec={{ rows: e.byRole, layout: "vertical", categoryLabel: "Ruolo", series: [{ key: "utenti", label: "Utenti", format: "integer" }] }}
            />
          </div>
          <div className="col-12 col-xl-6">
            <ChartFigure
              id="grafico-rtd"
              title="Comuni con almeno un RTD attivo, per fascia (%)"
              summary={topSummary(e.rtdCoverage, "conRtd", "Comuni con un RTD attivo", "integer")}
              empty="Nessun comune ha ancora un RTD attivo."
              spec={{
                rows: e.rtdCoverage,
                layout: "vertical",
                categoryLabel: "Fascia",
                chartSeries: 1,
                series: [
                  { key: "quota", label: "Comuni con RTD (%)", format: "percent" },
                  { key: "conRtd", label: "Comuni con RTD", format: "integer" },
                  { key: "comuni", label: "Comuni", format: "integer" },
                ],
              }}
            />
          </div>
        </div>
      </section>
    </>
  );
}
