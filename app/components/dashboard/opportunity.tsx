import { Form, Link } from "@remix-run/react";
import type { Countdown } from "~/domain/countdown";
import type { ComponentView } from "~/domain/dashboard";
import { formatEuro, formatInteger } from "~/domain/format";
import { DISMISSAL_REASONS, DISMISSAL_REASON_LABELS } from "~/domain/matching/dismissal";
import { TRACKING_STAGE_LABELS, type TrackingStage } from "~/domain/tracking";
import { CountdownText, DemoBadge, ThemeChips, callHref, isDemoCall } from "../calls/badges";
import { FollowForm } from "./tracking";

export interface OpportunityView {
  callId: number;
  publicId: string;
  title: string;
  issuer: string;
  themes: string[];
  score: number;
  components: ComponentView[];
  associated: boolean;
  claimable: number | null;
  reasons: string[];
  missing: string[];
  countdown: Countdown;
  stage: TrackingStage | null;
}

function ComponentBars({ components }: { components: ComponentView[] }) {
  return (
    <ul className="cd-components">
      {components.map((c) => (
        <li key={c.key}>
          <span>{c.label}</span>
          <span className="cd-bar" aria-hidden="true">
            <span style={{ width: `${c.max > 0 ? Math.round((c.punti / c.max) * 100) : 0}%` }} />
          </span>
          <span className="text-end">
            {formatInteger(c.punti)}/{formatInteger(c.max)}
            <span className="visually-hidden"> punti</span>
          </span>
        </li>
      ))}
    </ul>
  );
}

/** "Non pertinente" with a reason: posts to the comune's dismissals (match store), works without JavaScript. */
function DismissForm({ istat, o, redirectTo }: { istat: string; o: OpportunityView; redirectTo: string }) {
  const id = `np-${o.callId}`;
  return (
    <details className="cd-dismiss">
      <summary>
        Non pertinente<span className="visually-hidden">: {o.title}</span>
      </summary>
      <Form method="post" action={`/comuni/${istat}/segnalazioni`} className="cd-form mt-2" preventScrollReset>
        <input type="hidden" name="intent" value="segnala" />
        <input type="hidden" name="bando" value={o.publicId} />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <div className="form-group mb-2">
          <label htmlFor={`${id}-motivo`}>Motivo</label>
          <select id={`${id}-motivo`} name="motivo" className="form-select" required defaultValue="">
            <option value="" disabled>
              Scegli il motivo
            </option>
            {DISMISSAL_REASONS.map((r) => (
              <option key={r} value={r}>
                {DISMISSAL_REASON_LABELS[r].charAt(0).toUpperCase() + DISMISSAL_REASON_LABELS[r].slice(1)}
              </option>
            ))}
          </select>
        </div>
        <div className="form-group mb-2">
          <label htmlFor={`${id}-nota`}>Nota (facoltativa)</label>
          <input id={`${id}-nota`} name="nota" type="text" className="form-control" maxLength={500} />
        </div>
        <button type="submit" className="btn btn-outline-danger btn-sm">
          Segnala come non pertinente
        </button>
        <p className="small cd-muted mt-1 mb-0">Il bando e quelli simili scenderanno nella classifica del comune; si può annullare.</p>
      </Form>
    </details>
  );
}

/** One ranked opportunity: score, amount, countdown, why, what is missing, and the RTD's actions. */
export function OpportunityCard({ o, istat, rank, canManage, redirectTo }: { o: OpportunityView; istat: string; rank: number; canManage: boolean; redirectTo: string }) {
  return (
    <li className="cd-opp" id={`bando-${o.callId}`}>
      <div className="cd-opp-head">
        <div className="cd-score" title={`Punteggio ${o.score} su 100`}>
          <span className="visually-hidden">Posizione {rank}, punteggio </span>
          {o.score}
          <small aria-hidden="true">/100</small>
          <span className="visually-hidden"> su 100</span>
        </div>
        <div className="flex-grow-1">
          <h3 className="h5 mb-1">
            <Link to={callHref(o.publicId)}>{o.title}</Link>
          </h3>
          <p className="mb-1">
            {o.issuer}
            {isDemoCall(o.publicId) ? (
              <>
                {" "}
                <DemoBadge />
              </>
            ) : null}
            {o.associated ? <span className="cd-badge cd-badge-warning ms-2">Solo in forma associata</span> : null}
          </p>
          <dl className="cd-result-facts">
            <div>
              <dt>Importo richiedibile</dt>
              <dd>{o.claimable === null ? "non indicato" : formatEuro(o.claimable)}</dd>
            </div>
            <div>
              <dt>Scadenza</dt>
              <dd>
                <CountdownText countdown={o.countdown} />
              </dd>
            </div>
            {o.stage ? (
              <div>
                <dt>Candidatura</dt>
                <dd>{TRACKING_STAGE_LABELS[o.stage]}</dd>
              </div>
            ) : null}
          </dl>
          <ThemeChips themes={o.themes} />
        </div>
      </div>
      <details>
        <summary>
          Perché te lo proponiamo<span className="visually-hidden">: {o.title}</span>
        </summary>
        <ComponentBars components={o.components} />
        {o.reasons.length > 0 ? (
          <ul className="mb-0">
            {o.reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        ) : null}
      </details>
      <details>
        <summary>
          Cosa manca<span className="visually-hidden">: {o.title}</span>
        </summary>
        {o.missing.length === 0 ? (
          <p className="mb-0 mt-2">Niente di rilevante: il comune ha i requisiti e il bando è coerente con il suo profilo.</p>
        ) : (
          <ul className="mb-0 mt-2">
            {o.missing.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        )}
      </details>
      {canManage ? (
        <div className="cd-opp-actions">
          {o.stage ? (
            <Link to={`/comuni/${istat}/candidature`} className="btn btn-outline-primary btn-sm">
              Aggiorna la candidatura<span className="visually-hidden">: {o.title}</span>
            </Link>
          ) : (
            <FollowForm istat={istat} callId={o.callId} redirectTo={`${redirectTo}#bando-${o.callId}`} title={o.title} />
          )}
          <DismissForm istat={istat} o={o} redirectTo={redirectTo} />
        </div>
      ) : null}
    </li>
  );
}
