/**
 * A mail worker that dies at the worst moment (issue 7, point 2): it hands the due messages to
 * the real SMTP transport and, as soon as the server has answered 250 for the first one, kills
 * its own process with SIGKILL — before the outbox row is marked sent. Run by
 * tests/integration/alerts-delivery.test.ts as a child process:
 *   tsx tests/setup/crash-after-send.ts <database file> <smtp url>
 */
import { openDatabase } from "~db/client.server";
import { deliverDueMail } from "~/jobs/mail.server";
import { smtpTransport, type MailTransport } from "~/mail/transport.server";

const [databasePath, smtpUrl] = process.argv.slice(2);
if (!databasePath || !smtpUrl) throw new Error("uso: crash-after-send.ts <database> <smtp url>");
const db = openDatabase(databasePath, { migrate: false });
const real = smtpTransport(smtpUrl);
const dying: MailTransport = {
  name: "muore dopo il 250",
  async send(mail) {
    await real.send(mail);
    process.kill(process.pid, "SIGKILL");
  },
  close: () => real.close(),
};
await deliverDueMail(db, dying, { from: '"Cruscotto" <noreply@example.org>' });
