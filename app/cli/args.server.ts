import { parseArgs, type ParseArgsConfig } from "node:util";

/** Parses CLI options; on a bad option prints the usage and exits with status 2. */
export function cliArgs<T extends NonNullable<ParseArgsConfig["options"]>>(options: T, usage: string) {
  try {
    return parseArgs({ options, allowPositionals: false, strict: true }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage}`);
    process.exit(2);
  }
}
