import { inviteUser } from "~/auth/accounts.server";
import { makeUser } from "../../setup/accounts";
import { callFor, ingestCalls, MATRIX_FONTE, rawCall, scheduledSourceFor } from "./calls";
import { COMUNE_ACCESS, EVERYONE, LOGGED_IN, STAFF, type Actor, type MatrixContext } from "./context";
import { unsubscribeToken } from "~/alerts/tokens.server";
import { aggregationFor, guestSubscriptionFor, programmeItemFor, publishedCallFor, subscriptionFor } from "./mutating-routes";

/**
 * THE TABLE OF EVERY PAGE AND RESOURCE ROUTE THAT ANSWERS A GET (every route module with a
 * loader or a page). The runner (route-matrix.test.ts) requests each as each actor, as a document
 * and as a single-fetch `.data` request, and checks: the status (who may read it); the security
 * headers and the CSP nonce on every HTML page; `Cache-Control: no-store` for a logged-in user;
 * and that the GET changed nothing in the database (SECURITY.md 7); each document is also
 * requested with HEAD (same status, no body, no change). A test fails when a route with
 * a loader or a page has no row here.
 */
export interface PageRoute {
  route: string;
  path: (ctx: MatrixContext) => string;
  /** Who may read it; anonymous visitors of a protected page are sent to /accedi, others get 403. */
  allowed: Actor[];
  /** What a permitted reader gets, when not 200 (e.g. a redirect, a 404 page). */
  status?: number;
  /** Per-actor exceptions to `status` (e.g. /accedi sends logged-in users on with 302). */
  statusFor?: Partial<Record<Actor, number>>;
  /** Not a Remix page (resource route: CSV, JSON): no `.data` variant, no HTML checks. */
  resource?: boolean;
  prepare?: (ctx: MatrixContext) => Promise<Record<string, unknown>> | Record<string, unknown>;
}

export const PAGES: PageRoute[] = [
  { route: "_index", path: () => "/", allowed: EVERYONE },
  { route: "comuni._index", path: () => "/comuni", allowed: EVERYONE },
  { route: "comuni.$istat._index", path: (ctx) => `/comuni/${ctx.comune}`, allowed: EVERYONE },
  { route: "dichiarazione-accessibilita", path: () => "/dichiarazione-accessibilita", allowed: EVERYONE },
  { route: "note-legali", path: () => "/note-legali", allowed: EVERYONE },
  { route: "$", path: () => "/pagina-inesistente", allowed: EVERYONE, status: 404 },
  { route: "healthz", path: () => "/healthz", allowed: EVERYONE, resource: true },
  { route: "api.$", path: () => "/api/v1/inesistente", allowed: EVERYONE, resource: true, status: 404 },
  { route: "api.v1.comuni._index", path: () => "/api/v1/comuni?perPage=2", allowed: EVERYONE, resource: true },
  { route: "api.v1.comuni.$istat._index", path: (ctx) => `/api/v1/comuni/${ctx.comune}`, allowed: EVERYONE, resource: true },
  { route: "api.v1.bandi._index", path: () => "/api/v1/bandi?perPage=2", allowed: EVERYONE, resource: true },
  { route: "api.v1.bandi[.]csv", path: () => "/api/v1/bandi.csv", allowed: EVERYONE, resource: true },
  {
    route: "api.v1.bandi.$id",
    path: (ctx) => `/api/v1/bandi/${MATRIX_FONTE}:${ctx.unique}-a`,
    allowed: EVERYONE,
    resource: true,
    prepare: (ctx) => callFor(ctx, { publish: true }),
  },
  { route: "api.v1.openapi[.]json", path: () => "/api/v1/openapi.json", allowed: EVERYONE, resource: true },

  // Comune profiles: editors for the comune's RTDs and staff; aggregations public, edited by staff.
  { route: "comuni.$istat.maturita", path: (ctx) => `/comuni/${ctx.comune}/maturita`, allowed: COMUNE_ACCESS },
  { route: "comuni.$istat.programmazione.nuova", path: (ctx) => `/comuni/${ctx.comune}/programmazione/nuova`, allowed: COMUNE_ACCESS },
  {
    route: "comuni.$istat.programmazione.$id",
    path: (ctx) => `/comuni/${ctx.comune}/programmazione/${String(ctx.fixture.itemId)}`,
    allowed: COMUNE_ACCESS,
    prepare: (ctx) => ({ itemId: programmeItemFor(ctx) }),
  },
  { route: "aggregazioni._index", path: () => "/aggregazioni", allowed: EVERYONE },
  { route: "aggregazioni[.]csv", path: () => "/aggregazioni.csv", allowed: EVERYONE, resource: true },
  { route: "aggregazioni.nuova", path: () => "/aggregazioni/nuova", allowed: STAFF },
  {
    route: "aggregazioni.$id._index",
    path: (ctx) => `/aggregazioni/${String(ctx.fixture.aggregationId)}`,
    allowed: EVERYONE,
    prepare: (ctx) => ({ aggregationId: aggregationFor(ctx) }),
  },
  {
    route: "aggregazioni.$id.modifica",
    path: (ctx) => `/aggregazioni/${String(ctx.fixture.aggregationId)}/modifica`,
    allowed: STAFF,
    prepare: (ctx) => ({ aggregationId: aggregationFor(ctx) }),
  },

  // Login and e-mailed links: public. Logged-in users are sent on from /accedi.
  { route: "accedi", path: () => "/accedi", allowed: EVERYONE, statusFor: { rtdAltro: 302, rtdComune: 302, redazione: 302, admin: 302 } },
  { route: "accedi_.verifica", path: () => "/accedi/verifica", allowed: EVERYONE, status: 302 },
  { route: "esci", path: () => "/esci", allowed: EVERYONE, status: 302 },
  { route: "password-dimenticata", path: () => "/password-dimenticata", allowed: EVERYONE },
  { route: "reimposta-password.$token", path: () => "/reimposta-password/non-valido", allowed: EVERYONE },
  {
    route: "invito.$token",
    path: (ctx) => `/invito/${String(ctx.fixture.token)}`,
    allowed: EVERYONE,
    prepare: (ctx) => ({
      token: inviteUser(ctx.db, { email: `pagina-${ctx.unique}@example.org`, role: "lettore", comuni: [], sendEmail: false }, { ref: "test" }).link.split("/").at(-1),
    }),
  },
  { route: "conferma-email.$token", path: () => "/conferma-email/non-valido", allowed: EVERYONE },

  // One's own account.
  { route: "account._index", path: () => "/account", allowed: LOGGED_IN },
  { route: "account.password", path: () => "/account/password", allowed: LOGGED_IN },
  { route: "account.email", path: () => "/account/email", allowed: LOGGED_IN },
  { route: "account.verifica-due-passaggi", path: () => "/account/verifica-due-passaggi", allowed: ["redazione", "admin"] },
  { route: "account.dati", path: () => "/account/dati", allowed: LOGGED_IN },
  { route: "account.dati[.]json", path: () => "/account/dati.json", allowed: LOGGED_IN, resource: true },

  // Administration.
  { route: "amministrazione._index", path: () => "/amministrazione", allowed: ["admin"] },
  { route: "amministrazione.utenti._index", path: () => "/amministrazione/utenti?q=example", allowed: ["admin"] },
  { route: "amministrazione.utenti[.]csv", path: () => "/amministrazione/utenti.csv", allowed: ["admin"], resource: true },
  { route: "amministrazione.utenti.nuovo", path: () => "/amministrazione/utenti/nuovo", allowed: ["admin"] },
  {
    route: "amministrazione.utenti.$id",
    path: (ctx) => `/amministrazione/utenti/${String(ctx.fixture.targetId)}`,
    allowed: ["admin"],
    prepare: async (ctx) => ({ targetId: (await makeUser(ctx.db, { role: "rtd", comuni: [ctx.comune] })).id }),
  },
  { route: "amministrazione.registro._index", path: () => "/amministrazione/registro?azione=login", allowed: ["admin"] },
  { route: "amministrazione.registro[.]csv", path: () => "/amministrazione/registro.csv", allowed: ["admin"], resource: true },
  { route: "amministrazione.posta", path: () => "/amministrazione/posta", allowed: ["admin"] },

  // The curators' area: staff only.
  { route: "redazione._index", path: () => "/redazione", allowed: STAFF },
  { route: "redazione.revisione", path: () => "/redazione/revisione", allowed: STAFF, prepare: (ctx) => callFor(ctx) },
  { route: "redazione.bandi._index", path: () => "/redazione/bandi?q=digitalizzazione&stato=da-revisionare", allowed: STAFF, prepare: (ctx) => callFor(ctx) },
  { route: "redazione.bandi[.]csv", path: () => "/redazione/bandi.csv", allowed: STAFF, resource: true, prepare: (ctx) => callFor(ctx) },
  {
    route: "redazione.bandi.$id._index",
    path: (ctx) => `/redazione/bandi/${String(ctx.fixture.callId)}`,
    allowed: STAFF,
    prepare: (ctx) => callFor(ctx),
  },
  {
    route: "redazione.bandi.$id.modifica",
    path: (ctx) => `/redazione/bandi/${String(ctx.fixture.callId)}/modifica`,
    allowed: STAFF,
    prepare: (ctx) => callFor(ctx),
  },
  { route: "redazione.carica", path: () => "/redazione/carica", allowed: STAFF },
  { route: "redazione.esecuzioni._index", path: () => "/redazione/esecuzioni", allowed: STAFF },
  {
    route: "redazione.esecuzioni.$id",
    path: (ctx) => `/redazione/esecuzioni/${String(ctx.fixture.runId)}`,
    allowed: STAFF,
    prepare: (ctx) => ({ runId: ingestCalls(ctx, [rawCall(ctx, "a")]).runId }),
  },
  { route: "redazione.fonti._index", path: () => "/redazione/fonti", allowed: STAFF },
  { route: "redazione.fonti.$id", path: (ctx) => `/redazione/fonti/${String(ctx.fixture.sourceId)}`, allowed: STAFF, prepare: scheduledSourceFor },
  { route: "redazione.registro", path: () => "/redazione/registro?chi=redazione", allowed: STAFF },
  { route: "redazione.temi", path: () => "/redazione/temi", allowed: STAFF },
  { route: "redazione.modello[.]csv", path: () => "/redazione/modello.csv", allowed: STAFF, resource: true },
  { route: "redazione.modello[.]xlsx", path: () => "/redazione/modello.xlsx", allowed: STAFF, resource: true },
  // Matching (docs/decisions/0060): the public opportunities, the comune's dismissals, the scoring configuration.
  { route: "api.v1.comuni.$istat.opportunita", path: (ctx) => `/api/v1/comuni/${ctx.comune}/opportunita?tutti=1`, allowed: EVERYONE, resource: true },
  { route: "comuni.$istat.segnalazioni", path: (ctx) => `/comuni/${ctx.comune}/segnalazioni`, allowed: COMUNE_ACCESS },
  { route: "amministrazione.punteggio", path: () => "/amministrazione/punteggio", allowed: ["admin"] },
  // Dashboards (issue 6): catalogue, call page, exports public; tracking for the comune; overview for staff.
  { route: "bandi._index", path: () => "/bandi?q=clod&stato=aperto&tema=cloud", allowed: EVERYONE },
  { route: "bandi[.]csv", path: () => "/bandi.csv?q=cloud", allowed: EVERYONE, resource: true },
  { route: "bandi[.]xlsx", path: () => "/bandi.xlsx?stato=aperto", allowed: EVERYONE, resource: true },
  {
    route: "bandi.$id._index",
    path: (ctx) => `/bandi/${String(ctx.fixture.publicId)}?comune=Bergamo`,
    allowed: EVERYONE,
    prepare: (ctx) => ({ publicId: publishedCallFor(ctx).publicId }),
  },
  { route: "comuni.$istat.candidature", path: (ctx) => `/comuni/${ctx.comune}/candidature`, allowed: COMUNE_ACCESS },
  { route: "comuni.$istat.opportunita[.]csv", path: (ctx) => `/comuni/${ctx.comune}/opportunita.csv`, allowed: EVERYONE, resource: true },
  { route: "comuni.$istat.opportunita[.]xlsx", path: (ctx) => `/comuni/${ctx.comune}/opportunita.xlsx`, allowed: EVERYONE, resource: true },
  { route: "panoramica", path: () => "/panoramica", allowed: STAFF },
  { route: "panoramica_.comuni-senza-opportunita[.]csv", path: () => "/panoramica/comuni-senza-opportunita.csv", allowed: STAFF, resource: true },
  {
    route: "bandi.$id.comuni",
    path: (ctx) => `/bandi/${String(ctx.fixture.publicId)}/comuni?fascia=grande&ordina=importo`,
    allowed: STAFF,
    prepare: (ctx) => ({ publicId: publishedCallFor(ctx).publicId }),
  },
  {
    route: "bandi.$id.comuni[.]csv",
    path: (ctx) => `/bandi/${String(ctx.fixture.publicId)}/comuni.csv`,
    allowed: STAFF,
    resource: true,
    prepare: (ctx) => ({ publicId: publishedCallFor(ctx).publicId }),
  },
  {
    route: "bandi.$id.comuni[.]xlsx",
    path: (ctx) => `/bandi/${String(ctx.fixture.publicId)}/comuni.xlsx`,
    allowed: STAFF,
    resource: true,
    prepare: (ctx) => ({ publicId: publishedCallFor(ctx).publicId }),
  },
  // Alerts (issue 7): one's own subscriptions and notifications; the public subscription form and e-mailed links.
  { route: "account.avvisi._index", path: () => "/account/avvisi", allowed: LOGGED_IN },
  {
    route: "account.avvisi.$id",
    path: (ctx) => `/account/avvisi/${String(ctx.fixture.subscriptionId)}`,
    allowed: LOGGED_IN,
    prepare: (ctx) => ({ subscriptionId: subscriptionFor(ctx) }),
  },
  { route: "notifiche", path: () => "/notifiche", allowed: LOGGED_IN },
  { route: "avvisi.iscrizione", path: (ctx) => `/avvisi/iscrizione?comune=${ctx.comune}`, allowed: EVERYONE },
  { route: "avvisi.conferma.$token", path: () => "/avvisi/conferma/non-valido", allowed: EVERYONE },
  {
    route: "avvisi.disiscrizione.$token",
    path: (ctx) => `/avvisi/disiscrizione/${String(ctx.fixture.token)}`,
    allowed: EVERYONE,
    prepare: (ctx) => ({ token: unsubscribeToken([guestSubscriptionFor(ctx)], ctx.db) }),
  },
  { route: "comuni.$istat.scadenze[.]ics", path: (ctx) => `/comuni/${ctx.comune}/scadenze.ics`, allowed: EVERYONE, resource: true },
  { route: "comuni.$istat.feed[.]atom", path: (ctx) => `/comuni/${ctx.comune}/feed.atom`, allowed: EVERYONE, resource: true },
];
