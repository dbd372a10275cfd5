import type { LoaderFunctionArgs } from "@remix-run/node";
import { opportunitiesExport } from "~/api/opportunities-export.server";

/** The comune's ranked opportunities as an Excel workbook (public, like the dashboard; formula-safe cells). */
export async function loader({ params }: LoaderFunctionArgs) {
  return opportunitiesExport(params.istat ?? "", "xlsx");
}
