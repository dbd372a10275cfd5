import type { ActionFunctionArgs } from "@remix-run/node";

/**
 * Calling loaders and actions as Remix calls them, in-process (no server): a request with the
 * session cookie of a named user and an optional urlencoded form (repeated keys for arrays).
 */

export type RouteArgs = ActionFunctionArgs;

export function routeArgs(
  cookies: Readonly<Record<string, string>>,
  path: string,
  params: Record<string, string>,
  init: { user?: string; form?: Record<string, string | string[]> } = {},
): RouteArgs {
  const headers = new Headers();
  if (init.user) headers.set("Cookie", cookies[init.user]!);
  let body: URLSearchParams | undefined;
  if (init.form) {
    body = new URLSearchParams();
    for (const [k, v] of Object.entries(init.form)) for (const value of [v].flat()) body.append(k, value);
    headers.set("Content-Type", "application/x-www-form-urlencoded");
  }
  return { request: new Request(`http://localhost${path}`, { method: init.form ? "POST" : "GET", headers, body }), params, context: {} } as unknown as RouteArgs;
}

export interface RouteResult {
  status: number;
  body: Record<string, unknown>;
  location: string | null;
}

/** Runs a loader or action: a thrown Response is returned; a `data()` result is unwrapped with its status. */
export async function runRoute(fn: (a: RouteArgs) => Promise<unknown>, a: RouteArgs): Promise<RouteResult> {
  try {
    const result = (await fn(a)) as { type?: string; data?: unknown; init?: { status?: number } } | Record<string, unknown>;
    if (result && (result as { type?: string }).type === "DataWithResponseInit") {
      const d = result as { data: Record<string, unknown>; init: { status?: number } | null };
      return { status: d.init?.status ?? 200, body: d.data, location: null };
    }
    return { status: 200, body: result as Record<string, unknown>, location: null };
  } catch (error) {
    if (error instanceof Response) return { status: error.status, body: {}, location: error.headers.get("Location") };
    throw error;
  }
}
