import { createServer, type Server } from "node:http";

export interface FixtureRoute {
  status?: number;
  type?: string;
  body: string | Uint8Array;
  /** Wait this long before answering (a slow server). */
  delayMs?: number;
  /** Send no Content-Length (chunked), to test limits while reading. */
  chunked?: boolean;
}

/** A small HTTP server on loopback serving fixtures by path; routes can change during a test. */
export async function startFixtureServer(routes: Record<string, FixtureRoute>): Promise<{ url: string; routes: Record<string, FixtureRoute>; hits: string[]; close: () => Promise<void> }> {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0]!;
    hits.push(path);
    const route = routes[path];
    if (!route) {
      res.writeHead(404, { "Content-Type": "text/plain" }).end("non trovato");
      return;
    }
    const send = () => {
      const body = typeof route.body === "string" ? Buffer.from(route.body) : Buffer.from(route.body);
      const headers: Record<string, string> = { "Content-Type": route.type ?? "application/octet-stream" };
      if (!route.chunked) headers["Content-Length"] = String(body.length);
      res.writeHead(route.status ?? 200, headers);
      if (route.chunked) {
        for (let i = 0; i < body.length; i += 16 * 1024) res.write(body.subarray(i, i + 16 * 1024));
        res.end();
      } else res.end(body);
    };
    if (route.delayMs) setTimeout(send, route.delayMs).unref();
    else send();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    routes,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
