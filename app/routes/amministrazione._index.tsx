import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "~db/client.server";
import { requireRole } from "~/auth/guards.server";
import { AdminNav } from "~/components/admin";
import { countOutboxByStatus } from "~/data/outbox.server";
import { listUsers } from "~/data/users.server";
import { formatInteger } from "~/domain/format";

export const meta: MetaFunction = () => [{ title: "Amministrazione — Cruscotto digitale" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["admin"]);
  const db = getDb();
  const count = (status?: "attivo" | "invitato" | "disattivato") => listUsers(db, { status, page: 1, perPage: 1 }).total;
  return {
    users: { total: count(), active: count("attivo"), invited: count("invitato"), disabled: count("disattivato") },
    outbox: countOutboxByStatus(db),
  };
}

export default function AdminHome() {
  const { users, outbox } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Amministrazione</h1>
      <AdminNav />
      <div className="row">
        <div className="col-12 col-md-6 mb-3">
          <div className="card card-bg h-100">
            <div className="card-body">
              <h2 className="h4">Utenti</h2>
              <p className="cd-figure mb-1">{formatInteger(users.total)}</p>
              <p className="card-text">
                {formatInteger(users.active)} attivi, {formatInteger(users.invited)} invitati, {formatInteger(users.disabled)} disattivati.
              </p>
              <Link to="/amministrazione/utenti">Gestisci gli utenti</Link>
            </div>
          </div>
        </div>
        <div className="col-12 col-md-6 mb-3">
          <div className="card card-bg h-100">
            <div className="card-body">
              <h2 className="h4">Posta in uscita</h2>
              <p className="cd-figure mb-1">{formatInteger(outbox["in-attesa"] + outbox["in-invio"])}</p>
              <p className="card-text">
                messaggi in coda; {formatInteger(outbox.fallito)} non recapitati, {formatInteger(outbox.soppresso)} verso indirizzi soppressi.
              </p>
              <Link to="/amministrazione/posta">Vedi la posta in uscita</Link>
            </div>
          </div>
        </div>
      </div>
    </>
  );
}
