import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~db/client.server";
import { callSummaryJson } from "~/api/bandi-json.server";
import { bandiFilterSchema, catalogueFilters } from "~/api/bandi-query.server";
import { apiJson, listBody, paginationSchema, parseQuery } from "~/api/http.server";
import { searchCatalogue } from "~/data/calls-search.server";

const querySchema = paginationSchema.merge(bandiFilterSchema);

export async function loader({ request }: LoaderFunctionArgs) {
  const query = parseQuery(request, querySchema);
  const now = new Date();
  const entries = searchCatalogue(getDb(), catalogueFilters(query), now);
  const page = entries.slice((query.page - 1) * query.perPage, query.page * query.perPage);
  return apiJson(listBody(page.map((e) => callSummaryJson(e.call, now)), entries.length, query.page, query.perPage));
}
