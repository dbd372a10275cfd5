import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~db/client.server";
import { exportUserData, recordExport } from "~/auth/accounts.server";
import { clientIp } from "~/auth/forms.server";
import { requireUser } from "~/auth/guards.server";
import { userRef } from "~/data/security-log.server";

/** "Scarica i miei dati": everything kept about the person, as JSON (SECURITY.md 26). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireUser(request);
  const db = getDb();
  const body = exportUserData(db, user.id);
  recordExport(db, { ref: userRef(user.id), ip: clientIp(context) }, `${userRef(user.id)} dati-personali`);
  return new Response(JSON.stringify(body, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": 'attachment; filename="i-miei-dati-cruscotto.json"',
      "Cache-Control": "no-store",
    },
  });
}
