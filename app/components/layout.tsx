import { Form, NavLink } from "@remix-run/react";
import type { ReactNode } from "react";
import { STAFF_ROLES } from "~/auth/permissions";

export interface LayoutUser {
  email: string;
  role: string;
  /** Unread notifications (the notification centre's count in the header). */
  unread?: number;
}

/** Main navigation; `roles` limits an item to those roles (the routes check on their own). */
const NAV_ITEMS: { to: string; label: string; end?: boolean; roles?: readonly string[] }[] = [
  { to: "/", label: "Home", end: true },
  { to: "/bandi", label: "Bandi" },
  { to: "/comuni", label: "Comuni" },
  { to: "/aggregazioni", label: "Aggregazioni" },
  { to: "/panoramica", label: "Panoramica", roles: STAFF_ROLES },
  { to: "/redazione", label: "Redazione", roles: STAFF_ROLES },
  { to: "/amministrazione", label: "Amministrazione", roles: ["admin"] },
];

function visibleNavItems(user: LayoutUser | null) {
  return NAV_ITEMS.filter((item) => !item.roles || (!!user && item.roles.includes(user.role)));
}

export function SiteHeader({ user }: { user: LayoutUser | null }) {
  return (
    <header className="it-header-wrapper">
      <div className="it-header-slim-wrapper">
        <div className="container">
          <div className="row">
            <div className="col-12">
              <div className="it-header-slim-wrapper-content">
                <a className="d-lg-block navbar-brand" href="https://www.anci.lombardia.it" rel="noopener">
                  ANCI Lombardia
                </a>
                <div className="it-header-slim-right-zone">
                  {user ? (
                    <Form method="post" action="/esci" className="d-flex align-items-center gap-2">
                      <a className="text-white small" href="/notifiche">
                        Notifiche
                        {user.unread ? (
                          <>
                            {" "}
                            <span className="badge bg-white text-primary" aria-hidden="true">
                              {user.unread > 99 ? "99+" : user.unread}
                            </span>
                            <span className="visually-hidden">{`: ${user.unread} da leggere`}</span>
                          </>
                        ) : null}
                      </a>
                      <a className="text-white small" href="/account">
                        Il mio account<span className="d-none d-md-inline"> ({user.email})</span>
                      </a>
                      <button type="submit" className="btn btn-primary btn-sm btn-full">
                        Esci
                      </button>
                    </Form>
                  ) : (
                    <a className="btn btn-primary btn-sm btn-full" href="/accedi">
                      Accedi
                    </a>
                  )}
                </div>
              </div>
            </div>
          </div>
        </div>
      </div>
      <div className="it-nav-wrapper">
        <div className="it-header-center-wrapper">
          <div className="container">
            <div className="row">
              <div className="col-12">
                <div className="it-header-center-content-wrapper">
                  <div className="it-brand-wrapper">
                    <a href="/">
                      <div className="it-brand-text">
                        <div className="it-brand-title">Cruscotto digitale — ANCI Lombardia</div>
                        <div className="it-brand-tagline d-none d-md-block">
                          Le opportunità di finanziamento per i comuni lombardi
                        </div>
                      </div>
                    </a>
                  </div>
                </div>
              </div>
            </div>
          </div>
        </div>
        <div className="it-header-navbar-wrapper">
          <div className="container">
            <nav aria-label="Navigazione principale">
              <ul className="cd-nav">
                {visibleNavItems(user).map((item) => (
                  <li key={item.to}>
                    <NavLink to={item.to} end={item.end} prefetch="intent">
                      {item.label}
                    </NavLink>
                  </li>
                ))}
              </ul>
            </nav>
          </div>
        </div>
      </div>
    </header>
  );
}

export function SiteFooter() {
  return (
    <footer className="it-footer">
      <div className="it-footer-main">
        <div className="container">
          <div className="row">
            <div className="col-12 pt-4 pb-2">
              <p className="h4 text-white">Cruscotto digitale dei comuni lombardi</p>
              <p className="text-white">
                Un servizio di ANCI Lombardia con Regione Lombardia, nell'ambito delle iniziative per la
                digitalizzazione dei comuni.
              </p>
            </div>
          </div>
        </div>
      </div>
      <div className="it-footer-small-prints clearfix">
        <div className="container">
          <h2 className="visually-hidden">Sezione link utili</h2>
          <ul className="it-footer-small-prints-list list-inline mb-0 d-flex flex-column flex-md-row">
            <li className="list-inline-item">
              <a href="/dichiarazione-accessibilita">Dichiarazione di accessibilità</a>
            </li>
            <li className="list-inline-item">
              <a href="/api/v1/openapi.json">API e dati aperti</a>
            </li>
            <li className="list-inline-item">
              <a href="/note-legali">Note legali e fonti dei dati</a>
            </li>
          </ul>
        </div>
      </div>
    </footer>
  );
}

export function PageShell({ user, children }: { user: LayoutUser | null; children: ReactNode }) {
  return (
    <>
      <div className="skiplink">
        <a className="visually-hidden-focusable" href="#contenuto">
          Vai al contenuto principale
        </a>
      </div>
      <SiteHeader user={user} />
      <main id="contenuto" className="container my-4" tabIndex={-1}>
        {children}
      </main>
      <SiteFooter />
    </>
  );
}
