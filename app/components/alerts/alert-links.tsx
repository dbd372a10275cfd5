/** "Ricevi gli avvisi" on a comune's page: the account page for users, the public form otherwise. */
export function AlertLinks({ istat, loggedIn }: { istat: string; loggedIn: boolean }) {
  const href = loggedIn ? `/account/avvisi?comune=${istat}` : `/avvisi/iscrizione?comune=${istat}`;
  return (
    <p className="mb-4">
      <a href={href}>Ricevi gli avvisi per questo comune</a> (nuovi bandi adatti e promemoria delle scadenze, per e-mail).
    </p>
  );
}
