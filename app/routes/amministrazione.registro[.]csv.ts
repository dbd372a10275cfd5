import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~db/client.server";
import { queryOf, securityLogFilters, securityLogQuery } from "~/admin/queries.server";
import { recordExport } from "~/auth/accounts.server";
import { clientIp } from "~/auth/forms.server";
import { requireRole } from "~/auth/guards.server";
import { listSecurityLog, userRef } from "~/data/security-log.server";
import { csvResponse, toCsv } from "~/lib/spreadsheet-safe";

/** The security log with the page's filters, as CSV: one line per event, formula-safe cells. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, ["admin"]);
  const db = getDb();
  const query = securityLogQuery.parse(queryOf(request));
  const { items } = listSecurityLog(db, { ...securityLogFilters(query, 1_000_000), page: 1 });
  recordExport(db, { ref: userRef(user.id), ip: clientIp(context) }, `registro.csv righe:${items.length}`);
  return csvResponse("registro-sicurezza.csv", toCsv(["ora_utc", "azione", "autore", "oggetto", "indirizzo"], items.map((e) => [e.at, e.action, e.actor, e.target, e.ip])));
}
