// Owns the `check` subcommand (placeholder until its issue lands; replaced by the real command).
export const help = "Usage: deno task check — not built yet";

/** Placeholder runner: reports that the command is not built yet. */
export function main(_argv: string[]): Promise<number> {
  console.error("check: not built yet");
  return Promise.resolve(3);
}
