// Owns the `new` subcommand: scaffold a problem (a commented spec, an initial program and its
// generated workloads) from templates/new/, so `check` passes at once and the TODOs say what to fill.
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { UsageError } from "../errors/mod.ts";
import { loadSpec } from "../spec/mod.ts";
import { generateDeclared } from "../workloads/mod.ts";
import { parseCommandArgs } from "./_args.ts";
import { EXIT } from "./mod.ts";

export const help = `Usage: deno task new <name> [--dir <folder>]

Scaffolds a new problem in <folder> (default: the current folder): <name>.yaml, a spec whose
comments say what to fill in, <name>/program.ts, an initial program, and <name>/workloads/, written
by the spec's declarative generator, so that \`deno task check <name>.yaml\` passes at once.

Options:
  --dir <folder>   where to write (default .)
  -h, --help       show this help`;

const TEMPLATES = fileURLToPath(new URL("../../templates/new/", import.meta.url));
const SCHEMA = fileURLToPath(new URL("../../specs/spec.schema.json", import.meta.url));

/** Runs `new`. */
export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs("new", argv, { dir: { type: "string" } });
  const [name] = positionals;
  if (positionals.length !== 1 || !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name)) {
    throw new UsageError("new: give one problem name (letters, digits, _ . -)\n\n" + help);
  }
  const dir = resolve(values.dir ?? ".");
  const specPath = join(dir, `${name}.yaml`);
  const programPath = join(dir, name, "program.ts");
  for (const path of [specPath, join(dir, name)]) {
    if (await exists(path)) throw new UsageError(`new: ${path} already exists; pick another name`);
  }
  const fill = (text: string) =>
    text.replaceAll("{{name}}", name).replaceAll("{{schema}}", relative(dir, SCHEMA));
  await Deno.mkdir(dirname(programPath), { recursive: true });
  await Deno.writeTextFile(
    specPath,
    fill(await Deno.readTextFile(join(TEMPLATES, "spec.yaml.tmpl"))),
  );
  await Deno.writeTextFile(
    programPath,
    fill(await Deno.readTextFile(join(TEMPLATES, "program.ts"))),
  );
  const spec = await loadSpec(specPath);
  const generate = spec.workloads?.generate;
  if (generate && !("path" in generate)) await generateDeclared(spec, generate, 1);
  const rel = relative(Deno.cwd(), specPath) || specPath;
  console.log(`wrote ${rel}, ${relative(Deno.cwd(), programPath)} and its workloads`);
  console.log(`next: deno task check ${rel}   (then fill in the TODOs; see docs/authoring.md)`);
  return EXIT.ok;
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch {
    return false;
  }
}
