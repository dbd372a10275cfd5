import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getDb } from "~db/client.server";
import { apiError, apiJson, parseQuery } from "~/api/http.server";
import { opportunitiesJson } from "~/api/opportunita.server";
import { getComune } from "~/data/comuni.server";
import { isIstatCode } from "~/domain/territory";

const querySchema = z.object({
  tutti: z.enum(["0", "1"], { errorMap: () => ({ message: "ammessi 0 o 1" }) }).default("0"),
});

/** The comune's opportunities (API.md): open calls, highest punteggio first; `tutti=1` adds the ineligible ones. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const istat = params.istat ?? "";
  if (!isIstatCode(istat)) return apiError(400, "parametro-non-valido", `Codice ISTAT "${istat}" non valido: servono 6 cifre.`);
  const query = parseQuery(request, querySchema);
  const db = getDb();
  const comune = getComune(db, istat);
  if (!comune) return apiError(404, "non-trovato", `Nessun comune con codice ISTAT ${istat}.`);
  return apiJson(opportunitiesJson(db, comune, { all: query.tutti === "1", now: new Date() }));
}
