import { bandiPaths, bandiSchemas } from "./bandi";
import { commonComponents } from "./common";
import { comuniPaths, comuniSchemas } from "./comuni";
import { feedsPaths } from "./feeds";
import { opportunitaPaths, opportunitaSchemas } from "./opportunita";
import { systemPaths, systemSchemas } from "./system";

/**
 * The OpenAPI 3.1 description of the public API (API.md). Each area contributes its paths and
 * schemas from its own module.
 */
export function buildOpenApi(appUrl: string) {
  return {
    openapi: "3.1.0",
    info: {
      title: "Cruscotto digitale — API pubblica",
      version: "1.0.0",
      description:
        "API di sola lettura del Cruscotto digitale dei comuni lombardi (ANCI Lombardia). Errori: " +
        '`{"errore": {"codice", "messaggio"}}` con stato 400 o 404. Elenchi: `{items, total, page, perPage}`.',
      license: { name: "EUPL-1.2", identifier: "EUPL-1.2" },
    },
    servers: [{ url: appUrl }],
    tags: [
      { name: "comuni", description: "Anagrafica e profilo dei comuni" },
      { name: "bandi", description: "Catalogo dei bandi pubblicati" },
      { name: "sistema", description: "Stato del servizio" },
    ],
    paths: { ...comuniPaths, ...opportunitaPaths, ...feedsPaths, ...bandiPaths, ...systemPaths },
    components: {
      ...commonComponents,
      schemas: { ...commonComponents.schemas, ...comuniSchemas, ...opportunitaSchemas, ...bandiSchemas, ...systemSchemas },
    },
  };
}
