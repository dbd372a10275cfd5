import { apiError } from "~/api/http.server";

/** Any other /api/… path: 404 in the contract's error shape. */
export async function loader() {
  return apiError(404, "non-trovato", "Risorsa API inesistente.");
}

export async function action() {
  return apiError(405, "metodo-non-consentito", "L'API pubblica è di sola lettura.");
}
