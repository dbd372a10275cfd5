import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getDb } from "~db/client.server";
import { apiJson, listBody, paginationSchema, parseQuery } from "~/api/http.server";
import { comuneListItemJson } from "~/api/comuni-json.server";
import { listComuni } from "~/data/comuni.server";
import { SIZE_CLUSTERS } from "~/domain/clusters";

const querySchema = paginationSchema.extend({
  provincia: z.string().regex(/^[A-Za-z]{2}$/, "sigla di due lettere").transform((s) => s.toUpperCase()).optional(),
  fascia: z.enum(SIZE_CLUSTERS, { errorMap: () => ({ message: "piccolo, medio o grande" }) }).optional(),
  q: z.string().max(100, "massimo 100 caratteri").optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const query = parseQuery(request, querySchema);
  const { items, total } = listComuni(getDb(), query);
  return apiJson(listBody(items.map(comuneListItemJson), total, query.page, query.perPage));
}
