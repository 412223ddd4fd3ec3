// Owns what a mutation operator sees and returns: the parsed program with its EVOLVE-BLOCKs, the
// nodes it may touch, the inspirations it may borrow from, and the single text edit it makes.
import { ts } from "ts-morph";
import { type EvolveBlock, isInsideBlock } from "../source/blocks.ts";
import type { Rng } from "../../random/rng.ts";

/** Replace `[start, end)` of the source with `text`. */
export interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** One applied change and how to describe it to a reader. */
export interface Mutation {
  readonly edit: Edit;
  /** e.g. `constant 0.5 -> 0.61 at line 40`. */
  readonly description: string;
}

/** A parsed program with its EVOLVE-BLOCKs and the nodes inside them. */
export interface ParsedProgram {
  readonly source: string;
  readonly file: ts.SourceFile;
  readonly blocks: readonly EvolveBlock[];
  /** False when the program had no markers (the whole file is its one block). */
  readonly marked: boolean;
  /** Every node lying wholly inside a block content, in source order: the only editable nodes. */
  readonly nodes: readonly ts.Node[];
}

/** A program an operator may borrow from (an inspiration), or the one it edits. */
export interface Donor extends ParsedProgram {
  readonly id: string;
}

/** Everything an operator may read: one program, its blocks, and the donors. */
export interface MutationContext extends Donor {
  readonly donors: readonly Donor[];
}

/** The names of the operators, in the order the docs list them. */
export type OperatorName =
  | "constant"
  | "compare"
  | "arithmetic"
  | "math"
  | "negate"
  | "statement"
  | "comparator"
  | "crossover";

/** A mutation operator: finds its sites in the context and makes one edit at a seeded choice. */
export interface MutationOperator {
  readonly name: OperatorName;
  /** One line for the docs and for `--help`. */
  readonly description: string;
  /** Relative weight when no weight is configured. */
  readonly defaultWeight: number;
  /** One mutation, or undefined when the program has no site for this operator. */
  mutate(ctx: MutationContext, rng: Rng): Mutation | undefined;
}

/** Nodes wholly inside some block, in source order; subtrees away from every block are skipped. */
export function nodesInBlocks(file: ts.SourceFile, blocks: readonly EvolveBlock[]): ts.Node[] {
  const out: ts.Node[] = [];
  const visit = (node: ts.Node): void => {
    if (!blocks.some((b) => node.pos < b.end && b.start < node.end)) return;
    if (isInsideBlock(blocks, node.getStart(file), node.end)) out.push(node);
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(file, visit);
  return out;
}

/** True when the node's text (without leading trivia) lies within one block. */
export function isEditable(ctx: Donor, node: ts.Node): boolean {
  return isInsideBlock(ctx.blocks, node.getStart(ctx.file), node.end);
}

/** The source text of a node, without leading trivia. */
export function textOf(ctx: Donor, node: ts.Node): string {
  return ctx.source.slice(node.getStart(ctx.file), node.end);
}

/** An edit replacing the node's text (leading trivia kept). */
export function replaceNode(ctx: Donor, node: ts.Node, text: string): Edit {
  return { start: node.getStart(ctx.file), end: node.end, text };
}

/** `line N` of a position, 1-based, for descriptions. */
export function lineAt(ctx: Donor, pos: number): string {
  return `line ${ctx.file.getLineAndCharacterOfPosition(pos).line + 1}`;
}

/** A node's text on one line, cut to `max` characters, for descriptions. */
export function snippet(ctx: Donor, node: ts.Node, max = 40): string {
  const flat = textOf(ctx, node).replace(/\s+/g, " ").replace(/;$/, "");
  return flat.length <= max ? flat : flat.slice(0, max - 1) + "…";
}

/** Applies one edit to a source. */
export function applyEdit(source: string, edit: Edit): string {
  return source.slice(0, edit.start) + edit.text + source.slice(edit.end);
}
