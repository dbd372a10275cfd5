import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import nodemailer from "nodemailer";
import { hashToken } from "~/auth/crypto.server";
import { mailConfig } from "./config.server";

/** A message as the worker hands it to a transport. */
export interface OutgoingMail {
  messageId: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html?: string | null;
  headers?: Record<string, string>;
}

export interface MailTransport {
  readonly name: string;
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/**
 * A failed delivery. `permanent`: the server refused the recipient or the message for good
 * (5xx at RCPT TO or DATA): no retry, and the address is suppressed. Anything else (4xx,
 * connection refused, timeouts, a 5xx at login) is temporary and retried.
 */
export class MailDeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly code?: number,
  ) {
    super(message);
    this.name = "MailDeliveryError";
  }
}

interface SmtpErrorShape {
  message?: string;
  responseCode?: number;
  command?: string;
  response?: string;
}

/** Classifies an SMTP error of nodemailer (code and the command that got it). */
export function classifySmtpError(error: unknown): MailDeliveryError {
  const e = (error ?? {}) as SmtpErrorShape;
  const code = typeof e.responseCode === "number" ? e.responseCode : undefined;
  const recipientStage = e.command === "RCPT TO" || e.command === "DATA";
  const permanent = code !== undefined && code >= 500 && code < 600 && recipientStage;
  const text = (e.response ?? e.message ?? String(error)).replace(/\s+/g, " ").slice(0, 300);
  return new MailDeliveryError(code ? `${code} ${text}` : text, permanent, code);
}

function toNodemailer(mail: OutgoingMail) {
  return {
    from: mail.from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html ?? undefined,
    messageId: mail.messageId,
    headers: mail.headers ?? {},
  };
}

/** SMTP through nodemailer: `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://…:465`. */
export function smtpTransport(url: string): MailTransport {
  const transporter = nodemailer.createTransport(url);
  return {
    name: `smtp ${new URL(url).host}`,
    async send(mail) {
      try {
        await transporter.sendMail(toNodemailer(mail));
      } catch (error) {
        throw classifySmtpError(error);
      }
    },
    close() {
      transporter.close();
    },
  };
}

/**
 * The embedded default (API.md: SMTP_URL unset): each message becomes an `.eml` file in the
 * outbox folder, named after its Message-ID, so a resend overwrites the same file.
 */
export function fileTransport(dir: string): MailTransport {
  const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  return {
    name: `file ${dir}`,
    async send(mail) {
      const info = await transporter.sendMail(toNodemailer(mail));
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `${hashToken(mail.messageId).slice(0, 24)}.eml`);
      writeFileSync(`${file}.tmp`, info.message as Buffer);
      renameSync(`${file}.tmp`, file);
    },
    close() {
      transporter.close();
    },
  };
}

export function transportFromEnv(): MailTransport {
  const config = mailConfig();
  return config.smtpUrl ? smtpTransport(config.smtpUrl) : fileTransport(config.outboxDir);
}
