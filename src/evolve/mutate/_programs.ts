// Owns turning sources into ParsedPrograms for the mutator, with a small cache: parents and
// inspirations recur across proposals, and parsing is most of a proposal's cost.
import { findBlocks } from "../source/blocks.ts";
import { nodesInBlocks, type ParsedProgram } from "./_context.ts";
import { parseProgram } from "./_parse.ts";

/** A parsed program, or why it cannot be mutated: a phrase that reads after "parent <id>: ". */
export type Loaded = ParsedProgram | string;

/** Parses programs and keeps the most recently used ones. */
export class ProgramCache {
  readonly #entries = new Map<string, Loaded>();
  readonly #requireBlocks: boolean;
  readonly #capacity: number;

  constructor(requireBlocks: boolean, capacity = 64) {
    this.#requireBlocks = requireBlocks;
    this.#capacity = capacity;
  }

  /** The program of `source`, parsed once while it stays among the recently used. */
  load(source: string): Loaded {
    let entry = this.#entries.get(source);
    if (entry === undefined) {
      entry = this.#read(source);
      if (this.#entries.size >= this.#capacity) {
        this.#entries.delete(this.#entries.keys().next().value!);
      }
    } else this.#entries.delete(source);
    // Re-inserting marks the entry as the most recently used one.
    this.#entries.set(source, entry);
    return entry;
  }

  /**
   * Parses an edited source, uncached. `withNodes: false` skips listing the editable nodes when
   * only the syntax check is wanted (the last mutation of a candidate).
   */
  parseEdit(source: string, withNodes: boolean): Loaded {
    const { file, errors } = parseProgram(source);
    if (errors.length > 0) return errors[0];
    const scan = findBlocks(source);
    if (!scan.ok) return scan.reason;
    const nodes = withNodes ? nodesInBlocks(file, scan.blocks) : [];
    return { source, file, blocks: scan.blocks, marked: scan.marked, nodes };
  }

  #read(source: string): Loaded {
    const scan = findBlocks(source);
    if (!scan.ok) return scan.reason;
    if (!scan.marked && this.#requireBlocks) {
      return "no // EVOLVE-BLOCK-START / // EVOLVE-BLOCK-END markers; add them around " +
        "the code to evolve, or set requireBlocks: false to evolve the whole file";
    }
    const { file, errors } = parseProgram(source);
    if (errors.length > 0) {
      return `does not parse (${errors[0]}); the offline mutator only edits programs that parse`;
    }
    return {
      source,
      file,
      blocks: scan.blocks,
      marked: scan.marked,
      nodes: nodesInBlocks(file, scan.blocks),
    };
  }
}
