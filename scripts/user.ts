/**
 * npm run user -- add --email <email> --role admin|redazione|rtd|lettore [--comune <istat>]… [--name <nome>] [--password <pw>]
 *   Creates a user (the first admin of a fresh install, or scripted users). Without --password it
 *   prints a single-use invitation link (valid 7 days) where the person sets a password.
 * npm run user -- invite --email <email>
 *   A new invitation link for an account that has not set a password yet.
 * npm run user -- reset-totp --email <email>
 *   Recovery of a lost authenticator: turns TOTP off for the account and ends its sessions.
 */
import { z } from "zod";
import { openDatabase, setDb, writeTransaction } from "~db/client.server";
import { defaultDatabasePath } from "~db/paths.server";
import { ensureSeeded } from "~db/seed/index.server";
import { ROLES } from "~db/schema";
import { AccountError, inviteUser, resendInvitation, resetTotp } from "~/auth/accounts.server";
import { hashPassword, passwordProblem } from "~/auth/password.server";
import { cliArgs } from "~/cli/args.server";
import { getComuniByIstat } from "~/data/comuni.server";
import { recordSecurityEvent, userRef } from "~/data/security-log.server";
import { findUserByEmail, insertUser } from "~/data/users.server";

const usage = [
  "Uso:",
  "  npm run user -- add --email <email> --role admin|redazione|rtd|lettore [--comune <istat>]... [--name <nome>] [--password <pw>]",
  "  npm run user -- invite --email <email>",
  "  npm run user -- reset-totp --email <email>",
].join("\n");
const command = process.argv[2];
process.argv.splice(2, 1);
const args = cliArgs(
  {
    email: { type: "string" },
    role: { type: "string" },
    comune: { type: "string", multiple: true },
    password: { type: "string" },
    name: { type: "string" },
  },
  usage,
);

if (command !== "add" && command !== "invite" && command !== "reset-totp") {
  console.error(usage);
  process.exit(2);
}

function fail(message: string, code = 1): never {
  console.error(message);
  process.exit(code);
}

const db = openDatabase(defaultDatabasePath());
setDb(db);
ensureSeeded(db);
const cli = { ref: "cli", ip: null };

try {
  if (command === "add") {
    const input = z
      .object({
        email: z.string().trim().email(),
        role: z.enum(ROLES),
        comune: z.array(z.string().regex(/^\d{6}$/)).default([]),
        password: z.string().optional(),
        name: z.string().max(120).optional(),
      })
      .safeParse(args);
    if (!input.success) {
      fail(`Parametri non validi: ${input.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}\n${usage}`, 2);
    }
    const { email, role, comune, password, name } = input.data;
    if (role === "rtd" && comune.length === 0) fail("Un utente rtd deve avere almeno un --comune <istat>.", 2);
    if (role !== "rtd" && comune.length > 0) fail("Solo gli utenti rtd hanno comuni (--comune).", 2);
    if (findUserByEmail(db, email)) fail(`Esiste già un utente con e-mail ${email}.`);
    const known = new Set(getComuniByIstat(db, comune).map((c) => c.istat));
    const unknown = comune.filter((c) => !known.has(c));
    if (unknown.length > 0) fail(`Comuni sconosciuti: ${unknown.join(", ")}`);
    const scope = comune.length ? `, comuni ${comune.join(", ")}` : "";

    if (password === undefined) {
      const { user, link } = inviteUser(db, { email, name, role, comuni: comune, sendEmail: false }, cli);
      console.log(`Utente invitato: ${user.email} (${role}${scope})`);
      console.log(`Collegamento per scegliere la password (valido 7 giorni, una sola volta):\n${link}`);
    } else {
      const problem = passwordProblem(password);
      if (problem) fail(problem, 2);
      const passwordHash = await hashPassword(password);
      const user = writeTransaction(db, (tx) => {
        const row = insertUser(tx, { email, name, role, comuni: comune, passwordHash });
        recordSecurityEvent(tx, { actor: "cli", action: "utente-creato", target: `${userRef(row.id)} ruolo:${role}` });
        return row;
      });
      console.log(`Utente creato: ${user.email} (${role}${scope})`);
    }
  } else {
    const email = z.string().trim().email().safeParse(args.email);
    if (!email.success) fail(`Indicare --email.\n${usage}`, 2);
    const user = findUserByEmail(db, email.data);
    if (!user) fail(`Nessun utente con e-mail ${email.data}.`);
    if (command === "invite") {
      const link = resendInvitation(db, user.id, cli, { sendEmail: false });
      console.log(`Nuovo collegamento per ${user.email} (valido 7 giorni, una sola volta; il precedente non vale più):\n${link}`);
    } else {
      resetTotp(db, cli, user.id);
      console.log(`Verifica in due passaggi disattivata per ${user.email}; le sue sessioni sono state chiuse.`);
    }
  }
} catch (error) {
  if (error instanceof AccountError) fail(error.message);
  throw error;
} finally {
  db.$client.close();
}
