// Owns finding SES (Hardened JavaScript) for the children: its self-contained bundle,
// ses.umd.min.js, read once from the installed npm package and handed to every child in its
// first frame, since a child can read no file and load no npm package itself.
import { createRequire } from "node:module";
import { SandboxError } from "../errors/mod.ts";

let source: Promise<string> | undefined;

/** The text of ses.umd.min.js; throws SandboxError when the package is not installed. */
export function sesSource(): Promise<string> {
  return source ??= read();
}

async function read(): Promise<string> {
  try {
    const manifest = createRequire(import.meta.url).resolve("ses/package.json");
    return await Deno.readTextFile(manifest.replace(/package\.json$/, "dist/ses.umd.min.js"));
  } catch (error) {
    source = undefined;
    throw new SandboxError(
      `sandbox: cannot read SES's bundle (${(error as Error).message}); run \`deno install\``,
      { cause: error },
    );
  }
}
