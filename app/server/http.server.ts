import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import type { PageCache } from "./page-cache.server";
import { noStoreWhenLoggedIn, originCheck, securityHeaders } from "./security.server";

export interface HttpOptions {
  mode: "production" | "development";
  root: string;
  appUrl: string;
  trustProxy: number;
  /** Rendered pages kept for anonymous visitors (production only; docs/decisions/0074). */
  pageCache?: PageCache | null;
}

declare module "@remix-run/node" {
  interface AppLoadContext {
    cspNonce: string;
    /** The client address as Express sees it (X-Forwarded-For only behind TRUST_PROXY). */
    clientIp: string | null;
  }
}

/** The Express app around Remix: security headers, CSRF origin check, static assets. */
export async function createHttpApp(options: HttpOptions): Promise<express.Express> {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", options.trustProxy > 0 ? options.trustProxy : false);
  if (options.trustProxy === 0) {
    // No proxy is trusted: a client's X-Forwarded-Host means nothing (absolute URLs come from
    // APP_URL, SECURITY.md 9), and Remix would abort a form POST carrying a forged one with a 500.
    app.use((req, _res, next) => {
      delete req.headers["x-forwarded-host"];
      next();
    });
  }
  app.use(compression());
  app.use(securityHeaders({ production: options.mode === "production" }));
  app.use(originCheck(options.appUrl));
  // Before the static files: a cached page costs no file-system lookup (its paths are no files).
  if (options.pageCache && options.mode === "production") app.use(options.pageCache.middleware);

  let build: ServerBuild | (() => Promise<ServerBuild>);
  if (options.mode === "development") {
    const vite = await import("vite");
    const devServer = await vite.createServer({ root: options.root, server: { middlewareMode: true } });
    app.use(devServer.middlewares);
    build = () => devServer.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
  } else {
    const clientDir = join(options.root, "build", "client");
    app.use("/assets", express.static(join(clientDir, "assets"), { immutable: true, maxAge: "1y", index: false }));
    app.use(express.static(clientDir, { maxAge: "1h", index: false }));
    build = (await import(pathToFileURL(join(options.root, "build", "server", "index.js")).href)) as ServerBuild;
  }

  app.use(noStoreWhenLoggedIn(["__Host-cruscotto_session", "cruscotto_session"]));
  app.all(
    "*",
    createRequestHandler({
      build,
      mode: options.mode,
      getLoadContext: (req, res) => ({ cspNonce: String(res.locals.cspNonce ?? ""), clientIp: req.ip ?? null }),
    }),
  );
  return app;
}
