// Owns declarative workload generation (`workloads.generate` as a YAML block): each named family
// draws `count` cases from the spec's own params/derive/assume generator, with some parameters
// narrowed, and is written as one file, so a problem needs no generator code.
import fc from "fast-check";
import { SpecError, type SpecIssue } from "../errors/mod.ts";
import { compileCaseCheck } from "../spec/case_check.ts";
import { inputArbitrary } from "../spec/arbitraries.ts";
import type { GenerateBlock, JsonSchema, Spec, WorkloadFamily } from "../spec/types.ts";
import { writeCaseSet } from "./write.ts";

/**
 * Writes every family of `block` into the spec's train and holdout directories (as
 * `<set>-<family>.<ext>`); `seed` shifts every family's seed. Returns the paths written.
 *
 * @throws SpecError when a family bounds an unknown field or yields cases that break the spec.
 */
export async function generateDeclared(
  spec: Spec,
  block: GenerateBlock,
  seed: number,
): Promise<string[]> {
  const workloads = spec.workloads!;
  const check = compileCaseCheck(spec);
  const issues: SpecIssue[] = [];
  const sets = (["train", "holdout"] as const).map((split) => {
    const files = block[split].map((family) => {
      const inputs = drawFamily(spec, family, seed, issues);
      for (const [i, input] of inputs.entries()) {
        // Bounds may leave the schema; a generated case is held to the spec like any other.
        const problem = check(input)[0];
        if (problem && issues.length < 10) {
          issues.push({
            file: spec.file,
            pointer: family.pointer,
            message: `family ${family.name}: generated case ${i} ${problem.message} at ` +
              `${problem.pointer || "/"}; narrow the bounds to the schema`,
          });
        }
      }
      return [family.name, { cases: inputs.map((input) => ({ input })) }] as const;
    });
    return { dir: workloads[split], split, files };
  });
  if (issues.length > 0) throw new SpecError(issues);
  const options = {
    format: block.format,
    ...(block.gzip === undefined ? {} : { gzip: block.gzip }),
  };
  const paths: string[] = [];
  for (const { dir, split, files } of sets) {
    paths.push(...await writeCaseSet(dir, split, files, options));
  }
  return paths;
}

/** `family.count` inputs from the spec's generator with the family's bounds applied. */
function drawFamily(
  spec: Spec,
  family: WorkloadFamily,
  seed: number,
  issues: SpecIssue[],
): Record<string, unknown>[] {
  let params = spec.params;
  let input = spec.input;
  for (const [field, bound] of Object.entries(family.bounds)) {
    if (hasProperty(params, field)) params = narrow(params!, field, bound);
    else if (hasProperty(input, field)) input = narrow(input, field, bound);
    else {
      issues.push({
        file: spec.file,
        pointer: `${family.pointer}/bounds/${field}`,
        message: `family ${family.name} bounds \`${field}\`, which is neither a property of ` +
          "`params` nor of `input`; bound one of those",
      });
      return [];
    }
  }
  const narrowed: Spec = { ...spec, input, ...(params === undefined ? {} : { params }) };
  return fc.sample(inputArbitrary(narrowed), {
    numRuns: family.count,
    // One stream per (run seed, family): adding a family leaves the others' files unchanged.
    seed: (seed * 1_000_003 + family.seed) | 0,
  }) as Record<string, unknown>[];
}

function hasProperty(schema: JsonSchema | undefined, field: string): boolean {
  return typeof schema === "object" &&
    Object.hasOwn((schema.properties ?? {}) as object, field);
}

/** `schema` with the keywords of `bound` laid over its property `field`. */
function narrow(schema: JsonSchema, field: string, bound: Readonly<Record<string, unknown>>) {
  const s = schema as Record<string, unknown>;
  const properties = s.properties as Record<string, Record<string, unknown>>;
  return { ...s, properties: { ...properties, [field]: { ...properties[field], ...bound } } };
}
