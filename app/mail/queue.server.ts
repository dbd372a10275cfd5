import type { Db } from "~db/client.server";
import type { OutboxRow } from "~db/schema";
import { enqueueMail } from "~/data/outbox.server";
import { mailConfig } from "./config.server";
import type { RenderedMail } from "./render.server";

export interface QueueOptions {
  kind: string;
  to: string;
  sensitive?: boolean;
  headers?: Record<string, string>;
  dedupeKey?: string | null;
  now?: Date;
}

/**
 * Puts a rendered e-mail in the outbox, inside the caller's transaction. After the transaction
 * commits, call `notifyMailWorker()` so the worker sends it now rather than at its next round.
 */
export function queueMail(tx: Db, mail: RenderedMail, options: QueueOptions): OutboxRow | undefined {
  return enqueueMail(
    tx,
    {
      kind: options.kind,
      to: options.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      headers: options.headers,
      dedupeKey: options.dedupeKey,
      sensitive: options.sensitive,
    },
    { domain: mailConfig().domain, now: options.now },
  );
}

const KICK = Symbol.for("cruscotto.mail.kick");
type GlobalWithKick = typeof globalThis & { [KICK]?: () => void };

/**
 * Wakes the worker started by scripts/serve.ts. The worker and the Remix bundle are separate
 * module instances in one process, so the hook lives on globalThis.
 */
export function notifyMailWorker(): void {
  (globalThis as GlobalWithKick)[KICK]?.();
}

export function registerMailKick(kick: (() => void) | undefined): void {
  (globalThis as GlobalWithKick)[KICK] = kick;
}
