import { nowIso, writeTransaction, type Db } from "~db/client.server";
import { securityLog } from "~db/schema";

/** Strips control characters (newlines included) so user input cannot forge a log line. */
function clean(value: string | null | undefined, max = 200): string | null {
  if (value === null || value === undefined) return null;
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, " ").slice(0, max);
}

export interface SecurityEvent {
  actor: string;
  action: string;
  target?: string | null;
  ip?: string | null;
}

/** SECURITY.md 27: UTC time, actor, action, target; never a password or token. */
export function logSecurityEvent(db: Db, event: SecurityEvent): void {
  writeTransaction(db, (tx) =>
    tx
      .insert(securityLog)
      .values({
        at: nowIso(),
        actor: clean(event.actor) ?? "anonimo",
        action: clean(event.action, 60) ?? "",
        target: clean(event.target),
        ip: clean(event.ip, 64),
      })
      .run(),
  );
}
