// Owns turning a workload directory into cases held to the spec: files read by the built-in
// formats or the spec's trusted `cases` function, every case checked against `input`, `assume` and
// `derive` once, before any candidate runs, and any fault reported as a located SpecError.
import { join, relative } from "node:path";
import { SpecError, type SpecIssue } from "../errors/mod.ts";
import type { CasesFn, WorkloadCase, WorkloadFile } from "../evaluate/types.ts";
import { type CaseChecker, compileCaseCheck } from "../spec/case_check.ts";
import { importTrusted } from "../evaluate/trusted.ts";
import { parseYaml } from "../spec/_yaml.ts";
import type { ModuleRef, Spec } from "../spec/types.ts";
import { decodeCases, fileText, isBuiltinFormat, type RawCase } from "./_decode.ts";

/** The cases of one workload file. */
export interface LoadedWorkload {
  readonly name: string;
  /** Absolute path of the file. */
  readonly path: string;
  readonly cases: readonly WorkloadCase[];
}

/** Most problems reported per file: a wrong generator repeats one fault in every case. */
const MAX_ISSUES = 10;

/** Lists workload files (sorted by name, hidden files skipped) in `dir`; throws if it is missing. */
export async function listWorkloadFiles(dir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (entry.isFile && !entry.name.startsWith(".")) names.push(entry.name);
  }
  return names.sort();
}

export interface WorkloadSetsOptions {
  readonly spec: Spec;
  /** The spec's trusted `workloads.cases` function; without it, files use the built-in formats. */
  readonly cases?: CasesFn;
}

/** Loads and checks the spec's workload directories, once per file per process. */
export class WorkloadSets {
  readonly #spec: Spec;
  readonly #cases?: CasesFn;
  readonly #check: CaseChecker;
  readonly #loaded = new Map<string, Promise<LoadedWorkload>>();

  constructor(options: WorkloadSetsOptions) {
    this.#spec = options.spec;
    this.#cases = options.cases;
    this.#check = compileCaseCheck(options.spec);
  }

  /**
   * The workloads of the spec's `train` or `holdout` directory, in file-name order.
   *
   * @throws SpecError when the directory is missing or empty, or a file or case breaks the spec.
   */
  async load(split: "train" | "holdout"): Promise<LoadedWorkload[]> {
    const workloads = this.#spec.workloads;
    if (!workloads) return [];
    const dir = workloads[split];
    const names = await this.#names(split, dir);
    const results = await Promise.allSettled(names.map((name) => this.#loadFile(dir, name)));
    // Every file's faults at once, so one run of `check` lists all that needs fixing.
    const issues = results.flatMap((r) =>
      r.status === "rejected" && r.reason instanceof SpecError ? r.reason.issues : []
    );
    if (issues.length > 0) throw new SpecError(issues);
    const failed = results.find((r) => r.status === "rejected");
    if (failed) throw (failed as PromiseRejectedResult).reason;
    return results.map((r) => (r as PromiseFulfilledResult<LoadedWorkload>).value);
  }

  async #names(split: "train" | "holdout", dir: string): Promise<string[]> {
    const spec = this.#spec;
    const at = { file: spec.file, pointer: `/workloads/${split}` };
    const regenerate = spec.workloads?.generate
      ? `; write it with \`deno task workloads ${relative(Deno.cwd(), spec.file)}\``
      : "";
    let all: string[];
    try {
      all = await listWorkloadFiles(dir);
    } catch {
      throw new SpecError([{
        ...at,
        message: `the ${split} workload directory ${dir} does not exist${regenerate}`,
      }]);
    }
    // Without a cases function only the built-in formats are workloads; a README may sit beside.
    const names = this.#cases ? all : all.filter(isBuiltinFormat);
    if (names.length === 0) {
      const others = all.length > 0 ? ` (it holds ${all.join(", ")}, none a workload file)` : "";
      throw new SpecError([{
        ...at,
        message: `the ${split} workload directory ${dir} is empty${others}: a workload set ` +
          `with no cases cannot score a program${regenerate}`,
      }]);
    }
    return names;
  }

  #loadFile(dir: string, name: string): Promise<LoadedWorkload> {
    const path = join(dir, name);
    let pending = this.#loaded.get(path);
    if (!pending) {
      pending = this.#read(path, name);
      this.#loaded.set(path, pending);
    }
    return pending;
  }

  async #read(path: string, name: string): Promise<LoadedWorkload> {
    const bytes = await Deno.readFile(path);
    const casesRef = this.#spec.workloads?.cases;
    let text: string | undefined;
    let raw: RawCase[];
    if (this.#cases && casesRef) {
      raw = (await callCases(this.#cases, casesRef, { path, name, bytes })).map((value, i) => ({
        value,
        pointer: `/${i}`,
      }));
    } else {
      text = await fileText(path, bytes);
      raw = decodeCases(path, text, this.#spec.input);
    }
    if (raw.length === 0) {
      throw new SpecError([{
        file: path,
        pointer: "",
        message: "workload file holds no cases; add cases or remove the file",
      }]);
    }
    const issues: SpecIssue[] = [];
    const cases = raw.map((c, i) => {
      const problems = this.#caseProblems(c.value);
      for (const p of problems.slice(0, Math.max(0, MAX_ISSUES - issues.length))) {
        issues.push({
          file: path,
          ...(c.line === undefined ? {} : { line: c.line, column: 1 }),
          pointer: `${c.pointer}${p.pointer}`,
          message: `case ${i}${casesRef ? ` (from workloads.cases ${refName(casesRef)})` : ""} ` +
            `${p.message}; fix the workload file${casesRef ? " or the cases function" : ""}`,
        });
      }
      return c.value as WorkloadCase;
    });
    if (issues.length > 0) throw new SpecError(locateInJson(path, text, issues));
    return { name, path, cases };
  }

  /** Problems of one case: its shape `{ input, context? }`, then the input against the spec. */
  #caseProblems(value: unknown): { pointer: string; message: string }[] {
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      return [{ pointer: "", message: "is not an object { input, context? }" }];
    }
    const extra = Object.keys(value).filter((k) => k !== "input" && k !== "context");
    if (!("input" in value) || extra.length > 0) {
      return [{
        pointer: "",
        message: `must be an object { input, context? }${
          extra.length ? ` (unknown key ${extra.map((k) => `\`${k}\``).join(", ")})` : ""
        }`,
      }];
    }
    return this.#check((value as { input: unknown }).input).map((p) => ({
      pointer: `/input${p.pointer}`,
      message: p.message,
    }));
  }
}

/** Calls the trusted `cases` function; a throw or a wrong result is a SpecError naming it. */
async function callCases(fn: CasesFn, ref: ModuleRef, file: WorkloadFile): Promise<unknown[]> {
  let result: unknown;
  try {
    result = await fn(file);
  } catch (e) {
    throw new SpecError([{
      file: file.path,
      pointer: "",
      message: `workloads.cases ${refName(ref)} threw on this file: ${
        (e as Error)?.message ?? e
      }; fix the file or the function`,
    }], { cause: e });
  }
  if (!Array.isArray(result)) {
    throw new SpecError([{
      ...ref.at,
      pointer: "/workloads/cases",
      message: `workloads.cases ${refName(ref)} returned ${typeof result} for ${file.name}, ` +
        "not a list of cases { input, context? }",
    }]);
  }
  return result;
}

function refName(ref: ModuleRef): string {
  return `${relative(Deno.cwd(), ref.path)}#${ref.name}`;
}

/** Adds line and column to issues in a JSON file (parsed again with positions, only on error). */
function locateInJson(path: string, text: string | undefined, issues: SpecIssue[]): SpecIssue[] {
  if (text === undefined || !/\.json(\.gz)?$/i.test(path)) return issues;
  const { source } = parseYaml(path, text);
  if (!source) return issues;
  return issues.map((i) => (i.line === undefined ? { ...i, ...source.locate(i.pointer) } : i));
}

/** The checked workloads of `spec`'s `train` or `holdout` set, read exactly as `check` reads them. */
export async function loadSpecWorkloads(
  spec: Spec,
  split: "train" | "holdout",
): Promise<LoadedWorkload[]> {
  const ref = spec.workloads?.cases;
  const cases = ref ? await importTrusted<CasesFn>(ref, "workloads.cases") : undefined;
  return await new WorkloadSets({ spec, ...(cases ? { cases } : {}) }).load(split);
}
