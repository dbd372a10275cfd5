import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

/**
 * A real SMTP server on loopback (npm smtp-server) for mail tests (SECURITY.md 24): it records
 * every accepted message, parsed, and answers RCPT TO with scripted replies per address
 * (e.g. [451, 250]: first a temporary refusal, then acceptance; [550]: permanent refusal).
 */
export interface TestSmtp {
  url: string;
  port: number;
  messages: (ParsedMail & { raw: string; envelopeTo: string[] })[];
  /** Scripted RCPT TO replies per address; when the list runs out, 250. */
  script: Map<string, number[]>;
  stop(): Promise<void>;
}

export async function startSmtp(): Promise<TestSmtp> {
  const messages: TestSmtp["messages"] = [];
  const script = new Map<string, number[]>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(address, _session, callback) {
      const replies = script.get(address.address.toLowerCase());
      const code = replies && replies.length > 0 ? replies.shift()! : 250;
      if (code >= 400) {
        const error = Object.assign(new Error(code >= 500 ? "Utente sconosciuto" : "Riprova più tardi"), { responseCode: code });
        callback(error);
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        simpleParser(raw)
          .then((parsed) => {
            messages.push(Object.assign(parsed, { raw, envelopeTo: session.envelope.rcptTo.map((r) => r.address) }));
            callback();
          })
          .catch(callback);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    script,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
