import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { getDb } from "~db/client.server";
import { getOptionalUser, principalOf } from "~/auth/guards.server";
import { canManageComune, isStaff } from "~/auth/permissions";
import { AggregationsSection } from "~/components/profile/aggregations-section";
import { FundingSection } from "~/components/profile/funding-section";
import { MaturitySection } from "~/components/profile/maturity-section";
import { PeerComparisonSection } from "~/components/profile/peer-section";
import { ProgrammeSection } from "~/components/profile/programme-section";
import { getComune, successorName } from "~/data/comuni.server";
import { comuneProfileSections } from "~/data/profiles.server";
import { SIZE_CLUSTER_LABELS } from "~/domain/clusters";
import { formatDate, formatInteger } from "~/domain/format";
import { populationSourceLabel } from "~/domain/population";
import { isIstatCode, provinceBySigla } from "~/domain/territory";
import { Breadcrumb } from "~/components/breadcrumb";
import { ChartFigure } from "~/components/charts/chart-figure";
import { callHref } from "~/components/calls/badges";
import { OpportunityCard } from "~/components/dashboard/opportunity";
import { TrackingPipeline } from "~/components/dashboard/tracking";
import { Pagination } from "~/components/pagination";
import { dashboardMatches, explainMatches, nearMissesOf, trackedCallViews } from "~/data/dashboard.server";
import { deadlineCountdown } from "~/domain/countdown";
import { claimableByTheme, deadlineTimeline, fundingVsPeers, keyFigures } from "~/domain/dashboard";
import { formatEuro } from "~/domain/format";
import { isActiveStage } from "~/domain/tracking";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.comune.name} — Cruscotto digitale` : "Comune — Cruscotto digitale" },
];

const PER_PAGE = 10;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const current = await getOptionalUser(request);
  const istat = params.istat ?? "";
  if (!isIstatCode(istat)) throw new Response("Codice ISTAT non valido", { status: 404 });
  const db = getDb();
  const comune = getComune(db, istat);
  if (!comune) throw new Response("Comune non trovato", { status: 404 });
  const principal = principalOf(current);
  const canManage = canManageComune(principal, istat);
  const now = new Date();
  const url = new URL(request.url);
  const page = Math.max(1, Number.parseInt(url.searchParams.get("page") ?? "1", 10) || 1);

  const profile = comuneProfileSections(db, istat);
  const opportunities = comune.suppressed ? [] : dashboardMatches(db, istat, now);
  const tracked = canManage ? trackedCallViews(db, istat, now) : [];
  const stages = new Map(tracked.map((t) => [t.callId, t.stage]));
  const figures = opportunities.map((o) => ({ title: o.title, themes: o.themes, deadline: o.deadline, claimable: o.claimable }));
  const pages = Math.max(1, Math.ceil(opportunities.length / PER_PAGE));
  const shown = Math.min(page, pages);
  return {
    comune,
    provinceName: provinceBySigla(comune.provinceSigla)?.name ?? comune.provinceSigla,
    successor: successorName(db, comune) ?? null,
    profile,
    canManage,
    staff: isStaff(principal),
    loggedIn: current !== null,
    figures: keyFigures(figures, now),
    opportunities: explainMatches(db, istat, opportunities.slice((shown - 1) * PER_PAGE, shown * PER_PAGE), now).map((o) => ({
      ...o,
      countdown: deadlineCountdown(o, now),
      stage: stages.get(o.callId) ?? null,
    })),
    page: shown,
    total: opportunities.length,
    nearMisses: comune.suppressed ? [] : nearMissesOf(db, comune, profile.aggregations, now),
    charts: {
      themes: claimableByTheme(figures),
      deadlines: deadlineTimeline(figures, now),
      peers: fundingVsPeers(profile.peers),
    },
    tracked,
  };
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

function KeyFigures({ figures, tracked, canManage }: { figures: Data["figures"]; tracked: Data["tracked"]; canManage: boolean }) {
  const nearest = figures.nearest;
  return (
    <ul className="cd-kpis" aria-label="Dati principali">
      <li className="cd-kpi">
        <span className="cd-kpi-value">{formatInteger(figures.openMatches)}</span>
        <span className="cd-kpi-label">{figures.openMatches === 1 ? "bando aperto per il comune" : "bandi aperti per il comune"}</span>
      </li>
      <li className="cd-kpi">
        <span className="cd-kpi-value">{formatEuro(figures.totalClaimable)}</span>
        <span className="cd-kpi-label">
          importo richiedibile in totale
          {figures.withoutAmount > 0 ? ` (più ${formatInteger(figures.withoutAmount)} ${figures.withoutAmount === 1 ? "bando" : "bandi"} senza importo indicato)` : ""}
        </span>
      </li>
      <li className="cd-kpi">
        <span className="cd-kpi-value">{nearest ? formatDate(nearest.deadline) : "—"}</span>
        <span className="cd-kpi-label">
          {nearest ? `prossima scadenza${nearest.days <= 0 ? ", oggi" : nearest.days === 1 ? ", domani" : `, tra ${formatInteger(nearest.days)} giorni`}: ${nearest.title}` : "nessuna scadenza in vista"}
        </span>
      </li>
      {canManage ? (
        <li className="cd-kpi">
          <span className="cd-kpi-value">{formatInteger(tracked.filter((t) => isActiveStage(t.stage)).length)}</span>
          <span className="cd-kpi-label">candidature in corso</span>
        </li>
      ) : null}
    </ul>
  );
}

export default function ComuneDashboard() {
  const { comune, provinceName, successor, profile, canManage, staff, loggedIn, figures, opportunities, page, total, nearMisses, charts, tracked } =
    useLoaderData<typeof loader>();
  const location = useLocation();
  const here = `/comuni/${comune.istat}${location.search}`;
  return (
    <>
      <Breadcrumb
        trail={[
          { to: "/", label: "Home" },
          { to: "/comuni", label: "Comuni" },
        ]}
        current={comune.name}
      />
      <h1 className="mb-1">{comune.name}</h1>
      <p className="lead mb-3">
        Cruscotto del comune · Provincia di {provinceName} · {formatInteger(comune.population)} abitanti · fascia {comune.sizeCluster}
      </p>
      {comune.suppressed ? (
        <div className="alert alert-warning" role="alert">
          Comune cessato{comune.suppressedOn ? ` dal ${formatDate(comune.suppressedOn)}` : ""}
          {successor ? (
            <>
              : confluito in <Link to={`/comuni/${successor.istat}`}>{successor.name}</Link>.
            </>
          ) : (
            "."
          )}
        </div>
      ) : null}
      <nav aria-label="Sezioni del cruscotto">
        <ul className="cd-toc">
          <li>
            <a href="#opportunita">Opportunità</a>
          </li>
          {nearMisses.length > 0 ? (
            <li>
              <a href="#quasi-adatti">Quasi adatti</a>
            </li>
          ) : null}
          <li>
            <a href="#grafici">Importi e scadenze</a>
          </li>
          {canManage ? (
            <li>
              <a href="#seguiti">Bandi seguiti</a>
            </li>
          ) : null}
          <li>
            <a href="#dati-comune">Profilo del comune</a>
          </li>
        </ul>
      </nav>
      <KeyFigures figures={figures} tracked={tracked} canManage={canManage} />
      <p className="cd-table-actions">
        <a href={loggedIn ? `/account/avvisi?comune=${comune.istat}` : `/avvisi/iscrizione?comune=${comune.istat}`}>
          Ricevi gli avvisi per questo comune
        </a>
        <span className="ms-lg-3">Ricevi le scadenze:</span>
        <a href={`/comuni/${comune.istat}/scadenze.ics`}>Calendario (iCal)</a>
        <a href={`/comuni/${comune.istat}/feed.atom`}>Feed Atom</a>
        <span className="ms-lg-3">Scarica l'elenco:</span>
        <a href={`/comuni/${comune.istat}/opportunita.csv`} download>
          CSV
        </a>
        <a href={`/comuni/${comune.istat}/opportunita.xlsx`} download>
          Excel
        </a>
      </p>

      <section aria-labelledby="opportunita" className="mb-5">
        <h2 id="opportunita">Opportunità per il comune</h2>
        <p className="cd-muted">
          I bandi aperti a cui il comune può partecipare, dal più adatto: il punteggio (da 0 a 100) pesa la coerenza con la
          programmazione, il divario di maturità digitale, l'importo, i tempi e la dimensione del comune.
        </p>
        {opportunities.length === 0 ? (
          <p>Nessun bando aperto risulta adatto al comune in questo momento.</p>
        ) : (
          <ol className="cd-opps">
            {opportunities.map((o, i) => (
              <OpportunityCard key={o.callId} o={o} istat={comune.istat} rank={(page - 1) * PER_PAGE + i + 1} canManage={canManage} redirectTo={here} />
            ))}
          </ol>
        )}
        <Pagination page={page} perPage={PER_PAGE} total={total} searchParams={new URLSearchParams(location.search)} label="Pagine delle opportunità" />
      </section>

      {nearMisses.length > 0 ? (
        <section aria-labelledby="quasi-adatti" className="mb-5">
          <h2 id="quasi-adatti">Quasi adatti</h2>
          <p className="cd-muted">
            Bandi aperti a cui il comune non può partecipare per una sola regola, mancata di poco: il limite di popolazione o la
            fascia dimensionale.
          </p>
          <ul className="cd-near-misses">
            {nearMisses.map((n) => (
              <li key={n.callId} className="mb-2">
                <Link to={callHref(n.callId)}>{n.title}</Link> <span className="cd-muted">({n.issuer})</span>
                <br />
                <strong>Cosa manca:</strong> {n.message}
                {n.deadline ? ` Scadenza: ${formatDate(n.deadline)}.` : ""}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="grafici" className="mb-5">
        <h2 id="grafici">Importi e scadenze</h2>
        <div className="row">
          <div className="col-12 col-xl-6">
            <ChartFigure
              id="grafico-temi"
              title="Importo richiedibile per tema"
              summary={charts.themes.summary}
              empty="Nessun bando aperto per il comune."
              spec={{ rows: charts.themes.rows, layout: "horizontal", categoryLabel: "Tema", series: [{ key: "importo", label: "Importo richiedibile", format: "euro" }] }}
            />
          </div>
          <div className="col-12 col-xl-6">
            <ChartFigure
              id="grafico-scadenze"
              title="Scadenze nei prossimi 90 giorni, per settimana"
              summary={charts.deadlines.summary}
              empty="Nessuna scadenza nei prossimi 90 giorni."
              spec={{ rows: charts.deadlines.rows, layout: "vertical", categoryLabel: "Settimana dal", series: [{ key: "bandi", label: "Bandi in scadenza", format: "integer" }, { key: "importo", label: "Importo richiedibile", format: "euro" }], chartSeries: 1 }}
            />
          </div>
          <div className="col-12">
            <ChartFigure
              id="grafico-pari"
              title="Fondi PNRR ottenuti rispetto ai comuni della stessa fascia"
              summary={charts.peers.summary}
              empty="Il confronto sarà disponibile dopo l'import delle candidature finanziate PA digitale 2026."
              spec={{
                rows: charts.peers.rows,
                layout: "horizontal",
                categoryLabel: "Misura",
                series: [
                  { key: "comune", label: comune.name, format: "euro" },
                  { key: "provincia", label: "Mediana in provincia", format: "euro" },
                  { key: "regione", label: "Mediana in regione", format: "euro" },
                ],
              }}
            />
          </div>
        </div>
      </section>

      {canManage ? (
        <section aria-labelledby="seguiti" className="mb-5">
          <h2 id="seguiti">Bandi seguiti</h2>
          <p>
            Le candidature del comune, dall'interesse all'esito. <Link to={`/comuni/${comune.istat}/candidature`}>Apri i bandi seguiti</Link> per
            la cronologia completa.
          </p>
          <TrackingPipeline istat={comune.istat} items={tracked} redirectTo={`/comuni/${comune.istat}#seguiti`} />
        </section>
      ) : null}

      <section aria-labelledby="dati-comune" className="mb-4">
        <h2 id="dati-comune">Dati del comune</h2>
        <dl className="cd-facts">
          <dt>Codice ISTAT</dt>
          <dd>{comune.istat}</dd>
          <dt>Provincia</dt>
          <dd>
            {provinceName} ({comune.provinceSigla})
          </dd>
          <dt>Regione</dt>
          <dd>{comune.regionName}</dd>
          <dt>Popolazione</dt>
          <dd>
            {formatInteger(comune.population)} abitanti
            <br />
            <small className="cd-muted">
              {populationSourceLabel(comune.populationSource, comune.populationYear, comune.populationMonth)}
            </small>
          </dd>
          <dt>Fascia dimensionale</dt>
          <dd>{SIZE_CLUSTER_LABELS[comune.sizeCluster]}</dd>
          <dt>Capoluogo di provincia</dt>
          <dd>{comune.isCapoluogo ? "Sì" : "No"}</dd>
          {comune.cadastralCode ? (
            <>
              <dt>Codice catastale</dt>
              <dd>{comune.cadastralCode}</dd>
            </>
          ) : null}
        </dl>
      </section>
      <AggregationsSection istat={comune.istat} aggregations={profile.aggregations} canEdit={staff} />
      <ProgrammeSection istat={comune.istat} items={profile.programme} canManage={canManage} />
      <MaturitySection istat={comune.istat} entries={profile.maturity} canManage={canManage} />
      <FundingSection records={profile.funding} />
      <PeerComparisonSection
        rows={profile.peers}
        sizeCluster={comune.sizeCluster}
        provinceName={provinceName}
        regionName={comune.regionName}
      />
    </>
  );
}
