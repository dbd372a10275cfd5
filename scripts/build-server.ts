/**
 * Builds the production server (scripts/serve.ts and the app modules it imports: Express,
 * security headers, jobs, mail) into one ES module, build/serve/serve.js, run by plain Node.
 * Dependencies stay in node_modules. Running the sources through tsx in production cost ~80 MB
 * of memory for the loader and the transformed modules (docs/decisions/0074).
 *   npm run build   (remix vite:build, then this)
 */
import { join } from "node:path";
import { build } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";

const root = join(import.meta.dirname, "..");
await build({
  configFile: false,
  root,
  logLevel: "warn",
  publicDir: false,
  plugins: [tsconfigPaths()],
  build: {
    ssr: join(root, "scripts", "serve.ts"),
    outDir: join(root, "build", "serve"),
    emptyOutDir: true,
    target: "node20",
    sourcemap: true,
    minify: false,
    rollupOptions: { output: { format: "esm", entryFileNames: "serve.js" } },
  },
});
console.log("server di produzione: build/serve/serve.js");
