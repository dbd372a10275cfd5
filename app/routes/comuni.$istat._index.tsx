import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "~db/client.server";
import { getOptionalUser, principalOf } from "~/auth/guards.server";
import { AlertLinks } from "~/components/alerts/alert-links";
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

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.comune.name} — Cruscotto digitale` : "Comune — Cruscotto digitale" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const current = await getOptionalUser(request);
  const istat = params.istat ?? "";
  if (!isIstatCode(istat)) throw new Response("Codice ISTAT non valido", { status: 404 });
  const db = getDb();
  const comune = getComune(db, istat);
  if (!comune) throw new Response("Comune non trovato", { status: 404 });
  return {
    comune,
    provinceName: provinceBySigla(comune.provinceSigla)?.name ?? comune.provinceSigla,
    successor: successorName(db, comune) ?? null,
    profile: comuneProfileSections(db, istat),
    canManage: canManageComune(principalOf(current), istat),
    staff: isStaff(principalOf(current)),
    loggedIn: current !== null,
  };
}

export default function ComunePage() {
  const { comune, provinceName, successor, profile, canManage, staff, loggedIn } = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumb trail={[{ to: "/comuni", label: "Comuni" }]} current={comune.name} />
      <h1>{comune.name}</h1>
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
      <AlertLinks istat={comune.istat} loggedIn={loggedIn} />
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
