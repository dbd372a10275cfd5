import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/auth/guards.server";
import { templateCsv } from "~/ingestion/template-export.server";
import { csvResponse } from "~/lib/spreadsheet-safe";

/** The curators' CSV template (Italian headers, one example row), for `csv-template`. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  return csvResponse("modello-bandi.csv", templateCsv());
}
