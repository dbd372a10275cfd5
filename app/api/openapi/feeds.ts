import { errorResponses } from "./common";

/** `GET /comuni/{istat}/scadenze.ics` and `/comuni/{istat}/feed.atom` (API.md; docs/decisions/0082). */
const istatParameter = { name: "istat", in: "path", required: true, schema: { type: "string", pattern: "^\\d{6}$" } } as const;

export const feedsPaths = {
  "/comuni/{istat}/scadenze.ics": {
    get: {
      summary: "Calendario delle scadenze dei bandi adatti al comune (iCalendar)",
      description:
        "Un evento di un giorno per la scadenza di ogni bando aperto abbinato al comune, con un promemoria alle 9 di tre giorni prima. " +
        "UID stabile per bando e comune; SEQUENCE è la versione del bando, così i calendari aggiornano l'evento quando il bando cambia.",
      operationId: "getScadenzeComune",
      tags: ["comuni"],
      parameters: [istatParameter],
      responses: {
        "200": { description: "Calendario iCalendar (RFC 5545)", content: { "text/calendar": { schema: { type: "string" } } } },
        "400": errorResponses["400"],
        "404": errorResponses["404"],
      },
    },
  },
  "/comuni/{istat}/feed.atom": {
    get: {
      summary: "Feed Atom dei bandi adatti al comune",
      description: "Atom 1.0 (RFC 4287) dei bandi aperti abbinati al comune, dal più recente; ogni voce con ente, importo richiedibile, scadenza, punteggio e la prima motivazione.",
      operationId: "getFeedComune",
      tags: ["comuni"],
      parameters: [istatParameter],
      responses: {
        "200": { description: "Feed Atom 1.0", content: { "application/atom+xml": { schema: { type: "string" } } } },
        "400": errorResponses["400"],
        "404": errorResponses["404"],
      },
    },
  },
};
