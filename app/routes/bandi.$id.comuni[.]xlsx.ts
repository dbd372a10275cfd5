import type { LoaderFunctionArgs } from "@remix-run/node";
import { matchedComuniExport } from "~/api/matched-comuni-export.server";
import { requireStaff } from "~/auth/guards.server";

/** The comuni matched with a call as an Excel workbook (redazione only). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  return matchedComuniExport(request, params.id ?? "", "xlsx");
}
