/**
 * The deadline countdown shown next to every call ("scade tra 12 giorni"): counted on Rome
 * calendar days, with an urgency level for its colour. Pure.
 */

import { formatDateTime } from "./format";
import { romeDaysBetween } from "./time";

export type Urgency = "scaduto" | "oggi" | "urgente" | "vicino" | "lontano" | "sportello" | "in-arrivo";

export interface Countdown {
  /** Short Italian text: "Scade oggi", "Scade domani", "Scade tra 12 giorni", "Scaduto il …". */
  text: string;
  /** Whole Rome calendar days left (negative when past); null without a deadline. */
  days: number | null;
  urgency: Urgency;
}

/** Days at or under which a deadline is "urgent" (red) and "near" (amber). */
export const URGENT_DAYS = 7;
export const NEAR_DAYS = 30;

export function deadlineCountdown(call: { deadline: string | null; opensAt?: string | null }, now: Date): Countdown {
  if (call.opensAt && Date.parse(call.opensAt) > now.getTime()) {
    const days = romeDaysBetween(now, new Date(call.opensAt));
    return { text: days <= 0 ? "Apre oggi" : days === 1 ? "Apre domani" : `Apre tra ${days} giorni`, days: null, urgency: "in-arrivo" };
  }
  if (!call.deadline) return { text: "A sportello, fino a esaurimento", days: null, urgency: "sportello" };
  const deadline = new Date(call.deadline);
  if (deadline.getTime() < now.getTime()) return { text: `Scaduto il ${formatDateTime(deadline)}`, days: romeDaysBetween(now, deadline), urgency: "scaduto" };
  const days = romeDaysBetween(now, deadline);
  if (days <= 0) return { text: "Scade oggi", days: 0, urgency: "oggi" };
  if (days === 1) return { text: "Scade domani", days, urgency: "urgente" };
  const text = `Scade tra ${days} giorni`;
  return { text, days, urgency: days <= URGENT_DAYS ? "urgente" : days <= NEAR_DAYS ? "vicino" : "lontano" };
}
