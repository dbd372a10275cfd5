/**
 * On a comune's page: the alerts (the account page for users, the public form otherwise) and the
 * comune's feeds (API.md: scadenze.ics, feed.atom).
 */
export function AlertLinks({ istat, loggedIn }: { istat: string; loggedIn: boolean }) {
  const href = loggedIn ? `/account/avvisi?comune=${istat}` : `/avvisi/iscrizione?comune=${istat}`;
  return (
    <ul className="list-inline mb-4">
      <li className="list-inline-item me-4">
        <a href={href}>Ricevi gli avvisi per questo comune</a>
      </li>
      <li className="list-inline-item me-4">
        <a href={`/comuni/${istat}/scadenze.ics`} type="text/calendar">
          Calendario delle scadenze (iCalendar)
        </a>
      </li>
      <li className="list-inline-item">
        <a href={`/comuni/${istat}/feed.atom`} type="application/atom+xml">
          Feed Atom dei bandi adatti
        </a>
      </li>
    </ul>
  );
}
