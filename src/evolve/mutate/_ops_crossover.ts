// Owns crossover: replace a function, or a whole EVOLVE-BLOCK body, of the program with the one of
// the same name from an inspiration program.
import { ts } from "ts-morph";
import { blockKey } from "../source/blocks.ts";
import {
  type Donor,
  lineAt,
  type MutationContext,
  type MutationOperator,
  textOf,
} from "./_context.ts";

/** A piece of evolvable material that programs of one lineage share by name. */
interface Unit {
  readonly kind: "function" | "block";
  /** Function name, or block key (`name` or `#index`). */
  readonly name: string;
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** Named function-like declarations inside blocks: `function f`, `const f = (...) => ...`. */
function functionUnits(donor: Donor): Unit[] {
  const out: Unit[] = [];
  for (const node of donor.nodes) {
    let name: string | undefined;
    if (ts.isFunctionDeclaration(node) && node.name && node.body) name = node.name.text;
    else if (ts.isVariableStatement(node) && node.declarationList.declarations.length === 1) {
      const d = node.declarationList.declarations[0];
      const fn = d.initializer && (ts.isArrowFunction(d.initializer) ||
        ts.isFunctionExpression(d.initializer));
      if (fn && ts.isIdentifier(d.name)) name = d.name.text;
    }
    if (name === undefined) continue;
    const start = node.getStart(donor.file);
    out.push({ kind: "function", name, start, end: node.end, text: textOf(donor, node) });
  }
  return out;
}

/** Units by key; the first declaration of a name wins (overloads, redeclarations). */
function unitsOf(donor: Donor): Map<string, Unit> {
  const units = new Map<string, Unit>();
  // Without markers the one block is the whole file: swapping it would copy the donor outright.
  const blocks = donor.marked ? donor.blocks : [];
  const all = [
    ...blocks.map((b): Unit => ({
      kind: "block",
      name: blockKey(b),
      start: b.start,
      end: b.end,
      text: b.content,
    })),
    ...functionUnits(donor),
  ];
  for (const u of all) {
    const key = `${u.kind}:${u.name}`;
    if (!units.has(key)) units.set(key, u);
  }
  return units;
}

// Inspirations recur across many proposals; their units are worked out once per parsed tree.
const donorUnits = new WeakMap<ts.SourceFile, Map<string, Unit>>();

function unitsOfDonor(donor: Donor): Map<string, Unit> {
  let units = donorUnits.get(donor.file);
  if (!units) {
    units = unitsOf(donor);
    donorUnits.set(donor.file, units);
  }
  return units;
}

const crossover: MutationOperator = {
  name: "crossover",
  description: "replace a function (or a whole EVOLVE-BLOCK body) with the one of the same name " +
    "from an inspiration program; needs inspirations whose version differs",
  defaultWeight: 2,
  mutate(ctx: MutationContext, rng) {
    if (ctx.donors.length === 0) return undefined;
    const own = unitsOf(ctx);
    const options = ctx.donors.flatMap((donor) =>
      [...unitsOfDonor(donor).values()]
        .map((theirs) => ({ donor, theirs, mine: own.get(`${theirs.kind}:${theirs.name}`) }))
        .filter((o) => o.mine !== undefined && o.mine.text !== o.theirs.text)
    );
    // Functions are the finer-grained exchange; whole blocks move more at once, so less often.
    const choice = rng.weighted(options, (o) => o.theirs.kind === "function" ? 2 : 1);
    if (!choice) return undefined;
    const { donor, theirs } = choice;
    const mine = choice.mine!;
    return {
      edit: { start: mine.start, end: mine.end, text: theirs.text },
      description: `crossover: ${theirs.kind} "${theirs.name}" from inspiration ${donor.id} at ` +
        lineAt(ctx, mine.start),
    };
  },
};

/** The crossover operator, in doc order. */
export const CROSSOVER_OPERATORS: readonly MutationOperator[] = [crossover];
