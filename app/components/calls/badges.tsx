import type { CallStatus } from "~/domain/call";
import { CALL_STATUS_LABELS } from "~/domain/catalogue";
import type { Countdown, Urgency } from "~/domain/countdown";
import { themeLabel } from "~/domain/taxonomy";

const STATUS_CLASS: Record<CallStatus, string> = { aperto: "cd-badge-success", "in-arrivo": "cd-badge-info", chiuso: "cd-badge-neutral" };

export function CallStatusBadge({ status }: { status: CallStatus }) {
  return <span className={`cd-badge ${STATUS_CLASS[status]}`}>{CALL_STATUS_LABELS[status]}</span>;
}

const URGENCY_CLASS: Record<Urgency, string> = {
  scaduto: "cd-countdown-past",
  oggi: "cd-countdown-urgent",
  urgente: "cd-countdown-urgent",
  vicino: "cd-countdown-near",
  lontano: "cd-countdown-far",
  sportello: "cd-countdown-far",
  "in-arrivo": "cd-countdown-far",
};

/** The deadline countdown; the colour repeats what the text says (never colour alone). */
export function CountdownText({ countdown }: { countdown: Countdown }) {
  return <span className={`cd-countdown ${URGENCY_CLASS[countdown.urgency]}`}>{countdown.text}</span>;
}

export function ThemeChips({ themes, max = 4 }: { themes: readonly string[]; max?: number }) {
  if (themes.length === 0) return null;
  const shown = themes.slice(0, max);
  return (
    <ul className="cd-chips" aria-label="Temi">
      {shown.map((t) => (
        <li key={t}>{themeLabel(t)}</li>
      ))}
      {themes.length > max ? <li className="cd-chip-more">+{themes.length - max}</li> : null}
    </ul>
  );
}

/** Marks the example calls of the demo data (fonte `demo`). */
export function DemoBadge() {
  return <span className="cd-badge cd-badge-info">Dati dimostrativi</span>;
}

export function isDemoCall(publicId: string): boolean {
  return publicId.startsWith("demo:");
}

/** The public page of a call: ids carry a colon (`fonte:idFonte`), kept readable in the path. */
export function callHref(publicId: string): string {
  return `/bandi/${encodeURIComponent(publicId).replace(/%3A/gi, ":")}`;
}
