import { buildOpenApi } from "~/api/openapi";
import { apiJson } from "~/api/http.server";
import { getEnv } from "~/env.server";

export async function loader() {
  return apiJson(buildOpenApi(getEnv().APP_URL));
}
