// Runs every hostile fixture (tests/fixtures/hostile/) through `check specs/eplb.yaml` as a user
// would, each wrapped as an EPLB program whose `rebalance` makes the attack: every one must fail,
// in bounded time, with its expected category; the evaluator must survive them all and report;
// nothing may be left running or written outside a temporary directory that is removed.
import assert from "node:assert/strict";
import { join } from "node:path";
import { ROOT } from "../_helpers/cli.ts";

const HOSTILE = join(ROOT, "tests", "fixtures", "hostile");

/**
 * For each fixture: the arguments `rebalance` hands `attack` (TypeScript), the category, and the
 * category it may meet instead when the machine is too loaded for its attack to outrun a limit.
 */
const EXPECTED: Record<
  string,
  { readonly args?: string; readonly category: string; readonly orWhenSlow?: string }
> = {
  "async_species.ts": { category: "invalid-output" },
  "background_spin.ts": { category: "timeout" },
  "closes_worker.ts": { category: "exception" },
  "console_spam.ts": { args: "20000", category: "invalid-output" },
  "dynamic_import.ts": { category: "load" },
  "explores_reachable.ts": { category: "invalid-output" },
  "fakes_clock.ts": { category: "exception" },
  "fetch_loopback.ts": { args: '"http://127.0.0.1:9/"', category: "exception" },
  "forges_messages.ts": { category: "exception" },
  "hijacks_timing.ts": { category: "exception" },
  "huge_output.ts": { args: "40", category: "invalid-output" },
  "infinite_loop.ts": { category: "timeout" },
  "lazy_getter_speed.ts": { category: "invalid-output" },
  "lazy_second_read.ts": { category: "invalid-output" },
  "leaves_blob_url.ts": { category: "exception" },
  // Filling memory races the call's time limit; on a loaded machine the limit can come first.
  // tests/sandbox/hostile_test.ts pins the memory category with a generous time limit.
  "memory_bomb.ts": { category: "memory", orWhenSlow: "timeout" },
  "mutates_input.ts": { args: "{ values: weight[0] }", category: "invalid-output" },
  "never_resolves.ts": { category: "timeout" },
  "node_builtins.ts": { args: '"/etc/hostname"', category: "load" },
  "offheap_memory.ts": { args: "2048", category: "memory", orWhenSlow: "timeout" },
  // Its own `rebalance`: the type check is what it attacks.
  "pathological_types.ts": { category: "type" },
  "plants_prototype_getter.ts": { args: "{ values: weight[0] }", category: "exception" },
  "poisons_array.ts": { args: "weight[0]", category: "exception" },
  "read_env.ts": { args: '"HOME"', category: "exception" },
  "read_file.ts": { args: '"/etc/hostname"', category: "exception" },
  "reaches_for_workers.ts": { category: "invalid-output" },
  "returns_cyclic.ts": { category: "invalid-output" },
  "returns_function.ts": { category: "invalid-output" },
  "returns_getter.ts": { category: "invalid-output" },
  "returns_proxy.ts": { category: "invalid-output" },
  "returns_symbol.ts": { category: "invalid-output" },
  "shared_rows_output.ts": { category: "invalid-output" },
  "sparse_output.ts": { category: "invalid-output" },
  "spawn_process.ts": { category: "exception" },
  "stack_overflow.ts": { args: "0", category: "exception" },
  "swallows_port_messages.ts": { category: "exception" },
  "throws.ts": { args: "{ sides: 5 }", category: "exception" },
  "webgpu.ts": { category: "exception" },
  "write_file.ts": { args: "WRITTEN", category: "exception" },
  "leaves_state.ts": { category: "invalid-output" },
  "message_fake_position.ts": { category: "exception" },
  "spoofs_report.ts": { category: "exception" },
  "stack_not_string.ts": { category: "exception" },
  "stack_string_object.ts": { category: "exception" },
  "uncaught_message_uncapped.ts": { category: "exception" },
  // Honest work, timed in full (tests/sandbox/hostile_test.ts); a number is not a placement.
  "untimed_tail.ts": { args: "1000", category: "invalid-output" },
  "untimed_tail_chain.ts": { args: "1000", category: "invalid-output" },
};

/** The fixture as an EPLB program: its own code (unchecked: it attacks, it need not type-check). */
function asEplbProgram(file: string, source: string, written: string): string {
  if (/export function rebalance\(/.test(source)) return source;
  const entry = /export (async )?function attack\(/.test(source) ? "attack" : "leave";
  const args = (EXPECTED[file].args ?? "").replace("WRITTEN", JSON.stringify(written));
  return `// @ts-nocheck\n${source}\n` +
    "export function rebalance(weight: number[][], numReplicas: number, numGroups: number, " +
    "numNodes: number, numGpus: number): Output {\n" +
    `  return ${entry}(${args}) as unknown as Output;\n}\n`;
}

/** Processes whose working directory lies under `dir` (sandbox children work in their home). */
function processesUnder(dir: string): number[] {
  const found: number[] = [];
  for (const entry of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    try {
      if (Deno.readLinkSync(`/proc/${entry.name}/cwd`).startsWith(dir)) found.push(+entry.name);
    } catch {
      // Gone, or not ours to read.
    }
  }
  return found;
}

Deno.test("check fails every hostile program with its category, and survives them all, leaving nothing", async () => {
  const files = [...Deno.readDirSync(HOSTILE)].map((e) => e.name).filter((n) => n.endsWith(".ts"));
  assert.deepEqual(files.filter((f) => !(f in EXPECTED)), [], "every fixture has an expectation");
  const work = await Deno.makeTempDir({ prefix: "check_hostile_" });
  const home = join(work, "home");
  const tmp = join(work, "tmp");
  const programs = join(work, "programs");
  const written = join(home, "written-by-a-candidate.txt");
  await Promise.all([home, tmp, programs].map((d) => Deno.mkdir(d)));
  const paths: string[] = [];
  for (const file of files.sort()) {
    const source = await Deno.readTextFile(join(HOSTILE, file));
    paths.push(join(programs, file));
    await Deno.writeTextFile(paths.at(-1)!, asEplbProgram(file, source, written));
  }
  try {
    const json = join(work, "report.json");
    const denoDir = Deno.env.get("DENO_DIR") ??
      join(Deno.env.get("HOME")!, ".cache", "deno");
    const started = performance.now();
    const run = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        "main.ts",
        "check",
        "specs/eplb.yaml",
        "--runs",
        "5",
        "--no-holdout",
        "--json",
        json,
        ...paths.flatMap((p) => ["--program", p]),
      ],
      cwd: ROOT,
      env: { CI: "true", NO_COLOR: "1", HOME: home, TMPDIR: tmp, DENO_DIR: denoDir },
      stdout: "piped",
      stderr: "piped",
      signal: AbortSignal.timeout(600_000),
    }).output();
    const out = new TextDecoder().decode(run.stderr) + new TextDecoder().decode(run.stdout);
    const seconds = (performance.now() - started) / 1000;
    assert.equal(
      run.code,
      1,
      `check exits 1 (a program failed), not a crash:\n${out.slice(-3000)}`,
    );
    const report = JSON.parse(await Deno.readTextFile(json)) as {
      programs: { path: string; evaluation: { ok: boolean; failure?: { category: string } } }[];
    };
    const categories = Object.fromEntries(
      report.programs.map((p) => [p.path.split("/").at(-1)!, p.evaluation.failure?.category]),
    );
    const accepted = (file: string) =>
      categories[file] === EXPECTED[file].orWhenSlow ? categories[file] : EXPECTED[file].category;
    const wanted = Object.fromEntries(files.map((f) => [f, accepted(f)]));
    assert.deepEqual(categories, wanted, out.slice(-3000));
    // The terminal report names each program's failing stage and category.
    for (const [i, file] of files.entries()) {
      const block = out.split(`program (${paths[i]}): FAILED`)[1]?.split("\nprogram (")[0] ?? "";
      assert.match(block, new RegExp(`FAIL ${accepted(file)} `), `${file}:\n${block}`);
    }
    assert.ok(seconds < 600, `took ${seconds} s`);
    assert.deepEqual(processesUnder(work), [], "no sandbox child is left running");
    assert.deepEqual([...Deno.readDirSync(tmp)], [], "the sandbox's temporary home was removed");
    assert.deepEqual([...Deno.readDirSync(home)], [], "nothing was written to HOME");
  } finally {
    await Deno.remove(work, { recursive: true });
  }
});
