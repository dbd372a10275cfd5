import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/auth/guards.server";
import { templateCsv } from "~/ingestion/template-export.server";

/** The curators' CSV template (Italian headers, one example row), for `csv-template`. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  return new Response(templateCsv(), {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": 'attachment; filename="modello-bandi.csv"', "Cache-Control": "no-store" },
  });
}
