// Shared checks for a problem's seeded workload generator (`workloads.generate`): same seed, same
// bytes; another seed, other bytes; stale files replaced; shipped files equal to what seed 1 builds.
import assert from "node:assert/strict";
import { join } from "node:path";
import type { GenerateFn } from "../../src/evaluate/types.ts";

/** The seed `deno task workloads` uses by default; shipped workload files are written with it. */
export const SHIPPED_SEED = 1;

/** Reads every file of `dir` into a name -> bytes map. */
export async function readDir(dir: string): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  for await (const entry of Deno.readDir(dir)) {
    files.set(entry.name, await Deno.readFile(join(dir, entry.name)));
  }
  return files;
}

/** Runs `generate` into a fresh temporary directory; the caller removes `root`. */
export async function generateInto(
  generate: GenerateFn,
  seed: number,
): Promise<{ root: string; train: string; holdout: string }> {
  const root = await Deno.makeTempDir({ prefix: "workloads-gen-" });
  const dirs = { root, train: join(root, "train"), holdout: join(root, "holdout") };
  await generate({ trainDir: dirs.train, holdoutDir: dirs.holdout, seed });
  return dirs;
}

/** Asserts byte-identical files for one seed, different files for another, several per set. */
export async function assertDeterministic(generate: GenerateFn): Promise<void> {
  const a = await generateInto(generate, 7);
  const b = await generateInto(generate, 7);
  const c = await generateInto(generate, 8);
  try {
    for (const set of ["train", "holdout"] as const) {
      const [fa, fb, fc] = await Promise.all([readDir(a[set]), readDir(b[set]), readDir(c[set])]);
      assert.deepEqual([...fa.keys()].sort(), [...fb.keys()].sort());
      assert.ok(fa.size >= 3, `${set}: expected several files, got ${fa.size}`);
      for (const [name, bytes] of fa) {
        assert.deepEqual(bytes, fb.get(name), `${set}/${name} differs between runs with one seed`);
        assert.notDeepEqual(bytes, fc.get(name), `${set}/${name} ignores the seed`);
      }
    }
  } finally {
    for (const d of [a, b, c]) await Deno.remove(d.root, { recursive: true });
  }
}

/** Asserts that `generate` removes its own stale `train-<n>` files and keeps other files. */
export async function assertReplacesStale(generate: GenerateFn): Promise<void> {
  const root = await Deno.makeTempDir({ prefix: "workloads-gen-" });
  try {
    const train = join(root, "train");
    await Deno.mkdir(train);
    await Deno.writeTextFile(join(train, "train-99.json.gz"), "stale");
    await Deno.writeTextFile(join(train, "README.txt"), "mine");
    await generate({ trainDir: train, holdoutDir: join(root, "holdout"), seed: 3 });
    const names = [...(await readDir(train)).keys()];
    assert.ok(!names.includes("train-99.json.gz"), "a stale file survived");
    assert.ok(names.includes("README.txt"), "a file the generator did not write was removed");
    assert.ok(names.includes("train-0.json.gz"));
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

/**
 * Asserts that the shipped `<set>-<i>.json.gz` files under `shipped` decode to exactly `expected`
 * (what the generator builds for SHIPPED_SEED); `spec` names the regeneration command's argument.
 */
export async function assertShippedMatch<W>(
  shipped: string,
  expected: { readonly train: readonly W[]; readonly holdout: readonly W[] },
  decode: (bytes: Uint8Array, name: string) => Promise<W>,
  spec: string,
): Promise<void> {
  for (const set of ["train", "holdout"] as const) {
    const files = await readDir(join(shipped, set));
    assert.equal(files.size, expected[set].length, `${set}: run deno task workloads ${spec}`);
    for (const [i, want] of expected[set].entries()) {
      const bytes = files.get(`${set}-${i}.json.gz`);
      assert.ok(bytes, `${set}-${i}.json.gz is missing; run deno task workloads ${spec}`);
      assert.deepEqual(await decode(bytes, `${set}-${i}`), want);
    }
  }
}

/** Reads a gzipped built-in JSON workload file (what `writeCaseSet` writes) back. */
export async function readCaseFile(bytes: Uint8Array): Promise<unknown> {
  const body = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream();
  return JSON.parse(await new Response(body.pipeThrough(new DecompressionStream("gzip"))).text());
}

/** Gzips `text` (for hand-made broken workload files). */
export async function gzip(text: string): Promise<Uint8Array> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** What `testWorkloadGenerator` needs of a problem module. */
export interface GeneratorUnderTest<W> {
  readonly generate: GenerateFn;
  /** @default readCaseFile (the built-in JSON format) */
  readonly decodeWorkload?: (bytes: Uint8Array, name: string) => Promise<W>;
  /** What the generator builds for SHIPPED_SEED (the shipped files must decode to it). */
  readonly built: { readonly train: readonly W[]; readonly holdout: readonly W[] };
  /** Folder of the shipped `train/` and `holdout/` files. */
  readonly shipped: string;
}

/**
 * Registers the three generator tests every problem shares: determinism, stale-file replacement,
 * and shipped files equal to what SHIPPED_SEED builds (`problem` names `specs/<problem>.yaml`).
 */
export function testWorkloadGenerator<W>(problem: string, g: GeneratorUnderTest<W>): void {
  Deno.test("generate() writes byte-identical files for the same seed and different ones for another", async () => {
    await assertDeterministic(g.generate);
  });
  Deno.test("generate() replaces its own stale files and leaves other files alone", async () => {
    await assertReplacesStale(g.generate);
  });
  Deno.test(`shipped ${problem} workloads hold exactly what generateWorkloads(${SHIPPED_SEED}) builds`, async () => {
    const decode = g.decodeWorkload ?? ((bytes: Uint8Array) => readCaseFile(bytes) as Promise<W>);
    await assertShippedMatch(g.shipped, g.built, decode, `specs/${problem}.yaml`);
  });
}
