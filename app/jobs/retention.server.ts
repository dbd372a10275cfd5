import { writeTransaction, type Db } from "~db/client.server";
import { deleteExpiredSessions } from "~/auth/session.server";
import { purgeOutbox } from "~/data/outbox.server";
import { purgeSecurityLog, recordSecurityEvent } from "~/data/security-log.server";
import { purgeTokens } from "~/data/tokens.server";

/**
 * Retention (SECURITY.md 26; docs/decisions/0043-privacy-retention.md). Every day:
 * - sessions past their idle or absolute timeout;
 * - e-mailed tokens once used or expired;
 * - finished outbox messages after 90 days (addresses are personal data);
 * - security-log events after 12 months.
 */
export const SECURITY_LOG_RETENTION_DAYS = 365;
export const OUTBOX_RETENTION_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface RetentionReport {
  sessions: number;
  tokens: number;
  outbox: number;
  securityLog: number;
}

/** One pass, in one immediate transaction, with the clock passed in (tests move it). */
export function runRetention(db: Db, now = new Date()): RetentionReport {
  return writeTransaction(db, (tx) => {
    const report: RetentionReport = {
      sessions: deleteExpiredSessions(tx, now),
      tokens: purgeTokens(tx, now),
      outbox: purgeOutbox(tx, new Date(now.getTime() - OUTBOX_RETENTION_DAYS * DAY_MS)),
      securityLog: purgeSecurityLog(tx, new Date(now.getTime() - SECURITY_LOG_RETENTION_DAYS * DAY_MS)),
    };
    const total = report.sessions + report.tokens + report.outbox + report.securityLog;
    if (total > 0) {
      recordSecurityEvent(
        tx,
        {
          actor: "sistema",
          action: "pulizia-dati",
          target: `sessioni:${report.sessions} token:${report.tokens} posta:${report.outbox} registro:${report.securityLog}`,
        },
        now,
      );
    }
    return report;
  });
}

/**
 * The daily schedule started by scripts/serve.ts: once at start, then every 24 hours.
 * `clock` and `setTimer` are injectable for tests.
 */
export function startRetentionSchedule(
  db: Db,
  options: { intervalMs?: number; clock?: () => Date; onError?: (e: unknown) => void; onRun?: (r: RetentionReport) => void } = {},
): { stop(): void } {
  const clock = options.clock ?? (() => new Date());
  const run = () => {
    try {
      options.onRun?.(runRetention(db, clock()));
    } catch (error) {
      (options.onError ?? ((e) => console.error("pulizia dei dati non riuscita", e)))(error);
    }
  };
  run();
  const timer = setInterval(run, options.intervalMs ?? DAY_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
