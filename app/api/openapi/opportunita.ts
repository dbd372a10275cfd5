import { COMPONENT_KEYS, COMPONENT_LABELS } from "~/domain/matching";
import { errorResponses } from "./common";

/** `GET /api/v1/comuni/{istat}/opportunita` (API.md; docs/decisions/0050, 0060). */

const component = (key: (typeof COMPONENT_KEYS)[number]) => ({
  type: "object",
  description: COMPONENT_LABELS[key],
  required: ["punti", "max"],
  properties: {
    punti: { type: "integer", minimum: 0, maximum: 100 },
    max: { type: "integer", minimum: 0, maximum: 100, description: "Peso della componente nella configurazione del punteggio" },
  },
});

export const opportunitaSchemas = {
  ComponentiPunteggio: {
    type: "object",
    description: "Le parti del punteggio per nome, ciascuna con i punti ottenuti e il massimo; la loro somma è il punteggio.",
    required: [...COMPONENT_KEYS],
    properties: Object.fromEntries(COMPONENT_KEYS.map((key) => [key, component(key)])),
  },
  Opportunita: {
    type: "object",
    required: ["bando", "idoneo", "formaAssociata", "punteggio", "importoRichiedibile", "motivazioni", "componenti"],
    properties: {
      bando: {
        type: "object",
        required: ["id", "titolo", "ente", "scadenza", "url"],
        properties: {
          id: { type: "string", description: "<fonte>:<idFonte>, come in /api/v1/bandi/{id}" },
          titolo: { type: "string" },
          ente: { type: "string" },
          scadenza: {
            type: ["string", "null"],
            format: "date-time",
            description: "ISO 8601 con lo scarto di Europe/Rome; null = a sportello fino a esaurimento delle risorse.",
          },
          url: { type: ["string", "null"], format: "uri" },
        },
      },
      idoneo: { type: "boolean", description: "Il comune può partecipare (anche solo in forma associata)" },
      formaAssociata: { type: "boolean", description: "Può partecipare solo in forma associata (unione, comunità montana, gestione associata)" },
      punteggio: { type: "integer", minimum: 0, maximum: 100, description: "0 per i bandi a cui il comune non può partecipare" },
      importoRichiedibile: {
        type: ["number", "null"],
        minimum: 0,
        description: "Importo della fascia di popolazione del comune, altrimenti l'importo massimo, altrimenti null (euro)",
      },
      motivazioni: {
        type: "array",
        items: { type: "string" },
        description: "Frasi brevi in italiano, la più importante per prima; per i bandi non idonei dicono perché",
      },
      componenti: { $ref: "#/components/schemas/ComponentiPunteggio" },
    },
  },
  OpportunitaComune: {
    type: "object",
    required: ["comune", "items"],
    properties: {
      comune: {
        type: "object",
        required: ["istat", "nome", "fascia"],
        properties: {
          istat: { type: "string", pattern: "^\\d{6}$" },
          nome: { type: "string" },
          fascia: { $ref: "#/components/schemas/Fascia" },
        },
      },
      items: { type: "array", items: { $ref: "#/components/schemas/Opportunita" } },
    },
  },
};

export const opportunitaPaths = {
  "/api/v1/comuni/{istat}/opportunita": {
    get: {
      summary: "Bandi aperti per un comune, con punteggio e motivazioni",
      description:
        "I bandi aperti, dal punteggio più alto (a parità: idonei direttamente, poi in forma associata; scadenza più vicina; id). " +
        "Per default solo quelli a cui il comune può partecipare (`idoneo: true`), letti dagli abbinamenti calcolati; " +
        "con `tutti=1` anche gli altri, con punteggio 0 e le motivazioni che dicono perché no.",
      operationId: "getOpportunitaComune",
      tags: ["comuni"],
      parameters: [
        { name: "istat", in: "path", required: true, schema: { type: "string", pattern: "^\\d{6}$" } },
        {
          name: "tutti",
          in: "query",
          description: "1: includi anche i bandi aperti a cui il comune non può partecipare",
          schema: { type: "string", enum: ["0", "1"], default: "0" },
        },
      ],
      responses: {
        "200": { description: "Le opportunità del comune", content: { "application/json": { schema: { $ref: "#/components/schemas/OpportunitaComune" } } } },
        "400": errorResponses["400"],
        "404": errorResponses["404"],
      },
    },
  },
};
