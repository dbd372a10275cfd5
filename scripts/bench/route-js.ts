import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

/**
 * The JavaScript a route makes the browser download, measured from the Vite manifest of the
 * production build (build/.vite/client-manifest.json): the client entry, the root route and the
 * route module with everything they import statically ("initial"), plus what they import
 * dynamically ("total": the lazily loaded chart drawing). Sizes gzipped at level 9.
 */
interface ManifestChunk {
  file: string;
  imports?: string[];
  dynamicImports?: string[];
}

const CLIENT_ROUTE = "?__remix-build-client-route";

export interface RouteJs {
  initialKb: number;
  totalKb: number;
  files: number;
}

export function routeJavaScript(root: string, routeFile: string): RouteJs {
  const manifest = JSON.parse(readFileSync(join(root, "build", ".vite", "client-manifest.json"), "utf8")) as Record<string, ManifestChunk>;
  const key = (file: string) => (manifest[file + CLIENT_ROUTE] ? file + CLIENT_ROUTE : file);
  const gz = new Map<string, number>();
  const size = (k: string) => {
    let n = gz.get(k);
    if (n === undefined) {
      n = gzipSync(readFileSync(join(root, "build", "client", manifest[k]!.file)), { level: 9 }).length;
      gz.set(k, n);
    }
    return n;
  };
  const walk = (k: string, seen: Set<string>, dynamic: boolean) => {
    if (seen.has(k) || !manifest[k]) return;
    seen.add(k);
    for (const i of manifest[k].imports ?? []) walk(i, seen, dynamic);
    if (dynamic) for (const i of manifest[k].dynamicImports ?? []) walk(i, seen, dynamic);
  };
  const measure = (dynamic: boolean) => {
    const seen = new Set<string>();
    for (const k of ["app/entry.client.tsx", key("app/root.tsx"), key(routeFile)]) walk(k, seen, dynamic);
    if (!seen.has(key(routeFile))) throw new Error(`${routeFile} non è nel manifest della build`);
    return { bytes: [...seen].reduce((n, k) => n + size(k), 0), files: seen.size };
  };
  const initial = measure(false);
  const total = measure(true);
  return { initialKb: Math.round((initial.bytes / 1024) * 10) / 10, totalKb: Math.round((total.bytes / 1024) * 10) / 10, files: total.files };
}
