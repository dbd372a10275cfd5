import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { tempDir } from "./db";

const root = join(import.meta.dirname, "..", "..");

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      const port = typeof address === "object" && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** The production server as `npm run serve` runs it (scripts/build-server.ts). */
const SERVER_BUNDLE = join(root, "build", "serve", "serve.js");

export interface RunningServer {
  url: string;
  port: number;
  /** The server process (the benchmarks read its memory from /proc). */
  pid: number;
  databasePath: string;
  output: () => string;
  stop: () => Promise<void>;
}

/**
 * Starts the production build (`npm run build` must have run: `npm test` does it first) on a
 * free port with its own temporary database, as `npm start` would serve it. The matching worker
 * and the alerts job are off unless a test asks for them (`env: { MATCH_WORKER: "on" }`,
 * `env: { ALERTS_JOB: "on" }`): their background writes would otherwise race the tests that check
 * that a request changed nothing.
 */
export async function startServer(options: { env?: Record<string, string>; databasePath?: string } = {}): Promise<RunningServer> {
  if (!existsSync(join(root, "build", "server", "index.js")) || !existsSync(SERVER_BUNDLE)) {
    throw new Error("build assente: eseguire `npm run build` (npm test lo fa da sé)");
  }
  const port = await freePort();
  const dir = options.databasePath ? undefined : tempDir("cruscotto-server-");
  const databasePath = options.databasePath ?? join(dir!.path, "test.db");
  const url = `http://localhost:${port}`;
  const child: ChildProcess = spawn(process.execPath, ["--enable-source-maps", SERVER_BUNDLE], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      APP_URL: url,
      DATABASE_PATH: databasePath,
      MATCH_WORKER: "off",
      ALERTS_JOB: "off",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout?.on("data", (d: Buffer) => (log += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (log += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`il server non è partito in 60 s:\n${log}`)), 60_000);
    const check = setInterval(() => {
      if (log.includes("in ascolto su")) {
        clearInterval(check);
        clearTimeout(timer);
        resolve();
      }
    }, 50);
    child.once("exit", (code) => {
      clearInterval(check);
      clearTimeout(timer);
      reject(new Error(`il server è uscito con codice ${code}:\n${log}`));
    });
  });
  return {
    url,
    port,
    pid: child.pid!,
    databasePath,
    output: () => log,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await exited;
      }
      dir?.cleanup();
    },
  };
}
