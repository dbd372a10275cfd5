import type { MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Dichiarazione di accessibilità — Cruscotto digitale" }];

export default function AccessibilityStatement() {
  return (
    <article className="row">
      <div className="col-12 col-lg-9">
        <h1>Dichiarazione di accessibilità</h1>
        <p>
          ANCI Lombardia si impegna a rendere accessibile il Cruscotto digitale in conformità alla Legge 9 gennaio
          2004, n. 4, e alle Linee guida AGID sull'accessibilità degli strumenti informatici, che recepiscono la
          norma EN 301 549 e le WCAG 2.1 di livello AA.
        </p>
        <h2>Stato di conformità</h2>
        <p>
          Il sito è progettato per essere conforme ai requisiti WCAG 2.1 AA. Ogni pagina principale è verificata
          automaticamente con axe-core a ogni modifica del software; l'uso da tastiera e la lettura con screen
          reader sono verificati nei percorsi principali. I grafici sono sempre accompagnati da una tabella con gli
          stessi dati.
        </p>
        <h2>Contenuti non accessibili</h2>
        <p>
          I testi dei bandi provengono dalle fonti originali (enti erogatori) e possono contenere documenti
          allegati non accessibili, su cui ANCI Lombardia non ha controllo.
        </p>
        <h2>Feedback e meccanismo di contatto</h2>
        <p>
          Per segnalare problemi di accessibilità scrivere a ANCI Lombardia indicando la pagina e il problema
          riscontrato. In caso di risposta insoddisfacente è possibile ricorrere al Difensore civico per il
          digitale presso AGID.
        </p>
      </div>
    </article>
  );
}
