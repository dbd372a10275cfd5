import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~db/client.server";
import { callDetailJson } from "~/api/bandi-json.server";
import { apiError, apiJson } from "~/api/http.server";
import { resolveCall, sourcesOf } from "~/data/calls.server";

/** A published call by its id or any alias (`<fonte>:<idFonte>`), also after a merge. */
export async function loader({ params }: LoaderFunctionArgs) {
  const id = params.id ?? "";
  if (id.length === 0 || id.length > 300) return apiError(400, "parametro-non-valido", "Identificativo del bando non valido.");
  const db = getDb();
  const call = resolveCall(db, id);
  if (!call || call.reviewState !== "pubblicato" || call.mergedIntoId !== null) {
    return apiError(404, "non-trovato", `Nessun bando pubblicato con identificativo ${id}.`);
  }
  return apiJson(callDetailJson(call, sourcesOf(db, call.id), new Date()));
}
