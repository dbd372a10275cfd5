import type { AppLoadContext } from "@remix-run/node";
import { data } from "@remix-run/node";
import { z } from "zod";
import { PASSWORD_MAX } from "./password.server";
import { AccountError } from "./accounts.server";
import { requireUser } from "./guards.server";
import type { SessionUser } from "./session.server";

/** The client address Express saw (X-Forwarded-For only behind TRUST_PROXY). */
export function clientIp(context: AppLoadContext | undefined): string | null {
  return context?.clientIp ?? null;
}

export interface FormResult {
  ok?: string;
  error?: string;
  fieldErrors?: Record<string, string>;
}

/**
 * Parses form data with a zod schema. Fields the schema does not name (`role`, `comuneId`, …)
 * are dropped, never passed on (SECURITY.md 8, ASVS 15.3.3).
 */
export function parseForm<S extends z.ZodTypeAny>(form: FormData, schema: S): { data: z.infer<S> } | { errors: Record<string, string> } {
  const raw: Record<string, unknown> = {};
  for (const [key, value] of form) {
    if (typeof value !== "string") continue;
    const current = raw[key];
    raw[key] = current === undefined ? value : Array.isArray(current) ? [...current, value] : [current, value];
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { data: parsed.data };
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const key = String(issue.path[0] ?? "form");
    errors[key] ??= issue.message;
  }
  return { errors };
}

/** A 400 with the field errors, for the page to show next to each field. */
export function invalid(fieldErrors: Record<string, string>, error = "Controlla i campi segnalati.") {
  return data<FormResult>({ error, fieldErrors }, { status: 400 });
}

/** Turns an AccountError into a 400 with its Italian message; anything else is rethrown. */
export function accountFailure(error: unknown) {
  if (error instanceof AccountError) {
    return data<FormResult>({ error: error.message, fieldErrors: error.field ? { [error.field]: error.message } : undefined }, { status: 400 });
  }
  throw error;
}

/** The current password, asked before a change to one's own account. */
export const currentPasswordField = z.string().min(1, "Inserisci la password attuale").max(PASSWORD_MAX * 4);

/**
 * The action of a form on the signed-in user's own account: requires a session, parses the form
 * with `schema` (400 with the field errors) and runs `change`; its AccountError becomes a 400 with
 * its message, anything else it throws (a redirect) goes through.
 */
export async function ownAccountAction<S extends z.ZodTypeAny, R>(request: Request, schema: S, change: (user: SessionUser["user"], data: z.infer<S>) => Promise<R>) {
  const { user } = await requireUser(request);
  const parsed = parseForm(await request.formData(), schema);
  if ("errors" in parsed) return invalid(parsed.errors);
  try {
    return await change(user, parsed.data);
  } catch (error) {
    return accountFailure(error);
  }
}

/** A new password typed twice (invitation, reset); length rules are checked by the workflow. */
export const newPasswordSchema = z
  .object({
    password: z.string().max(PASSWORD_MAX * 4),
    confirm: z.string().max(PASSWORD_MAX * 4),
  })
  .refine((v) => v.password === v.confirm, { message: "Le due password non coincidono.", path: ["confirm"] });
