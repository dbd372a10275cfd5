/**
 * Serves the app: `npm start` (production build) or `npm run dev` (Vite dev server).
 * Migrates the database and loads the comuni on first start (API.md, "npm start").
 */
import { setFlagsFromString } from "node:v8";
import { getEnv } from "~/env.server";
import { MATCH_ALERT_SOURCES } from "~/alerts/matches.server";
import { startAlertsSchedule } from "~/jobs/alerts.server";
import { startMailWorker } from "~/jobs/mail.server";
import { describeMatchRun, startMatchWorker } from "~/jobs/match.server";
import { startRetentionSchedule } from "~/jobs/retention.server";
import { transportFromEnv } from "~/mail/transport.server";
import { createScheduler } from "~/jobs/scheduler.server";
import { dashboardPageCache } from "~/server/dashboard-cache.server";
import { createHttpApp } from "~/server/http.server";
import { prepareDatabase } from "~/server/startup.server";
import { getDb } from "~db/client.server";
import { defaultDatabasePath, projectRoot } from "~db/paths.server";

// The old generation grows to 1.5 times what survives a full collection instead of V8's default
// of up to 4 times: rendering a page leaves ~1 MB of garbage, and with the default heuristics the
// heap of a loaded server reached ~300 MB for ~60 MB of live objects (docs/decisions/0074).
setFlagsFromString(`--heap-growing-percent=${process.env.HEAP_GROWING_PERCENT ?? 50}`);

const dev = process.argv.includes("--dev");
if (dev) process.env.NODE_ENV = "development";
const env = getEnv();

const report = prepareDatabase();
console.log(
  `Database ${defaultDatabasePath()}: ${report.comuni > 0 ? `caricati ${report.comuni} comuni` : "comuni già presenti"}` +
    (report.interruptedRuns > 0 ? `, ${report.interruptedRuns} esecuzioni interrotte segnate come fallite` : ""),
);

// Background jobs in this process (app/jobs/): the mail worker and the daily retention pass.
const transport = transportFromEnv();
const mailWorker = startMailWorker(getDb(), transport);
const retention = startRetentionSchedule(getDb(), {
  onRun: (r) => {
    if (r.sessions + r.tokens + r.outbox + r.securityLog > 0) {
      console.log(`Pulizia dati: ${r.sessions} sessioni, ${r.tokens} token, ${r.outbox} e-mail, ${r.securityLog} eventi del registro`);
    }
  },
});
// The alerts job (issue 7): new matches, changes of tracked calls, deadline reminders, digests
// (ALERTS_JOB=off disables it).
const alerts =
  process.env.ALERTS_JOB === "off"
    ? null
    : startAlertsSchedule(getDb(), {
        ...MATCH_ALERT_SOURCES,
        onRun: (r) => {
          if (r.alerts + r.digests > 0) console.log(`Avvisi: ${r.alerts} decisi, ${r.messages} e-mail in coda, ${r.digests} riepiloghi`);
        },
      });
console.log(`Posta: ${transport.name}`);

const app = await createHttpApp({
  mode: dev ? "development" : "production",
  root: projectRoot(),
  appUrl: env.APP_URL,
  trustProxy: env.TRUST_PROXY,
  pageCache: env.PAGE_CACHE_MB > 0 ? dashboardPageCache(getDb(), env.PAGE_CACHE_MB * 1024 * 1024) : null,
});

const server = app.listen(env.PORT, () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : env.PORT;
  console.log(`Cruscotto digitale in ascolto su http://localhost:${port} (${dev ? "sviluppo" : "produzione"})`);
});

// Matching: the flagged calls and comuni are re-matched every few seconds, everything after a
// change of the scoring configuration and once a day (MATCH_WORKER=off disables it).
const matchWorker =
  process.env.MATCH_WORKER === "off"
    ? null
    : startMatchWorker(getDb(), {
        onRun: (summary) => console.log(describeMatchRun(summary)),
        onError: (error) => console.error(`abbinamento: ${error instanceof Error ? error.message : String(error)}`),
      });

// Configured sources are fetched on their schedule while the server runs (SCHEDULER=off disables it).
const scheduler = process.env.SCHEDULER === "off" ? null : createScheduler(getDb());
scheduler?.start(60_000);

function shutdown(signal: string) {
  console.log(`${signal}: chiusura in corso`);
  retention.stop();
  alerts?.stop();
  matchWorker?.stop();
  server.close(() => {
    void Promise.allSettled([mailWorker.stop(), scheduler?.stop()]).finally(() => process.exit(0));
  });
  setTimeout(() => process.exit(0), 5000).unref();
}
process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));
