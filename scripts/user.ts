/**
 * npm run user -- add --email <email> --role admin|redazione|rtd|lettore [--comune <istat>]… [--password <pw>]
 * Creates a user (the first admin of a fresh install, or scripted users).
 */
import { z } from "zod";
import { openDatabase } from "~db/client.server";
import { defaultDatabasePath } from "~db/paths.server";
import { ensureSeeded } from "~db/seed/index.server";
import { ROLES } from "~db/schema";
import { hashPassword, passwordProblem } from "~/auth/password.server";
import { cliArgs } from "~/cli/args.server";
import { getComuniByIstat } from "~/data/comuni.server";
import { logSecurityEvent } from "~/data/security-log.server";
import { createUser, findUserByEmail } from "~/data/users.server";

const usage =
  "Uso: npm run user -- add --email <email> --role admin|redazione|rtd|lettore [--comune <istat>]... [--password <pw>]";
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

if (command !== "add") {
  console.error(usage);
  process.exit(2);
}
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
  console.error(`Parametri non validi: ${input.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}\n${usage}`);
  process.exit(2);
}
const { email, role, comune, password, name } = input.data;
if (role === "rtd" && comune.length === 0) {
  console.error("Un utente rtd deve avere almeno un --comune <istat>.");
  process.exit(2);
}

const db = openDatabase(defaultDatabasePath());
ensureSeeded(db);
if (findUserByEmail(db, email)) {
  console.error(`Esiste già un utente con e-mail ${email}.`);
  process.exit(1);
}
const known = new Set(getComuniByIstat(db, comune).map((c) => c.istat));
const unknown = comune.filter((c) => !known.has(c));
if (unknown.length > 0) {
  console.error(`Comuni sconosciuti: ${unknown.join(", ")}`);
  process.exit(1);
}
if (password === undefined) {
  console.error("Indicare --password (gli inviti via link arrivano con la gestione degli account).");
  process.exit(2);
}
const problem = passwordProblem(password);
if (problem) {
  console.error(problem);
  process.exit(2);
}
const user = createUser(db, { email, name, role, comuni: comune, passwordHash: await hashPassword(password) });
logSecurityEvent(db, { actor: "cli", action: "utente-creato", target: `utente:${user.id} ruolo:${role}` });
console.log(`Utente creato: ${user.email} (${role}${comune.length ? `, comuni ${comune.join(", ")}` : ""})`);
db.$client.close();
