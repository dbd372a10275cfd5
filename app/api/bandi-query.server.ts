import { z } from "zod";
import { CALL_STATUSES } from "~/domain/call";
import { SIZE_CLUSTERS } from "~/domain/clusters";
import { THEME_KEYS } from "~/domain/taxonomy";
import { parseRomeDateTime } from "~/domain/time";
import type { CatalogueFilters } from "~/data/calls-search.server";

/** The filters of `GET /api/v1/bandi` (and of the CSV export), as API.md names them. */
export const bandiFilterSchema = z.object({
  q: z.string().max(200, "massimo 200 caratteri").optional(),
  tema: z
    .string()
    .transform((s) => s.split(",").map((t) => t.trim()).filter(Boolean))
    .refine((list) => list.every((t) => (THEME_KEYS as readonly string[]).includes(t)), { message: `temi ammessi: ${THEME_KEYS.join(", ")}` })
    .optional(),
  ente: z.string().max(200, "massimo 200 caratteri").optional(),
  stato: z.enum(CALL_STATUSES, { errorMap: () => ({ message: `ammessi ${CALL_STATUSES.join(", ")}` }) }).optional(),
  fascia: z.enum(SIZE_CLUSTERS, { errorMap: () => ({ message: "piccolo, medio o grande" }) }).optional(),
  provincia: z.string().regex(/^[A-Za-z]{2}$/, "sigla di due lettere").transform((s) => s.toUpperCase()).optional(),
  scadenzaEntro: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "data AAAA-MM-GG")
    .refine((d) => parseRomeDateTime(d, "end") !== null, { message: "data inesistente" })
    .optional(),
});

export type BandiFilterQuery = z.infer<typeof bandiFilterSchema>;

export function catalogueFilters(query: BandiFilterQuery): CatalogueFilters {
  return {
    q: query.q,
    temi: query.tema,
    ente: query.ente,
    stato: query.stato,
    fascia: query.fascia,
    provincia: query.provincia,
    scadenzaEntroIso: query.scadenzaEntro ? parseRomeDateTime(query.scadenzaEntro, "end")!.toISOString() : undefined,
  };
}
