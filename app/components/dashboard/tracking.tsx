import { Form, Link } from "@remix-run/react";
import { formatDateTime } from "~/domain/format";
import type { Countdown } from "~/domain/countdown";
import { TRACKING_NOTE_MAX, TRACKING_STAGES, TRACKING_STAGE_LABELS, type TrackingStage } from "~/domain/tracking";
import { CountdownText, callHref } from "../calls/badges";

export interface TrackedCallView {
  callId: number;
  publicId: string;
  title: string;
  stage: TrackingStage;
  notes: string | null;
  updatedAt: string;
  countdown: Countdown;
  history: { at: string; fromStage: string | null; toStage: string | null; notes: string | null }[];
}

const stageLabel = (s: string | null) => (s && s in TRACKING_STAGE_LABELS ? TRACKING_STAGE_LABELS[s as TrackingStage] : "—");

/** "Segui questo bando": a POST form that works without JavaScript. */
export function FollowForm({ istat, callId, redirectTo, title }: { istat: string; callId: number; redirectTo: string; title: string }) {
  return (
    <Form method="post" action={`/comuni/${istat}/candidature`} preventScrollReset>
      <input type="hidden" name="intent" value="segui" />
      <input type="hidden" name="callId" value={callId} />
      <input type="hidden" name="redirectTo" value={redirectTo} />
      <button type="submit" className="btn btn-outline-primary btn-sm">
        Segui questo bando<span className="visually-hidden">: {title}</span>
      </button>
    </Form>
  );
}

/** Stage and notes of one tracked call, with its history (POST form, `<details>` to expand). */
export function TrackingEditor({ istat, item, redirectTo }: { istat: string; item: TrackedCallView; redirectTo: string }) {
  const id = `seguito-${item.callId}`;
  return (
    <details>
      <summary>
        Aggiorna lo stato e le note<span className="visually-hidden"> di «{item.title}»</span>
      </summary>
      <Form method="post" action={`/comuni/${istat}/candidature`} className="cd-form mt-2" preventScrollReset>
        <input type="hidden" name="intent" value="aggiorna" />
        <input type="hidden" name="callId" value={item.callId} />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <div className="form-group">
          <label htmlFor={`${id}-stato`}>Stato</label>
          <select id={`${id}-stato`} name="stage" className="form-select" defaultValue={item.stage}>
            {TRACKING_STAGES.map((s) => (
              <option key={s} value={s}>
                {TRACKING_STAGE_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="form-group">
          <label htmlFor={`${id}-note`}>Note di lavoro</label>
          <textarea id={`${id}-note`} name="notes" className="form-control" rows={3} maxLength={TRACKING_NOTE_MAX} defaultValue={item.notes ?? ""} aria-describedby={`${id}-note-aiuto`} />
          <small id={`${id}-note-aiuto`} className="form-text">
            Visibili solo agli RTD del comune e alla redazione. Niente dati personali.
          </small>
        </div>
        <button type="submit" className="btn btn-primary btn-sm">
          Salva
        </button>
      </Form>
      <Form method="post" action={`/comuni/${istat}/candidature`} className="mt-2" preventScrollReset>
        <input type="hidden" name="intent" value="rimuovi" />
        <input type="hidden" name="callId" value={item.callId} />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <button type="submit" className="btn btn-link btn-sm px-0">
          Smetti di seguire<span className="visually-hidden"> «{item.title}»</span>
        </button>
      </Form>
      {item.history.length > 0 ? (
        <>
          <p className="small fw-semibold mt-2 mb-1">Cronologia</p>
          <ol className="small ps-3 mb-0">
            {item.history.map((h, i) => (
              <li key={`${h.at}-${i}`}>
                {formatDateTime(h.at)}: {h.fromStage === h.toStage || !h.fromStage ? stageLabel(h.toStage) : `${stageLabel(h.fromStage)} → ${stageLabel(h.toStage)}`}
                {h.notes ? <span className="cd-pre d-block cd-muted">{h.notes}</span> : null}
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </details>
  );
}

/** The pipeline: one column per stage (stacked on a phone), one card per tracked call. */
export function TrackingPipeline({ istat, items, redirectTo, headingLevel = 3 }: { istat: string; items: TrackedCallView[]; redirectTo: string; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <ol className="cd-pipeline" aria-label="Fasi della candidatura">
      {TRACKING_STAGES.map((stage) => {
        const inStage = items.filter((i) => i.stage === stage);
        return (
          <li key={stage}>
            <Heading className="h6">
              {TRACKING_STAGE_LABELS[stage]} <span className="cd-facet-count">{inStage.length}</span>
            </Heading>
            {inStage.length === 0 ? (
              <p className="small cd-muted mb-0">Nessun bando.</p>
            ) : (
              <ul>
                {inStage.map((item) => (
                  <li key={item.callId}>
                    <Link to={callHref(item.publicId)}>{item.title}</Link>
                    <div className="small">
                      <CountdownText countdown={item.countdown} />
                    </div>
                    {item.notes ? <p className="small cd-pre mb-1 mt-1">{item.notes}</p> : null}
                    <TrackingEditor istat={istat} item={item} redirectTo={redirectTo} />
                  </li>
                ))}
              </ul>
            )}
          </li>
        );
      })}
    </ol>
  );
}
