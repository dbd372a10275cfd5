import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~db/client.server";
import { apiError, apiJson } from "~/api/http.server";
import { comuneDetailJson } from "~/api/comuni-json.server";
import { getComune } from "~/data/comuni.server";
import { comuneProfileSections } from "~/data/profiles.server";
import { isIstatCode } from "~/domain/territory";

export async function loader({ params }: LoaderFunctionArgs) {
  const istat = params.istat ?? "";
  if (!isIstatCode(istat)) return apiError(400, "parametro-non-valido", `Codice ISTAT "${istat}" non valido: servono 6 cifre.`);
  const db = getDb();
  const comune = getComune(db, istat);
  if (!comune) return apiError(404, "non-trovato", `Nessun comune con codice ISTAT ${istat}.`);
  return apiJson(comuneDetailJson(comune, comuneProfileSections(db, istat)));
}
