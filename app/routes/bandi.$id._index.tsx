import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { getDb } from "~db/client.server";
import { getOptionalUser, principalOf } from "~/auth/guards.server";
import { canManageComune, isStaff } from "~/auth/permissions";
import { CallStatusBadge, CountdownText, DemoBadge, ThemeChips, callHref, isDemoCall } from "~/components/calls/badges";
import { FollowForm } from "~/components/dashboard/tracking";
import { Breadcrumb } from "~/components/breadcrumb";
import { comuneNamesOf, domainCall, matchedComuniOfCall, publicVersions, verdictsFor } from "~/data/call-page.server";
import { resolveCall, sourcesOf, versionsOf } from "~/data/calls.server";
import { listComuni } from "~/data/comuni.server";
import { callStatus } from "~/domain/call";
import { fieldLabel } from "~/domain/call-content";
import { callRules } from "~/domain/call-rules";
import { ISSUER_LEVEL_LABELS, maxAmount } from "~/domain/catalogue";
import { deadlineCountdown } from "~/domain/countdown";
import { formatDate, formatDateTime, formatEuro, formatInteger } from "~/domain/format";
import { sortBands } from "~/domain/matching";
import { TRACKING_STAGE_LABELS } from "~/domain/tracking";
import { filterMatched } from "~/domain/matched-comuni";
import { SIZE_CLUSTERS } from "~/domain/clusters";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.call.title} — Bandi — Cruscotto digitale` : "Bando — Cruscotto digitale" },
  ...(data?.call.description ? [{ name: "description", content: data.call.description.slice(0, 160) }] : []),
];

const VERSION_ACTION_LABELS: Record<string, string> = {
  creato: "Prima lettura dalla fonte",
  aggiornato: "Aggiornato dalla fonte",
  approvato: "Aggiornamento approvato dalla redazione",
  modificato: "Corretto dalla redazione",
  pubblicato: "Pubblicato",
  archiviato: "Archiviato",
  riaperto: "Riaperto",
  unito: "Unito a un duplicato",
  assorbito: "Assorbito da un altro bando",
  separato: "Separato da un altro bando",
  "fonte-aggiunta": "Aggiunta una fonte",
};

const ACTOR_LABELS = { fonte: "Fonte", redazione: "Redazione", sistema: "Sistema" } as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const current = await getOptionalUser(request);
  const id = params.id ?? "";
  if (id.length === 0 || id.length > 300) throw new Response("Bando non trovato", { status: 404 });
  const db = getDb();
  const row = resolveCall(db, id);
  if (!row || row.reviewState !== "pubblicato" || row.mergedIntoId !== null) throw new Response("Bando non trovato", { status: 404 });
  // Any alias (another source's id, a merged call's id) leads to the call's own address.
  if (row.publicId !== id) throw redirect(callHref(row.publicId), 301);

  const now = new Date();
  const url = new URL(request.url);
  const principal = principalOf(current);
  const staff = isStaff(principal);
  const ownComuni = current?.user.role === "rtd" ? current.comuni : [];
  const call = domainCall(row);
  const listed = call.territory.comuni;

  // "Il mio comune può partecipare?": an RTD's comuni, or the comune asked for in the form.
  const asked = (url.searchParams.get("comune") ?? "").trim().slice(0, 100);
  let askedIstat: string | null = null;
  if (asked) askedIstat = /^\d{6}$/.test(asked) ? asked : (listComuni(db, { q: asked, page: 1, perPage: 1 }).items[0]?.istat ?? null);
  const wanted = [...new Set([...ownComuni, ...(askedIstat ? [askedIstat] : [])])];
  const verdicts = verdictsFor(db, row, wanted, now, { withTracking: true }).map((v) => ({
    ...v,
    canTrack: canManageComune(principal, v.istat),
    stage: canManageComune(principal, v.istat) ? v.stage : null,
  }));

  return {
    call: {
      id: row.publicId,
      rowId: row.id,
      title: call.title,
      issuer: call.issuer,
      issuerLevel: call.issuerLevel,
      description: call.description,
      url: call.url,
      themes: call.themes,
      status: callStatus(call, now),
      countdown: deadlineCountdown(call, now),
      opensAt: call.opensAt,
      deadline: call.deadline,
      budget: call.budget,
      amountMin: call.amountMin,
      amountMax: call.amountMax,
      maxAmount: maxAmount(call),
      bands: sortBands(call.amountBands),
      cofinancingPct: call.cofinancingPct,
      procedure: call.procedure,
      pnrrMeasure: call.pnrrMeasure,
      version: row.version,
      updatedAt: row.liveUpdatedAt,
    },
    rules: callRules(call, { comuneNames: listed.length ? comuneNamesOf(db, listed.slice(0, 12)) : undefined }),
    sources: sourcesOf(db, row.id).map((s) => ({ alias: s.alias, fonte: s.fonte, adapter: s.adapter, firstSeenAt: s.firstSeenAt, lastSeenAt: s.lastSeenAt })),
    versions: publicVersions(versionsOf(db, row.id)),
    verdicts,
    asked: asked && !askedIstat ? { text: asked, found: false } : asked ? { text: asked, found: true } : null,
    isRtd: ownComuni.length > 0,
    staff,
    matched: staff ? matchedSummary(matchedComuniOfCall(db, row.id)) : null,
  };
}

/** For the redazione: how many comuni the store matched, by cluster, and the ten best. */
function matchedSummary(all: ReturnType<typeof matchedComuniOfCall>) {
  return {
    total: all.length,
    associated: all.filter((c) => c.associated).length,
    byCluster: SIZE_CLUSTERS.map((cluster) => ({ cluster, n: all.filter((c) => c.sizeCluster === cluster).length })),
    claimable: all.reduce((sum, c) => sum + (c.claimable ?? 0), 0),
    top: filterMatched(all, { q: "", province: null, cluster: null, sort: "punteggio", page: 1 }).slice(0, 10),
  };
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

function MatchedSection({ matched, href }: { matched: NonNullable<Data["matched"]>; href: string }) {
  return (
    <section aria-labelledby="abbinati" className="mb-5">
      <h2 id="abbinati">Comuni abbinati</h2>
      <p>
        {formatInteger(matched.total)} comuni possono partecipare
        {matched.associated > 0 ? ` (${formatInteger(matched.associated)} solo in forma associata)` : ""}:{" "}
        {matched.byCluster.map((c) => `${formatInteger(c.n)} ${c.cluster === "piccolo" ? "piccoli" : c.cluster === "medio" ? "medi" : "grandi"}`).join(", ")}; importo
        richiedibile complessivo {formatEuro(matched.claimable)}.
      </p>
      {matched.top.length > 0 ? (
        <ol className="mb-2">
          {matched.top.map((c) => (
            <li key={c.istat}>
              <Link to={`/comuni/${c.istat}`}>{c.name}</Link> ({c.provinceSigla}): punteggio {c.score}
            </li>
          ))}
        </ol>
      ) : null}
      <Link to={`${href}/comuni`}>Tutti i comuni abbinati: cerca, ordina, scarica</Link>
    </section>
  );
}

function Verdict({ v, callRowId, redirectTo, title }: { v: Data["verdicts"][number]; callRowId: number; redirectTo: string; title: string }) {
  const r = v.result;
  const heading = r.outcome === "idoneo" ? "Sì, può partecipare" : r.outcome === "forma-associata" ? "Sì, in forma associata" : "No, non può partecipare";
  return (
    <div className={`callout ${r.eligible ? "success" : "danger"} mt-0 mb-3`}>
      <div className="callout-title">
        <Link to={`/comuni/${v.istat}`}>{v.name}</Link>: {heading}
      </div>
      {r.eligible ? (
        <p className="mb-2">
          Importo richiedibile per {formatInteger(v.population)} abitanti:{" "}
          <strong>{v.claimable === null ? "non indicato dal bando" : formatEuro(v.claimable)}</strong>.
        </p>
      ) : null}
      <ul className="cd-checks-list mb-2">
        {r.checks.map((c) => (
          <li key={c.rule} className={c.passed ? "cd-check-pass" : "cd-check-fail"}>
            <span className="visually-hidden">{c.passed ? "Requisito soddisfatto: " : "Requisito non soddisfatto: "}</span>
            {c.message}
          </li>
        ))}
      </ul>
      {v.canTrack ? (
        v.stage ? (
          <p className="mb-0">
            Il comune segue questo bando: <strong>{TRACKING_STAGE_LABELS[v.stage]}</strong> (<Link to={`/comuni/${v.istat}/candidature`}>bandi seguiti</Link>).
          </p>
        ) : (
          <FollowForm istat={v.istat} callId={callRowId} redirectTo={redirectTo} title={`${title} per ${v.name}`} />
        )
      ) : null}
    </div>
  );
}

function Facts({ call }: { call: Data["call"] }) {
  return (
    <dl className="cd-facts">
      <dt>Ente erogatore</dt>
      <dd>
        {call.issuer}
        {call.issuerLevel ? <span className="cd-muted"> ({ISSUER_LEVEL_LABELS[call.issuerLevel]})</span> : null}
      </dd>
      <dt>Scadenza</dt>
      <dd>
        {call.deadline ? `${formatDateTime(call.deadline)} — ` : ""}
        <CountdownText countdown={call.countdown} />
      </dd>
      {call.opensAt ? (
        <>
          <dt>Apertura</dt>
          <dd>{formatDateTime(call.opensAt)}</dd>
        </>
      ) : null}
      <dt>Importo massimo per domanda</dt>
      <dd>{call.maxAmount === null ? "non indicato" : formatEuro(call.maxAmount)}</dd>
      {call.amountMin !== null ? (
        <>
          <dt>Importo minimo</dt>
          <dd>{formatEuro(call.amountMin)}</dd>
        </>
      ) : null}
      {call.budget !== null ? (
        <>
          <dt>Dotazione complessiva</dt>
          <dd>{formatEuro(call.budget)}</dd>
        </>
      ) : null}
      <dt>Cofinanziamento</dt>
      <dd>{call.cofinancingPct ? `${String(call.cofinancingPct).replace(".", ",")} % a carico del comune` : "non richiesto"}</dd>
      <dt>Procedura</dt>
      <dd>{call.procedure === "sportello" || !call.deadline ? "A sportello" : call.procedure === "graduatoria" ? "A graduatoria" : "non indicata"}</dd>
      {call.pnrrMeasure ? (
        <>
          <dt>Misura PNRR</dt>
          <dd>{call.pnrrMeasure}</dd>
        </>
      ) : null}
      <dt>Temi</dt>
      <dd>
        <ThemeChips themes={call.themes} max={23} />
      </dd>
      <dt>Testo ufficiale</dt>
      <dd>
        {call.url ? (
          <a href={call.url} rel="noopener noreferrer external">
            Vai al bando sul sito dell'ente<span className="visually-hidden"> (sito esterno)</span>
          </a>
        ) : (
          "non indicato"
        )}
      </dd>
    </dl>
  );
}

export default function CallPage() {
  const { call, rules, sources, versions, verdicts, asked, isRtd, matched } = useLoaderData<typeof loader>();
  const here = callHref(call.id);
  return (
    <>
      <Breadcrumb
        trail={[
          { to: "/", label: "Home" },
          { to: "/bandi", label: "Bandi" },
        ]}
        current={call.title}
      />
      <div className="d-flex flex-wrap gap-2 align-items-center mb-2">
        <CallStatusBadge status={call.status} />
        {isDemoCall(call.id) ? <DemoBadge /> : null}
      </div>
      <h1>{call.title}</h1>
      <div className="row">
        <div className="col-12 col-lg-7">
          <section aria-labelledby="in-breve" className="mb-5">
            <h2 id="in-breve">In breve</h2>
            <Facts call={call} />
          </section>
          <section aria-labelledby="regole" className="mb-5">
            <h2 id="regole">Chi può partecipare e come</h2>
            <dl className="cd-facts">
              {rules.map((r) => (
                <div key={r.topic} className="cd-facts-row">
                  <dt>{r.label}</dt>
                  <dd>{r.text}</dd>
                </div>
              ))}
            </dl>
          </section>
          {call.bands.length > 0 ? (
            <section aria-labelledby="importi" className="mb-5">
              <h2 id="importi">Importi per fascia di popolazione</h2>
              <div className="table-responsive">
                <table className="table">
                  <caption className="visually-hidden">Importo richiedibile secondo la popolazione del comune</caption>
                  <thead>
                    <tr>
                      <th scope="col">Popolazione del comune</th>
                      <th scope="col" className="text-end">
                        Importo
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {call.bands.map((b) => (
                      <tr key={`${b.populationMin}-${b.populationMax}`}>
                        <th scope="row">
                          {b.populationMax === null
                            ? `oltre ${formatInteger(Math.max(0, (b.populationMin ?? 1) - 1))} abitanti`
                            : `da ${formatInteger(b.populationMin ?? 0)} a ${formatInteger(b.populationMax)} abitanti`}
                        </th>
                        <td className="text-end">{formatEuro(b.amount)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          ) : null}
          {call.description ? (
            <section aria-labelledby="descrizione" className="mb-5">
              <h2 id="descrizione">Descrizione</h2>
              <p className="cd-pre">{call.description}</p>
            </section>
          ) : null}
        </div>
        <div className="col-12 col-lg-5">
          {matched ? <MatchedSection matched={matched} href={here} /> : null}
          <section aria-labelledby="partecipare" className="mb-5">
            <h2 id="partecipare">{isRtd ? "I tuoi comuni possono partecipare?" : "Il mio comune può partecipare?"}</h2>
            {verdicts.map((v) => (
              <Verdict key={v.istat} v={v} callRowId={call.rowId} redirectTo={here} title={call.title} />
            ))}
            {asked && !asked.found ? (
              <p className="cd-field-error" role="alert">
                Nessun comune trovato per «{asked.text}».
              </p>
            ) : null}
            <Form method="get" action={here} className="cd-form" preventScrollReset>
              <div className="form-group mb-2">
                <label htmlFor="verifica-comune">{isRtd ? "Verifica per un altro comune" : "Verifica per un comune"}</label>
                <input id="verifica-comune" name="comune" type="text" className="form-control" autoComplete="off" aria-describedby="verifica-aiuto" />
                <small id="verifica-aiuto" className="form-text">
                  Nome o codice ISTAT, ad esempio «Bergamo» o 016024.
                </small>
              </div>
              <button type="submit" className="btn btn-outline-primary">
                Verifica
              </button>
            </Form>
          </section>
          <section aria-labelledby="fonti" className="mb-5">
            <h2 id="fonti">Fonti</h2>
            <ul className="list-unstyled">
              {sources.map((s) => (
                <li key={s.alias} className="mb-2">
                  <strong>{s.alias}</strong>
                  <span className="d-block small cd-muted">
                    letto da {s.adapter}, la prima volta il {formatDate(s.firstSeenAt)}, l'ultima il {formatDate(s.lastSeenAt)}
                  </span>
                </li>
              ))}
            </ul>
            <p className="small">
              Dati in formato aperto: <a href={`/api/v1/bandi/${encodeURIComponent(call.id)}`}>questo bando in JSON</a>.
            </p>
          </section>
          <section aria-labelledby="versioni" className="mb-5">
            <h2 id="versioni">Versioni</h2>
            <p className="small">
              Versione {call.version}, aggiornata il {formatDateTime(call.updatedAt)}.
            </p>
            <details>
              <summary>Tutte le modifiche ({versions.length})</summary>
              <div className="table-responsive">
                <table className="table table-sm">
                  <caption className="visually-hidden">Cronologia delle modifiche del bando, dalla più recente</caption>
                  <thead>
                    <tr>
                      <th scope="col">Data</th>
                      <th scope="col">Modifica</th>
                      <th scope="col">Campi</th>
                    </tr>
                  </thead>
                  <tbody>
                    {versions.map((v, i) => (
                      <tr key={`${v.at}-${i}`}>
                        <th scope="row">
                          {formatDateTime(v.at)}
                          <span className="d-block small cd-muted">v{v.version}</span>
                        </th>
                        <td>
                          {VERSION_ACTION_LABELS[v.action] ?? v.action}
                          <span className="d-block small cd-muted">{ACTOR_LABELS[v.by]}</span>
                        </td>
                        <td className="small">{v.action === "creato" ? "tutti" : v.fields.map(fieldLabel).join(", ") || "—"}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </details>
          </section>
        </div>
      </div>
    </>
  );
}

