// Shared helper: run specevolve's CLI in a child process, as a user would, and capture its output.

/** Repository root (tests run with it as the working directory of the child). */
export const ROOT = new URL("../../", import.meta.url).pathname;

/** What a CLI run printed and how it ended. */
export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `deno run -A main.ts <args>` from the repository root with CI=true (plain progress). */
export async function runMain(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<CliResult> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "main.ts", ...args],
    cwd: ROOT,
    env: { CI: "true", NO_COLOR: "1", ...env },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: decode(out.stdout), stderr: decode(out.stderr) };
}

/** What `runCheckJson` returns: the run, its combined output, and the JSON report's programs. */
export interface CheckJsonResult<P> extends CliResult {
  /** stderr then stdout, for assertion messages. */
  readonly out: string;
  readonly programs: P[];
}

/** Runs `check <spec> <args> --json <tmp file>` and returns the run with the report's programs. */
export async function runCheckJson<P>(
  spec: string,
  args: readonly string[],
): Promise<CheckJsonResult<P>> {
  const dir = await Deno.makeTempDir();
  try {
    const json = `${dir}/report.json`;
    const r = await runMain(["check", spec, ...args, "--json", json]);
    const report = JSON.parse(await Deno.readTextFile(json));
    return { ...r, out: r.stderr + r.stdout, programs: report.programs };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** A CLI run started in a child process and read from stderr until a pattern showed. */
export interface StartedMain {
  readonly child: Deno.ChildProcess;
  /** The rest of stderr. */
  readonly reader: ReadableStreamDefaultReader<string>;
  /** stderr so far. */
  readonly seen: string;
}

/** Starts `deno run -A main.ts <args>` (CI=true) and reads stderr until `pattern` (or its end). */
export async function startMainUntil(
  args: readonly string[],
  pattern: RegExp,
): Promise<StartedMain> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "main.ts", ...args],
    cwd: ROOT,
    env: { CI: "true" },
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  while (!pattern.test(seen)) {
    const { value, done } = await reader.read();
    if (done) break;
    seen += value;
  }
  return { child, reader, seen };
}
