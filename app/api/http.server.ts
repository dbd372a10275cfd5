import { z } from "zod";

/** Helpers for the public read API (API.md): JSON bodies, the error shape, query parsing. */

const JSON_HEADERS = {
  "Content-Type": "application/json; charset=utf-8",
  "Access-Control-Allow-Origin": "*",
} as const;

export function apiJson(data: unknown, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  return new Response(JSON.stringify(data), {
    status: init.status ?? 200,
    headers: { ...JSON_HEADERS, "Cache-Control": "public, max-age=60", ...init.headers },
  });
}

export type ApiErrorCode = "parametro-non-valido" | "non-trovato" | "metodo-non-consentito" | "errore-interno";

export function apiError(status: 400 | 404 | 405 | 500, codice: ApiErrorCode, messaggio: string): Response {
  return new Response(JSON.stringify({ errore: { codice, messaggio } }), {
    status,
    headers: { ...JSON_HEADERS, "Cache-Control": "no-store" },
  });
}

/**
 * Parses query parameters with a zod schema. Empty parameters (`?provincia=`) mean "no filter".
 * A bad parameter throws a 400 Response in the contract's shape, naming the parameter.
 */
export function parseQuery<S extends z.ZodTypeAny>(request: Request, schema: S): z.infer<S> {
  const url = new URL(request.url);
  const raw: Record<string, string> = {};
  for (const [key, value] of url.searchParams) if (value.trim() !== "") raw[key] = value.trim();
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = issue?.path.join(".") ?? "?";
    throw apiError(400, "parametro-non-valido", `Parametro "${name}" non valido: ${issue?.message ?? "valore non ammesso"}.`);
  }
  return parsed.data;
}

export const paginationSchema = z.object({
  page: z.coerce.number({ invalid_type_error: "deve essere un numero" }).int("deve essere un intero").min(1, "minimo 1").default(1),
  perPage: z.coerce
    .number({ invalid_type_error: "deve essere un numero" })
    .int("deve essere un intero")
    .min(1, "minimo 1")
    .max(500, "massimo 500")
    .default(50),
});

export function listBody<T>(items: T[], total: number, page: number, perPage: number) {
  return { items, total, page, perPage };
}
