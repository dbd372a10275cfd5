/**
 * The tracking pipeline of a call for one comune (issue "Dashboards", point 1): an RTD follows a
 * call from interest to outcome. Pure: stages, labels, and which stages count as "working on it"
 * (change alerts on tracked calls, issue "Alerts").
 */
export const TRACKING_STAGES = [
  "interessato",
  "in-preparazione",
  "candidatura-inviata",
  "finanziato",
  "non-finanziato",
] as const;
export type TrackingStage = (typeof TRACKING_STAGES)[number];

export const TRACKING_STAGE_LABELS: Record<TrackingStage, string> = {
  interessato: "Interessato",
  "in-preparazione": "In preparazione",
  "candidatura-inviata": "Candidatura inviata",
  finanziato: "Finanziato",
  "non-finanziato": "Non finanziato",
};

/** Outcomes end the pipeline; the other stages mean the comune is still working on the call. */
export const FINAL_STAGES: readonly TrackingStage[] = ["finanziato", "non-finanziato"];

export function isTrackingStage(value: unknown): value is TrackingStage {
  return typeof value === "string" && (TRACKING_STAGES as readonly string[]).includes(value);
}

export function isActiveStage(stage: TrackingStage): boolean {
  return !FINAL_STAGES.includes(stage);
}

/** Notes stay short: they are working notes, not documents (and never personal data). */
export const TRACKING_NOTE_MAX = 2000;
