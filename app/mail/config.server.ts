import { dirname, join } from "node:path";
import { defaultDatabasePath } from "~db/paths.server";
import { getEnv } from "~/env.server";

export interface MailConfig {
  appUrl: string;
  /** The From header. */
  from: string;
  /** Domain of the Message-IDs. */
  domain: string;
  smtpUrl: string | undefined;
  /** Where `.eml` files go when SMTP_URL is unset: `outbox/` beside the database (data/outbox/). */
  outboxDir: string;
}

export function mailConfig(): MailConfig {
  const env = getEnv();
  const domain = new URL(env.APP_URL).hostname || "localhost";
  return {
    appUrl: env.APP_URL,
    from: env.MAIL_FROM ?? `"Cruscotto digitale ANCI Lombardia" <noreply@${domain}>`,
    domain,
    smtpUrl: env.SMTP_URL,
    outboxDir: join(dirname(defaultDatabasePath()), "outbox"),
  };
}

/** Absolute links in e-mails come from APP_URL, never from the request's Host (SECURITY.md 9). */
export function appLink(path: string): string {
  return `${getEnv().APP_URL}${path.startsWith("/") ? path : `/${path}`}`;
}
