// Owns OfflineMutator: the keyless Proposer that turns a parent program into a candidate by seeded
// AST mutations inside its EVOLVE-BLOCKs, retrying mutations that do not parse or type-check.
import { createPatch } from "diff";
import { SpecEvolveError } from "../../errors/mod.ts";
import { editsOnlyInsideBlocks, findBlocks } from "../blocks.ts";
import type { ProgramRef, ProposalRequest, ProposalResult, Proposer } from "../proposer.ts";
import {
  applyEdit,
  buildContext,
  type Donor,
  type Mutation,
  type MutationContext,
  type OperatorName,
} from "./_context.ts";
import { SourceParser } from "./_parse.ts";
import { Rng } from "./_rng.ts";
import { OPERATORS } from "./operators.ts";

/** One diagnostic of the optional type-check hook. */
export interface TypecheckDiagnostic {
  readonly message: string;
}

/** How the offline mutator searches. */
export interface OfflineMutatorOptions {
  /** Relative weight per operator; 0 disables one. @default each operator's `defaultWeight` */
  readonly weights?: Partial<Readonly<Record<OperatorName, number>>>;
  /** Fewest mutations stacked into one proposal. @default 1 */
  readonly minMutations?: number;
  /** Most mutations stacked into one proposal (drawn uniformly in [min, max]). @default 2 */
  readonly maxMutations?: number;
  /** Candidates built per proposal before giving up with `ok: false`. @default 10 */
  readonly maxAttempts?: number;
  /** Refuse a parent without EVOLVE-BLOCK markers instead of evolving the whole file. @default false */
  readonly requireBlocks?: boolean;
  /**
   * Type-checks a candidate before it is proposed; any diagnostic discards it (counted in
   * `stats.typecheckRejected`) so it never reaches the sandbox. @default undefined (no check)
   */
  readonly typecheck?: (source: string) => readonly TypecheckDiagnostic[];
}

/** OfflineMutatorOptions with every default filled in. */
export interface ResolvedOfflineMutatorOptions {
  readonly weights: Readonly<Record<OperatorName, number>>;
  readonly minMutations: number;
  readonly maxMutations: number;
  readonly maxAttempts: number;
  readonly requireBlocks: boolean;
  readonly typecheck?: (source: string) => readonly TypecheckDiagnostic[];
}

/** Counters since the mutator was made; `attempts` counts candidates built. */
export interface OfflineMutatorStats {
  readonly proposals: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly attempts: number;
  readonly syntaxRejected: number;
  readonly typecheckRejected: number;
  readonly unchangedRejected: number;
  /** Candidates that changed code outside the blocks; a bug guard that should stay 0. */
  readonly outsideRejected: number;
}

function invalid(field: string, message: string): never {
  throw new SpecEvolveError(`OfflineMutatorOptions.${field}: ${message}`);
}

/** Fills defaults into `options` and checks them; throws SpecEvolveError naming the bad field. */
export function resolveOfflineMutatorOptions(
  options: OfflineMutatorOptions = {},
): ResolvedOfflineMutatorOptions {
  const weights = Object.fromEntries(OPERATORS.map((op) => {
    const w = options.weights?.[op.name] ?? op.defaultWeight;
    if (!(Number.isFinite(w) && w >= 0)) invalid(`weights.${op.name}`, `${w} is not a weight >= 0`);
    return [op.name, w];
  })) as Record<OperatorName, number>;
  for (const name of Object.keys(options.weights ?? {})) {
    if (!(name in weights)) {
      invalid("weights", `unknown operator "${name}"; known: ${Object.keys(weights).join(", ")}`);
    }
  }
  if (Object.values(weights).every((w) => w === 0)) invalid("weights", "all weights are 0");
  const minMutations = options.minMutations ?? 1;
  const maxMutations = options.maxMutations ?? Math.max(2, minMutations);
  const maxAttempts = options.maxAttempts ?? 10;
  for (const [field, value] of Object.entries({ minMutations, maxMutations, maxAttempts })) {
    if (!Number.isInteger(value) || value < 1) invalid(field, `${value} is not an integer >= 1`);
  }
  if (maxMutations < minMutations) {
    invalid("maxMutations", `${maxMutations} is below minMutations ${minMutations}`);
  }
  return {
    weights,
    minMutations,
    maxMutations,
    maxAttempts,
    requireBlocks: options.requireBlocks ?? false,
    ...(options.typecheck ? { typecheck: options.typecheck } : {}),
  };
}

const NAME = "offline";
const DONOR_CACHE_SIZE = 64;

/** Keyless Proposer: seeded AST mutations and crossover inside EVOLVE-BLOCKs, no LLM, no network. */
export class OfflineMutator implements Proposer {
  readonly name = NAME;
  readonly options: ResolvedOfflineMutatorOptions;
  readonly #parser = new SourceParser();
  readonly #donors = new Map<string, Donor | null>();
  #stats = {
    proposals: 0,
    succeeded: 0,
    failed: 0,
    attempts: 0,
    syntaxRejected: 0,
    typecheckRejected: 0,
    unchangedRejected: 0,
    outsideRejected: 0,
  };

  constructor(options: OfflineMutatorOptions = {}) {
    this.options = resolveOfflineMutatorOptions(options);
  }

  /** A snapshot of the counters. */
  get stats(): OfflineMutatorStats {
    return { ...this.#stats };
  }

  /** Proposes a mutated copy of the parent; never throws, bad input gives `ok: false`. */
  propose(request: ProposalRequest): Promise<ProposalResult> {
    this.#stats.proposals++;
    let result: ProposalResult;
    try {
      result = this.#propose(request);
    } catch (e) {
      // A bug here must not end a long run; the reason carries it to the run log.
      result = this.#fail(`internal error (please report): ${e instanceof Error ? e.stack : e}`);
    }
    if (result.ok) this.#stats.succeeded++;
    else this.#stats.failed++;
    return Promise.resolve(result);
  }

  #propose(request: ProposalRequest): ProposalResult {
    const { parent } = request;
    const prepared = this.#prepare(parent);
    if (typeof prepared === "string") return this.#fail(prepared);
    const donors = request.inspirations.map((p) => this.#donor(p)).filter((d) => d !== null);
    const start = buildContext(prepared, donors);
    const rng = new Rng(request.seed);
    const rejected: { kind: string; message: string }[] = [];
    for (let attempt = 0; attempt < this.options.maxAttempts; attempt++) {
      this.#stats.attempts++;
      const count = rng.int(this.options.minMutations, this.options.maxMutations);
      const steps: { operator: OperatorName; mutation: Mutation }[] = [];
      let ctx: MutationContext = start;
      let broken: string | undefined;
      for (let i = 0; i < count && broken === undefined; i++) {
        const step = this.#mutateOnce(ctx, rng);
        if (!step) break;
        const source = applyEdit(ctx.source, step.mutation.edit);
        const parsed = this.#parser.parse(source);
        if (parsed.errors.length > 0) broken = `${step.mutation.description}: ${parsed.errors[0]}`;
        else {
          const scan = findBlocks(source);
          if (!scan.ok) broken = `${step.mutation.description}: ${scan.reason}`;
          else {
            ctx = buildContext(
              { ...prepared, source, file: parsed.file, blocks: scan.blocks },
              donors,
            );
          }
        }
        steps.push(step);
      }
      if (steps.length === 0 && attempt === 0) {
        return this.#fail(noSiteReason(start, parent.id, this.options));
      }
      const rejection = steps.length === 0
        ? { kind: "found no site", message: "a perturbation gave the same value" }
        : broken === undefined
        ? this.#vet(parent.source, ctx.source)
        : { kind: "did not parse", message: broken };
      if (broken !== undefined) this.#stats.syntaxRejected++;
      if (rejection) {
        rejected.push(rejection);
        continue;
      }
      return {
        ok: true,
        proposal: {
          source: ctx.source,
          description: steps.map((s) => s.mutation.description).join("; "),
          diff: createPatch(`${parent.id}.ts`, parent.source, ctx.source, parent.id, "proposal", {
            context: 2,
          }),
          proposer: `${NAME}:${[...new Set(steps.map((s) => s.operator))].join("+")}`,
        },
      };
    }
    return this.#fail(exhaustedReason(parent.id, rejected));
  }

  /** The parent as a parsed donor, or why it cannot be mutated. */
  #prepare(parent: ProgramRef): Donor | string {
    const scan = findBlocks(parent.source);
    if (!scan.ok) return `parent ${parent.id}: ${scan.reason}`;
    if (!scan.marked && this.options.requireBlocks) {
      return `parent ${parent.id} has no // EVOLVE-BLOCK-START / // EVOLVE-BLOCK-END markers; ` +
        `add them around the code to evolve, or set requireBlocks: false to evolve the whole file`;
    }
    const parsed = this.#parser.parse(parent.source);
    if (parsed.errors.length > 0) {
      return `parent ${parent.id} does not parse (${parsed.errors[0]}); ` +
        `the offline mutator only edits programs that parse`;
    }
    return { id: parent.id, source: parent.source, file: parsed.file, ...scan };
  }

  /** An inspiration as a donor, parsed once and cached; null when it cannot serve as one. */
  #donor(program: ProgramRef): Donor | null {
    const cached = this.#donors.get(program.source);
    if (cached !== undefined) return cached && { ...cached, id: program.id };
    const prepared = this.#prepare(program);
    const donor = typeof prepared === "string" ? null : prepared;
    if (this.#donors.size >= DONOR_CACHE_SIZE) {
      this.#donors.delete(this.#donors.keys().next().value!);
    }
    this.#donors.set(program.source, donor);
    return donor;
  }

  /** One mutation by a weighted operator; operators without a site are dropped and redrawn. */
  #mutateOnce(
    ctx: MutationContext,
    rng: Rng,
  ): { operator: OperatorName; mutation: Mutation } | undefined {
    const left = OPERATORS.filter((op) => this.options.weights[op.name] > 0);
    while (left.length > 0) {
      const op = rng.weighted(left, (o) => this.options.weights[o.name])!;
      const mutation = op.mutate(ctx, rng);
      if (mutation) return { operator: op.name, mutation };
      left.splice(left.indexOf(op), 1);
    }
    return undefined;
  }

  /** Why a syntactically valid candidate is unusable, or undefined when it is fine. */
  #vet(parent: string, source: string): { kind: string; message: string } | undefined {
    if (source === parent) {
      this.#stats.unchangedRejected++;
      return { kind: "left the program unchanged", message: "the mutations cancelled out" };
    }
    const inside = editsOnlyInsideBlocks(parent, source);
    if (!inside.ok) {
      this.#stats.outsideRejected++;
      return { kind: "edited outside the blocks", message: inside.reason };
    }
    const diagnostics = this.options.typecheck?.(source) ?? [];
    if (diagnostics.length > 0) {
      this.#stats.typecheckRejected++;
      return { kind: "failed the type check", message: diagnostics[0].message };
    }
    return undefined;
  }

  #fail(reason: string): ProposalResult {
    return { ok: false, reason: `${NAME} mutator: ${reason}`, proposer: NAME };
  }
}

function noSiteReason(ctx: MutationContext, id: string, options: ResolvedOfflineMutatorOptions) {
  const enabled = OPERATORS.filter((op) => options.weights[op.name] > 0).map((op) => op.name);
  const empty = ctx.blocks.every((b) => b.content.trim() === "");
  const where = ctx.marked
    ? `the ${ctx.blocks.length} EVOLVE-BLOCK(s) of parent ${id}${empty ? " (all empty)" : ""}`
    : `parent ${id} (no markers: the whole file)`;
  return `no mutation site in ${where} for the enabled operators (${enabled.join(", ")}); ` +
    `put code with constants, operators or statements between the markers, or enable more operators`;
}

function exhaustedReason(id: string, rejected: readonly { kind: string; message: string }[]) {
  const byKind = new Map<string, { count: number; first: string }>();
  for (const r of rejected) {
    const entry = byKind.get(r.kind) ?? { count: 0, first: r.message };
    entry.count++;
    byKind.set(r.kind, entry);
  }
  const parts = [...byKind].map(([kind, { count, first }]) => `${count} ${kind} (first: ${first})`);
  return `all ${rejected.length} candidates from parent ${id} were rejected: ${
    parts.join("; ")
  }; ` +
    `try another seed or parent`;
}
