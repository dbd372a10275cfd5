import type { Db } from "~db/client.server";
import { claimDueMail, markMailFailed, markMailRetry, markMailSent } from "~/data/outbox.server";
import { logSecurityEvent } from "~/data/security-log.server";
import { mailConfig } from "~/mail/config.server";
import { registerMailKick } from "~/mail/queue.server";
import { startRounds } from "./rounds.server";
import { MailDeliveryError, type MailTransport } from "~/mail/transport.server";

/** Attempts before a message becomes a dead letter (`fallito`). */
export const MAX_ATTEMPTS = 8;
export const BASE_DELAY_MS = 60_000;
export const MAX_DELAY_MS = 6 * 60 * 60 * 1000;
/** A claimed message not marked sent after this long is claimed again (its worker died). */
export const LOCK_MS = 5 * 60 * 1000;

/**
 * Exponential backoff with jitter: after attempt n the wait is drawn uniformly between half and
 * all of min(MAX, BASE·2^(n−1)) — 30–60 s, 1–2 min, 2–4 min, … capped at 3–6 h. The jitter keeps
 * many messages refused together from all coming back in the same second.
 */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

export interface DeliveryReport {
  sent: number;
  retried: number;
  failed: number;
  suppressed: number;
}

export interface DeliveryOptions {
  now?: () => Date;
  random?: () => number;
  limit?: number;
  from?: string;
}

/** One round of the worker: claims the due messages and hands each to the transport. */
export async function deliverDueMail(db: Db, transport: MailTransport, options: DeliveryOptions = {}): Promise<DeliveryReport> {
  const now = options.now ?? (() => new Date());
  const from = options.from ?? mailConfig().from;
  const report: DeliveryReport = { sent: 0, retried: 0, failed: 0, suppressed: 0 };
  const claimed = claimDueMail(db, { now: now(), lockMs: LOCK_MS, limit: options.limit ?? 20 });
  for (const row of claimed) {
    try {
      await transport.send({
        messageId: row.messageId,
        from,
        to: row.recipient,
        subject: row.subject,
        text: row.text,
        html: row.html,
        headers: row.headers,
      });
      markMailSent(db, row, now());
      report.sent++;
    } catch (error) {
      const failure = error instanceof MailDeliveryError ? error : new MailDeliveryError(String(error), false);
      if (failure.permanent) {
        markMailFailed(db, row, failure.message, now(), true);
        logSecurityEvent(db, { actor: "sistema", action: "posta-soppressa", target: `${row.recipient} codice:${failure.code ?? "?"}` });
        report.suppressed++;
      } else if (row.attempts >= MAX_ATTEMPTS) {
        markMailFailed(db, row, failure.message, now(), false);
        report.failed++;
      } else {
        markMailRetry(db, row.id, failure.message, new Date(now().getTime() + retryDelayMs(row.attempts, options.random)));
        report.retried++;
      }
    }
  }
  return report;
}

export interface MailWorker {
  stop(): Promise<void>;
  /** Runs a round as soon as the current one (if any) ends. */
  kick(): void;
}

/**
 * The in-process worker started by scripts/serve.ts: a round every `intervalMs`, and one at once
 * whenever a request queues a message (notifyMailWorker). Rounds never overlap.
 */
export function startMailWorker(db: Db, transport: MailTransport, options: { intervalMs?: number; onError?: (e: unknown) => void } = {}): MailWorker {
  const rounds = startRounds({
    intervalMs: options.intervalMs ?? 10_000,
    // A full batch (20) means more may be due at once.
    work: async () => {
      const report = await deliverDueMail(db, transport);
      return report.sent + report.retried + report.failed + report.suppressed >= 20;
    },
    onError: options.onError ?? ((e) => console.error("posta: errore del worker", e)),
    register: registerMailKick,
  });
  return {
    kick: rounds.kick,
    async stop() {
      await rounds.stop();
      transport.close();
    },
  };
}
