import { getDb, type Db } from "~db/client.server";
import { sessionSecret } from "~/data/settings.server";
import { getEnv } from "~/env.server";
import { safeEqual, sign } from "~/auth/crypto.server";

/**
 * Honeypot for public forms (SECURITY.md 5), as epic-stack does: a field people never see
 * (bots fill it), and a signed time the form was served (bots post forms they never loaded).
 * Render `<HoneypotInputs {...honeypotFields()} />` in the form and call `checkHoneypot(form)`
 * first thing in the action; it throws a 400 Response when either check fails.
 */
export const HONEYPOT_FIELD = "sito_web";
export const HONEYPOT_TIME_FIELD = "modulo_t";

export interface HoneypotFields {
  nameField: string;
  timeField: string;
  timeValue: string;
}

function key(db: Db): string {
  return sessionSecret(db, getEnv().SESSION_SECRET);
}

export function honeypotFields(now = new Date(), db: Db = getDb()): HoneypotFields {
  const t = String(now.getTime());
  return { nameField: HONEYPOT_FIELD, timeField: HONEYPOT_TIME_FIELD, timeValue: `${t}.${sign(key(db), "honeypot", t)}` };
}

export interface HoneypotOptions {
  now?: Date;
  /** Reject forms posted sooner than this after being served (default 0: only a valid signature). */
  minDelayMs?: number;
  /** Reject forms served longer ago than this (default one day). */
  maxAgeMs?: number;
  db?: Db;
}

/** Why a submission looks automated, or null. */
export function honeypotProblem(form: FormData, options: HoneypotOptions = {}): string | null {
  const now = options.now ?? new Date();
  const filled = form.get(HONEYPOT_FIELD);
  if (typeof filled === "string" && filled !== "") return "campo esca compilato";
  const raw = form.get(HONEYPOT_TIME_FIELD);
  if (typeof raw !== "string") return "marca temporale assente";
  const [t, signature] = raw.split(".");
  if (!t || !signature || !/^\d{1,15}$/.test(t)) return "marca temporale non valida";
  if (!safeEqual(signature, sign(key(options.db ?? getDb()), "honeypot", t))) return "firma non valida";
  const age = now.getTime() - Number(t);
  if (age < (options.minDelayMs ?? 0)) return "modulo inviato troppo presto";
  if (age > (options.maxAgeMs ?? 24 * 60 * 60 * 1000)) return "modulo scaduto";
  return null;
}

export function checkHoneypot(form: FormData, options: HoneypotOptions = {}): void {
  if (honeypotProblem(form, options)) {
    throw new Response("Modulo non valido: ricarica la pagina e riprova.", { status: 400 });
  }
}
