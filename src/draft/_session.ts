// Owns one draft's state while it is refined: the document, the spec it loads as, the rules the
// researcher dropped and the answers given, and the advisor's bounded repair budget shared by load
// errors and inputs the function fails on.
import { isSpecEvolveError } from "../errors/mod.ts";
import type { EvaluationFailure } from "../evaluate/mod.ts";
import { compileSpec, loadSpec } from "../spec/mod.ts";
import type { Spec } from "../spec/types.ts";
import { type DraftDocument, keepRules, renderDraft, withProposal } from "./compose.ts";
import type { DraftRule } from "./generic_rules.ts";
import type { Answer, DraftOptions } from "./types.ts";
import { type BrokenRule, findBrokenRules } from "./verify.ts";

/** A draft being refined: write, load (repairing), check against the function, ask. */
export class DraftSession {
  /** Header comment lines of the written spec. */
  readonly header: string[];
  readonly answered: (BrokenRule & { answer: Answer })[] = [];
  repairs = 0;
  #doc: DraftDocument;
  #spec?: Spec;
  /** Rules the researcher dropped stay dropped, whatever a later proposal repeats. */
  readonly #dropped = new Set<string>();
  readonly #options: DraftOptions;
  readonly #code: string;

  constructor(options: DraftOptions, code: string, doc: DraftDocument, header: string[]) {
    this.#options = options;
    this.#code = code;
    this.#doc = doc;
    this.header = header;
  }

  /** The spec as last loaded. */
  get spec(): Spec {
    if (!this.#spec) throw new Error("DraftSession: the draft has not been loaded yet");
    return this.#spec;
  }

  /** The document as it stands. */
  get document(): DraftDocument {
    return this.#doc;
  }

  /** The document's rules. */
  get rules(): DraftRule[] {
    return (this.#doc.invariants ?? []) as DraftRule[];
  }

  /** The document as the advisor reads it (no header). */
  text(): string {
    return renderDraft(this.#doc, []);
  }

  /** Writes the spec file. */
  async write(): Promise<void> {
    await Deno.writeTextFile(this.#options.out, renderDraft(this.#doc, this.header));
  }

  /** Takes `doc`, writes and loads it; load errors go to the advisor while the budget lasts. */
  async load(doc: DraftDocument = this.#doc): Promise<void> {
    this.#doc = keepRules(doc, this.#dropped);
    for (;;) {
      await this.write();
      try {
        this.#spec = await loadSpec(this.#options.out);
        return;
      } catch (e) {
        const fixable = this.#options.advisor && isSpecEvolveError(e) && e.kind === "spec";
        if (!fixable || !this.canRepair()) throw e;
        this.#log("the draft does not load");
        await this.#repair(e.message);
      }
    }
  }

  /** Whether the advisor may still be asked for a repair. */
  canRepair(): boolean {
    return this.#options.advisor !== undefined && this.repairs < (this.#options.maxRepairs ?? 3);
  }

  /**
   * Runs the gate on the researcher's function, asks about each rule it breaks, drops those
   * answered "drop", and returns a failure that is no rule's (the function threw, …).
   */
  async check(): Promise<EvaluationFailure | undefined> {
    const spec = this.spec;
    const found = await findBrokenRules(
      spec,
      await compileSpec(spec),
      this.#options.sandbox,
      this.#code,
    );
    let drops = 0;
    for (const rule of found.broken) {
      const answer = await this.#options.ask(rule);
      this.answered.push({ ...rule, answer });
      if (answer === "drop") {
        this.#dropped.add(rule.id);
        drops++;
      }
    }
    if (drops > 0) await this.load();
    return found.failure;
  }

  /** Sends the function's failure on a generated input to the advisor and reloads its fix. */
  async repairFailure(failure: EvaluationFailure): Promise<void> {
    this.#log("the function fails on a generated input");
    await this.#repair(gateError(failure));
    await this.load();
  }

  async #repair(errors: string): Promise<void> {
    this.repairs++;
    this.#log(`repair ${this.repairs} of ${this.#options.maxRepairs ?? 3} …`);
    const fix = await this.#options.advisor!.repair({ draft: this.text(), errors });
    this.#doc = keepRules(withProposal(this.#doc, fix), this.#dropped);
  }

  #log(line: string): void {
    this.#options.log?.(line);
  }
}

/** The gate's failure of the researcher's function, worded for the advisor. */
function gateError(failure: EvaluationFailure): string {
  return `The researcher's function fails on this generated input: ` +
    `${JSON.stringify(failure.counterexample)} (${failure.message}). The input schema admits ` +
    "inputs the function is not meant for: narrow it (integer types, minimum/maximum, " +
    "minItems/maxItems) or add derive/assume so that every generated input is a valid one.";
}
