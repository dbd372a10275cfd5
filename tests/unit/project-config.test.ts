import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import ts from "typescript";
import { resolveConfig } from "vite";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");

/** The `v3_*` keys of FutureConfig in the installed @remix-run/dev: a new flag shows up here. */
function remixV3Flags(): string[] {
  const require = createRequire(join(root, "package.json"));
  const devDir = dirname(require.resolve("@remix-run/dev/package.json"));
  const source = ts.createSourceFile("config.d.ts", readFileSync(join(devDir, "dist", "config.d.ts"), "utf8"), ts.ScriptTarget.Latest);
  const flags: string[] = [];
  source.forEachChild((node) => {
    if (ts.isInterfaceDeclaration(node) && node.name.text === "FutureConfig") {
      for (const member of node.members) {
        if (member.name && ts.isIdentifier(member.name) && member.name.text.startsWith("v3_")) flags.push(member.name.text);
      }
    }
  });
  return flags;
}

describe("project configuration (issue 2.1)", () => {
  it("turns on every future.v3_* flag that the installed Remix knows", async () => {
    const flags = remixV3Flags();
    // The six of Remix 2.17; a later release may add more, which this test then demands too.
    expect(flags).toEqual(
      expect.arrayContaining(["v3_fetcherPersist", "v3_relativeSplatPath", "v3_throwAbortReason", "v3_singleFetch", "v3_lazyRouteDiscovery", "v3_routeConfig"]),
    );
    const config = await resolveConfig({ root, configFile: join(root, "vite.config.ts"), logLevel: "silent" }, "build", "production", "production");
    const context = (config as unknown as { __remixPluginContext?: { remixConfig: { future: Record<string, boolean> } } }).__remixPluginContext;
    expect(context, "il plugin Remix non è in vite.config.ts").toBeDefined();
    const future = context!.remixConfig.future;
    for (const flag of flags) expect(future[flag], flag).toBe(true);
  });

  it("compiles TypeScript in strict mode", () => {
    const file = join(root, "tsconfig.json");
    const read = ts.readConfigFile(file, ts.sys.readFile);
    expect(read.error).toBeUndefined();
    const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, root, undefined, file);
    expect(parsed.options.strict).toBe(true);
    // strict must not be undone flag by flag.
    for (const flag of ["noImplicitAny", "strictNullChecks", "strictFunctionTypes", "strictBindCallApply", "strictPropertyInitialization", "noImplicitThis", "alwaysStrict", "useUnknownInCatchVariables"] as const) {
      expect(parsed.options[flag], flag).not.toBe(false);
    }
  });
});
