import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import bootstrapItalia from "bootstrap-italia/dist/css/bootstrap-italia.min.css?url";
import fonts from "./styles/fonts.css?url";
import appStyles from "./styles/app.css?url";
import dashboardStyles from "./styles/dashboards.css?url";
import { PageShell } from "./components/layout";
import { getOptionalUser } from "./auth/guards.server";
import { unreadNotificationCount } from "./data/alerts.server";
import { getDb } from "~db/client.server";
import { useNonce } from "./utils/nonce-provider";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: fonts },
  { rel: "stylesheet", href: bootstrapItalia },
  { rel: "stylesheet", href: appStyles },
  { rel: "stylesheet", href: dashboardStyles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [
  { title: "Cruscotto digitale — ANCI Lombardia" },
  { name: "description", content: "Le opportunità di finanziamento per la transizione digitale dei comuni lombardi." },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const current = await getOptionalUser(request);
  // The unread count of the notification centre (issue 7, point 6): one indexed count per page.
  return {
    user: current ? { email: current.user.email, role: current.user.role, unread: unreadNotificationCount(getDb(), current.user.id) } : null,
  };
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  const data = useRouteLoaderData<typeof loader>("root");
  return (
    <html lang="it">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <PageShell user={data?.user ?? null}>{children}</PageShell>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

/** Generic Italian messages; never a stack trace (SECURITY.md 13). */
export function ErrorBoundary() {
  const error = useRouteError();
  let title = "Si è verificato un errore";
  let message = "Non è stato possibile completare la richiesta. Riprova più tardi.";
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) {
      title = "Pagina non trovata";
      message = "La pagina richiesta non esiste o è stata spostata.";
    } else if (error.status === 403) {
      title = "Accesso non consentito";
      message = "Non hai i permessi per vedere questa pagina.";
    } else if (error.status === 401) {
      title = "Accesso richiesto";
      message = "Per continuare accedi con il tuo account.";
    } else if (error.status === 400) {
      title = "Richiesta non valida";
      message = typeof error.data === "string" && error.data.length < 200 ? error.data : message;
    }
  }
  return (
    <div className="row">
      <div className="col-12 col-lg-8">
        <h1>{title}</h1>
        <p>{message}</p>
        <p>
          <a href="/">Torna alla pagina iniziale</a>
        </p>
      </div>
    </div>
  );
}
