export const systemSchemas = {
  Salute: {
    type: "object",
    required: ["status"],
    properties: { status: { type: "string", enum: ["ok"] } },
  },
};

export const systemPaths = {
  "/healthz": {
    get: {
      summary: "Stato del servizio (risponde ok quando il database risponde)",
      operationId: "health",
      tags: ["sistema"],
      responses: {
        "200": { description: "Servizio attivo", content: { "application/json": { schema: { $ref: "#/components/schemas/Salute" } } } },
        "503": { description: "Database non raggiungibile" },
      },
    },
  },
  "/api/v1/openapi.json": {
    get: {
      summary: "Questa descrizione OpenAPI 3.1",
      operationId: "openapi",
      tags: ["sistema"],
      responses: { "200": { description: "Documento OpenAPI", content: { "application/json": { schema: { type: "object" } } } } },
    },
  },
};
