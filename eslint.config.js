import { builtinModules } from "node:module";
import js from "@eslint/js";
import drizzle from "eslint-plugin-drizzle";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["build/**", "data/**", "node_modules/**", "coverage/**", "db/migrations/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { "react-hooks": reactHooks, drizzle },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      // No DELETE or UPDATE without WHERE (STYLE.md, t3's drizzle lint rules).
      "drizzle/enforce-delete-with-where": ["error", { drizzleObjectName: ["db", "tx"] }],
      "drizzle/enforce-update-with-where": ["error", { drizzleObjectName: ["db", "tx"] }],
      // HTML from sources only through sanitizeSourceHtml + <SourceHtml> (SECURITY.md 12).
      "no-restricted-syntax": [
        "error",
        {
          selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
          message: "Usa <SourceHtml html={sanitizeSourceHtml(…)} /> (app/components/source-html.tsx).",
        },
      ],
    },
  },
  {
    // Domain modules stay pure: no Remix, React, database or Node imports. Node's built-in
    // modules are refused with and without the `node:` prefix (`fs`, `path`, `fs/promises`, …).
    files: ["app/domain/**/*.ts", "app/domain/**/*.tsx"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: builtinModules.map((name) => ({ name, message: "app/domain è puro: niente moduli di Node." })),
          patterns: [
            { group: ["@remix-run/*", "react", "react-dom", "drizzle-orm", "drizzle-orm/*", "better-sqlite3", "~db/*", "node:*", "~/data/*", "~/routes/*"], message: "app/domain è puro: niente Remix, React, database o Node." },
          ],
        },
      ],
    },
  },
);
