/** Shared pieces of the OpenAPI 3.1 description: error shape, pagination, list envelope. */

export const errorResponses = {
  "400": {
    description: "Parametro non valido",
    content: { "application/json": { schema: { $ref: "#/components/schemas/Errore" } } },
  },
  "404": {
    description: "Risorsa non trovata",
    content: { "application/json": { schema: { $ref: "#/components/schemas/Errore" } } },
  },
} as const;

export const paginationParameters = [
  { $ref: "#/components/parameters/page" },
  { $ref: "#/components/parameters/perPage" },
] as const;

export function listSchema(itemRef: string) {
  return {
    type: "object",
    required: ["items", "total", "page", "perPage"],
    properties: {
      items: { type: "array", items: { $ref: itemRef } },
      total: { type: "integer", minimum: 0 },
      page: { type: "integer", minimum: 1 },
      perPage: { type: "integer", minimum: 1, maximum: 500 },
    },
  };
}

export const commonComponents = {
  schemas: {
    Errore: {
      type: "object",
      required: ["errore"],
      properties: {
        errore: {
          type: "object",
          required: ["codice", "messaggio"],
          properties: {
            codice: { type: "string", examples: ["parametro-non-valido", "non-trovato"] },
            messaggio: { type: "string" },
          },
        },
      },
    },
  },
  parameters: {
    page: {
      name: "page",
      in: "query",
      description: "Pagina, da 1.",
      schema: { type: "integer", minimum: 1, default: 1 },
    },
    perPage: {
      name: "perPage",
      in: "query",
      description: "Elementi per pagina (massimo 500).",
      schema: { type: "integer", minimum: 1, maximum: 500, default: 50 },
    },
  },
};
