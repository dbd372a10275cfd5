import { z } from "zod";
import type { Db } from "~db/client.server";
import { ROLES } from "~db/schema";
import { resolveComuniInput } from "~/data/users.server";

/** Role and comuni as typed in the admin forms. */
export const roleFields = {
  role: z.enum(ROLES, { errorMap: () => ({ message: "Scegli un ruolo" }) }),
  comuni: z.string().max(5000).default(""),
};

/** Resolves the comuni field; unknown entries become a field error. */
export function comuniFromForm(db: Db, text: string): { istat: string[] } | { error: string } {
  const { istat, unknown } = resolveComuniInput(db, text);
  if (unknown.length > 0) return { error: `Comuni non riconosciuti: ${unknown.join(", ")}. Usa il codice ISTAT o il nome esatto.` };
  return { istat };
}
