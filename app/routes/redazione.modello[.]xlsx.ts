import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/auth/guards.server";
import { templateXlsx } from "~/ingestion/template-export.server";

/** The curators' Excel template (sheet "Bandi" plus instructions), for `xlsx-template`. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  return new Response(new Uint8Array(await templateXlsx()), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": 'attachment; filename="modello-bandi.xlsx"',
      "Cache-Control": "no-store",
    },
  });
}
