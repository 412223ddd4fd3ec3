// Owns command-line parsing for every subcommand: node:util parseArgs in strict mode, with its
// errors turned into UsageErrors that name the command and point at --help.
import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "../errors/mod.ts";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** Parses `argv` for `command`; unknown flags and missing values become a UsageError. */
export function parseCommandArgs<T extends Options>(command: string, argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(
      `${command}: ${(e as Error).message}\nRun \`deno task ${command} --help\`.`,
    );
  }
}

/** Reads an integer flag, or `fallback` when absent; anything else is a UsageError. */
export function intFlag(
  command: string,
  name: string,
  value: string | undefined,
  fallback: number,
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n)) {
    throw new UsageError(`${command}: --${name} must be an integer, got "${value}"`);
  }
  return n;
}

/** Reads a number flag, or `fallback` when absent. */
export function numberFlag(
  command: string,
  name: string,
  value: string | undefined,
  fallback: number | undefined,
): number | undefined {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n)) {
    throw new UsageError(`${command}: --${name} must be a number, got "${value}"`);
  }
  return n;
}
