import type { LoaderFunctionArgs } from "@remix-run/node";
import { catalogueExport } from "~/api/catalogue-export.server";

/** The catalogue's current result as an Excel workbook (formula-safe cells). */
export async function loader({ request }: LoaderFunctionArgs) {
  return catalogueExport(request, "xlsx");
}
