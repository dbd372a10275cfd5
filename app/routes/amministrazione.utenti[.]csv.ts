import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~db/client.server";
import { queryOf, userFilters, userListQuery } from "~/admin/queries.server";
import { recordExport } from "~/auth/accounts.server";
import { clientIp } from "~/auth/forms.server";
import { requireRole } from "~/auth/guards.server";
import { userRef } from "~/data/security-log.server";
import { listUsers } from "~/data/users.server";
import { csvResponse, toCsv } from "~/lib/spreadsheet-safe";

/** The users list with the page's filters, as CSV (formula-safe cells); the export is logged. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, ["admin"]);
  const db = getDb();
  const query = userListQuery.parse(queryOf(request));
  const { items } = listUsers(db, { ...userFilters(query, 100_000), page: 1 });
  recordExport(db, { ref: userRef(user.id), ip: clientIp(context) }, `utenti.csv righe:${items.length}`);
  const rows = items.map((u) => [u.email, u.name, u.role, u.comuni.map((c) => c.istat).join(" "), u.comuni.map((c) => c.name).join(", "), u.status, u.createdAt, u.lastLoginAt, u.totp]);
  return csvResponse("utenti.csv", toCsv(["email", "nome", "ruolo", "comuni_istat", "comuni", "stato", "creato_il", "ultimo_accesso", "verifica_due_passaggi"], rows));
}
