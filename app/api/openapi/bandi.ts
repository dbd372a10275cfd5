import { ISSUER_LEVELS, PROCEDURES, CALL_STATUSES } from "~/domain/call";
import { BENEFICIARY_KEYS, THEME_KEYS } from "~/domain/taxonomy";
import { errorResponses, listSchema, paginationParameters } from "./common";

const dateTime = (description: string) => ({
  type: ["string", "null"],
  format: "date-time",
  description: `${description} ISO 8601 con lo scarto di Europe/Rome (es. 2026-03-31T12:00:00+02:00).`,
});
const money = (description: string) => ({ type: ["number", "null"], minimum: 0, description });

export const bandiSchemas = {
  StatoBando: {
    type: "string",
    enum: [...CALL_STATUSES],
    description: "Derivato dalle date: in-arrivo prima dell'apertura, chiuso dopo la scadenza, altrimenti aperto (senza scadenza: a sportello).",
  },
  Tema: { type: "string", enum: [...THEME_KEYS] },
  Beneficiario: { type: "string", enum: [...BENEFICIARY_KEYS] },
  BandoSintesi: {
    type: "object",
    required: ["id", "titolo", "ente", "temi", "stato", "apertura", "scadenza", "importoMax", "url"],
    properties: {
      id: { type: "string", description: "<fonte>:<idFonte> della prima fonte", examples: ["anci-lombardia:2026-017"] },
      titolo: { type: "string" },
      ente: { type: "string" },
      temi: { type: "array", items: { $ref: "#/components/schemas/Tema" } },
      stato: { $ref: "#/components/schemas/StatoBando" },
      apertura: dateTime("Apertura."),
      scadenza: dateTime("Scadenza; null = a sportello fino a esaurimento."),
      importoMax: money("Importo massimo per beneficiario, in euro."),
      url: { type: ["string", "null"], format: "uri" },
    },
  },
  ListaBandi: listSchema("#/components/schemas/BandoSintesi"),
  FonteBando: {
    type: "object",
    required: ["id", "fonte", "idFonte"],
    properties: {
      id: { type: "string", description: "Alias <fonte>:<idFonte>: risolve sempre a questo bando, anche dopo un'unione di duplicati" },
      fonte: { type: "string" },
      idFonte: { type: "string" },
      adattatore: { type: "string", examples: ["bando-json", "padigitale2026-avvisi"] },
      primaLettura: { type: "string", format: "date-time" },
      ultimaLettura: { type: "string", format: "date-time" },
    },
  },
  BandoDettaglio: {
    type: "object",
    required: ["id", "titolo", "ente", "beneficiari", "temi", "territorio", "stato", "fonti", "versione", "aggiornatoIl"],
    properties: {
      id: { type: "string" },
      titolo: { type: "string" },
      ente: { type: "string" },
      livelloEnte: { type: ["string", "null"], enum: [...ISSUER_LEVELS, null] },
      descrizione: { type: ["string", "null"], description: "Testo semplice (l'HTML delle fonti è ridotto a testo)" },
      url: { type: ["string", "null"], format: "uri" },
      temi: { type: "array", items: { $ref: "#/components/schemas/Tema" } },
      beneficiari: { type: "array", items: { $ref: "#/components/schemas/Beneficiario" } },
      territorio: {
        type: "object",
        required: ["regioni", "province", "comuni"],
        description: "Un elenco vuoto = nessuna restrizione a quel livello.",
        properties: {
          regioni: { type: "array", items: { type: "string", pattern: "^\\d{2}$" } },
          province: { type: "array", items: { type: "string", pattern: "^[A-Z]{2}$" } },
          comuni: { type: "array", items: { type: "string", pattern: "^\\d{6}$" } },
        },
      },
      popolazioneMin: { type: ["integer", "null"], minimum: 0 },
      popolazioneMax: { type: ["integer", "null"], minimum: 0 },
      soloFormaAssociata: { type: "boolean" },
      dotazione: money("Dotazione complessiva in euro."),
      importoMin: money("Importo minimo in euro."),
      importoMax: money("Importo massimo in euro."),
      importiPerFascia: {
        type: "array",
        items: {
          type: "object",
          required: ["popolazioneMin", "popolazioneMax", "importo"],
          properties: {
            popolazioneMin: { type: ["integer", "null"], minimum: 0 },
            popolazioneMax: { type: ["integer", "null"], minimum: 0, description: "null = senza limite" },
            importo: { type: "number", minimum: 0 },
          },
        },
      },
      cofinanziamentoPct: { type: ["number", "null"], minimum: 0, maximum: 100 },
      apertura: dateTime("Apertura."),
      scadenza: dateTime("Scadenza; null = a sportello."),
      procedura: { type: ["string", "null"], enum: [...PROCEDURES, null] },
      misuraPnrr: { type: ["string", "null"], examples: ["M1C1-1.4.5"] },
      stato: { $ref: "#/components/schemas/StatoBando" },
      fonti: { type: "array", items: { $ref: "#/components/schemas/FonteBando" }, minItems: 1 },
      versione: { type: "integer", minimum: 1, description: "Cresce a ogni modifica del contenuto pubblicato" },
      aggiornatoIl: { type: "string", format: "date-time" },
    },
  },
};

const filterParameters = [
  { name: "q", in: "query", description: "Ricerca approssimata su titolo, ente e descrizione, senza distinzione di maiuscole e accenti", schema: { type: "string", maxLength: 200 } },
  { name: "tema", in: "query", description: "Uno o più temi separati da virgola (basta uno)", schema: { type: "string" } },
  { name: "ente", in: "query", description: "Parte del nome dell'ente erogatore", schema: { type: "string", maxLength: 200 } },
  { name: "stato", in: "query", schema: { $ref: "#/components/schemas/StatoBando" } },
  { name: "fascia", in: "query", description: "Bandi a cui può accedere almeno un comune della fascia (limiti di popolazione e fasce a cui il bando è riservato)", schema: { type: "string", enum: ["piccolo", "medio", "grande"] } },
  { name: "provincia", in: "query", description: "Bandi aperti ai comuni della provincia (sigla)", schema: { type: "string", pattern: "^[A-Za-z]{2}$" } },
  { name: "scadenzaEntro", in: "query", description: "Scadenza entro la fine di questo giorno (ora di Roma); esclude i bandi a sportello", schema: { type: "string", format: "date" } },
];

export const bandiPaths = {
  "/api/v1/bandi": {
    get: {
      summary: "Catalogo dei bandi pubblicati",
      operationId: "listBandi",
      tags: ["bandi"],
      parameters: [...filterParameters, ...paginationParameters],
      responses: {
        "200": { description: "Bandi", content: { "application/json": { schema: { $ref: "#/components/schemas/ListaBandi" } } } },
        "400": errorResponses["400"],
      },
    },
  },
  "/api/v1/bandi/{id}": {
    get: {
      summary: "Scheda completa di un bando pubblicato (per id o per qualunque alias)",
      operationId: "getBando",
      tags: ["bandi"],
      parameters: [{ name: "id", in: "path", required: true, description: "<fonte>:<idFonte>", schema: { type: "string" } }],
      responses: {
        "200": { description: "Il bando", content: { "application/json": { schema: { $ref: "#/components/schemas/BandoDettaglio" } } } },
        "400": errorResponses["400"],
        "404": errorResponses["404"],
      },
    },
  },
  "/api/v1/bandi.csv": {
    get: {
      summary: "I bandi pubblicati come dati aperti (CSV UTF-8 con intestazione; accetta gli stessi filtri dell'elenco)",
      operationId: "bandiCsv",
      tags: ["bandi"],
      parameters: filterParameters,
      responses: {
        "200": { description: "CSV", content: { "text/csv": { schema: { type: "string" } } } },
        "400": errorResponses["400"],
      },
    },
  },
};
