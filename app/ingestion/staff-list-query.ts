import { z } from "zod";
import { REVIEW_STATES } from "~/domain/call";

/** Query of the curators' list of calls (page and CSV export share it). Bad values fall back to defaults. */
export const staffListSchema = z.object({
  q: z.string().trim().max(200).catch(""),
  stato: z.enum(REVIEW_STATES).optional().catch(undefined),
  fonte: z.string().trim().max(80).catch(""),
  ordine: z.enum(["scadenza", "titolo", "aggiornato"]).catch("scadenza"),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
