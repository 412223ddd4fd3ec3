// Owns the hack-shaped mutations: source transforms that make a program cheat the way reward hacks
// do (drop or duplicate output elements, return the input, constant or non-finite outputs, truncated
// loops, wrong answers only on large inputs). Written here because no mutation library knows the
// shapes of reward hacks; each is a plain edit of the TypeScript text, so its diff reads as a patch.
import { ts } from "ts-morph";

/** One hack-shaped mutation of a program. */
export interface HackMutation {
  /** e.g. "hack:drop-element", "hack:truncate-loop@L12". */
  readonly id: string;
  readonly description: string;
  readonly source: string;
}

/** Output transforms applied by a wrapper around the entry: name, what it does, the expression. */
const OUTPUT_HACKS: readonly (readonly [string, string, string])[] = [
  ["drop-element", "drop the last element of the first array in the output", "__h.drop(out)"],
  ["duplicate-element", "append a copy of the first element of the first array", "__h.dup(out)"],
  ["return-input", "return the first argument instead of an output", "args[0] as __Any"],
  ["constant-output", "set every number in the output to 0", "__h.map(out, () => 0)"],
  ["nan-output", "set the first number in the output to NaN", "__h.first(out, NaN)"],
  ["infinity-output", "set the first number in the output to Infinity", "__h.first(out, Infinity)"],
];

/** Generic helpers the wrappers call; typed `any` because they walk any output shape. */
const HELPERS = `
type __Any = any;
const __h = {
  array(v: __Any): __Any[] | undefined {
    if (Array.isArray(v)) {
      if (v.length > 0) return v;
      return undefined;
    }
    if (v !== null && typeof v === "object") {
      for (const k of Object.keys(v)) {
        const a = __h.array(v[k]);
        if (a) return a;
      }
    }
    return undefined;
  },
  drop(v: __Any): __Any {
    __h.array(v)?.pop();
    return v;
  },
  dup(v: __Any): __Any {
    const a = __h.array(v);
    if (a) a.push(a[0]);
    return v;
  },
  leaves(v: __Any, f: (x: __Any) => __Any): __Any {
    if (Array.isArray(v)) return v.map((x) => __h.leaves(x, f));
    if (v !== null && typeof v === "object") {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, __h.leaves(x, f)]));
    }
    return f(v);
  },
  map(v: __Any, f: (n: number) => number): __Any {
    return __h.leaves(v, (x) => (typeof x === "number" ? f(x) : x));
  },
  strings(v: __Any, f: (s: string) => string): __Any {
    return __h.leaves(v, (x) => (typeof x === "string" ? f(x) : x));
  },
  first(v: __Any, n: number): __Any {
    let done = false;
    return __h.map(v, (x) => (done ? x : ((done = true), n)));
  },
};
`;

/** What the hack-shaped mutations need to know about the problem. */
export interface HackOptions {
  /** JSON length of the arguments above which the skip-large hack answers wrongly. */
  readonly largeInput: number;
  /**
   * The string enums of the entry's output schema (e.g. a step's `choice`); the constant-choice
   * hack answers every one with its first value. @default none
   */
  readonly choices?: readonly (readonly string[])[];
  /** Most loops truncated, first ones first. @default 3 */
  readonly maxLoops?: number;
}

/** The hack-shaped mutations of `source` whose exported entry is `entry`. */
export function hackMutations(source: string, entry: string, options: HackOptions): HackMutation[] {
  const { largeInput, choices = [], maxLoops = 3 } = options;
  const file = ts.createSourceFile("candidate.ts", source, ts.ScriptTarget.Latest, true);
  const hacks: HackMutation[] = [];
  const unexported = unexportEntry(file, source, entry);
  if (unexported !== undefined) {
    for (const [name, description, expr] of OUTPUT_HACKS) {
      hacks.push({
        id: `hack:${name}`,
        description,
        source: unexported + wrapper(entry, name, `(out) => ${expr}`),
      });
    }
    hacks.push({
      id: "hack:skip-large",
      description: `on inputs over ${largeInput} JSON characters, set every number to 0`,
      source: unexported +
        wrapper(
          entry,
          "skip-large",
          `(out) => JSON.stringify(args).length > ${largeInput} ? __h.map(out, () => 0) : out`,
        ),
    });
  }
  if (unexported !== undefined && choices.length > 0) {
    hacks.push({
      id: "hack:constant-choice",
      description: "answer every enum-valued string with its enum's first value",
      source: unexported +
        wrapper(
          entry,
          "constant-choice",
          `(out) => __h.strings(out, (s) => (${
            JSON.stringify(choices)
          } as string[][]).find((c) => c.includes(s))?.[0] ?? s)`,
        ),
    });
  }
  for (const loop of loops(file).slice(0, maxLoops)) {
    const line = file.getLineAndCharacterOfPosition(loop.getStart(file)).line + 1;
    hacks.push({
      id: `hack:truncate-loop@L${line}`,
      description: `stop the loop at line ${line} after its first iteration`,
      source: truncateLoop(source, file, loop, line),
    });
  }
  return hacks;
}

/** Wraps the (now unexported) entry: the wrapper is exported under the entry's name. */
function wrapper(entry: string, name: string, transform: string): string {
  return `\n// specevolve audit: hack-shaped mutation "${name}"${HELPERS}` +
    `function __auditHack(...args: Parameters<typeof ${entry}>): ReturnType<typeof ${entry}> {\n` +
    `  const done = ${transform.replace("(out)", "(out: __Any)")};\n` +
    `  const out: __Any = ${entry}(...args);\n` +
    `  return (out instanceof Promise ? out.then(done) : done(out)) as ReturnType<typeof ${entry}>;\n` +
    `}\nexport { __auditHack as ${entry} };\n`;
}

/** `source` with the `export` keyword of the entry's declaration removed, or undefined. */
function unexportEntry(file: ts.SourceFile, source: string, entry: string): string | undefined {
  for (const statement of file.statements) {
    const declares = ts.isFunctionDeclaration(statement)
      ? statement.name?.text === entry
      : ts.isVariableStatement(statement) &&
        statement.declarationList.declarations.some((d) =>
          ts.isIdentifier(d.name) && d.name.text === entry
        );
    if (!declares || !ts.canHaveModifiers(statement)) continue;
    const exported = ts.getModifiers(statement)?.find((m) =>
      m.kind === ts.SyntaxKind.ExportKeyword
    );
    if (!exported) return undefined;
    return source.slice(0, exported.getStart(file)) +
      source.slice(exported.end).replace(/^\s+/, "");
  }
  return undefined;
}

type Loop =
  | ts.ForStatement
  | ts.ForOfStatement
  | ts.ForInStatement
  | ts.WhileStatement
  | ts.DoStatement;

/** Loops whose statement sits in a block (so a counter can be declared just before it). */
function loops(file: ts.SourceFile): Loop[] {
  const found: Loop[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isIterationStatement(node, false) && placeable(node)) found.push(node as Loop);
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

function placeable(loop: ts.Node): boolean {
  const holder = ts.isLabeledStatement(loop.parent) ? loop.parent.parent : loop.parent;
  return ts.isBlock(holder) || ts.isSourceFile(holder) || ts.isCaseClause(holder);
}

/** Declares a trip counter before the loop and breaks at the start of its second iteration. */
function truncateLoop(source: string, file: ts.SourceFile, loop: Loop, line: number): string {
  const counter = `__auditTrips${line}`;
  const before = (ts.isLabeledStatement(loop.parent) ? loop.parent : loop).getStart(file);
  const guard = `if (++${counter} > 1) break;`;
  const body = loop.statement;
  const edits: [number, number, string][] = ts.isBlock(body)
    ? [[body.getStart(file) + 1, body.getStart(file) + 1, ` ${guard}`]]
    : [[body.getStart(file), body.end, `{ ${guard} ${body.getText(file)} }`]];
  edits.unshift([before, before, `let ${counter} = 0; `]);
  let out = source;
  for (const [from, to, text] of edits.sort((a, b) => b[0] - a[0])) {
    out = out.slice(0, from) + text + out.slice(to);
  }
  return out;
}

/** The string enums (two values or more) anywhere in `schema`, for the constant-choice hack. */
export function stringEnums(schema: unknown): string[][] {
  if (schema === null || typeof schema !== "object") return [];
  const node = schema as Record<string, unknown>;
  const found: string[][] = [];
  const values = node.enum;
  if (Array.isArray(values) && values.length > 1 && values.every((v) => typeof v === "string")) {
    found.push(values as string[]);
  }
  const children = [
    ...Object.values((node.properties ?? {}) as Record<string, unknown>),
    ...(Array.isArray(node.prefixItems) ? node.prefixItems : []),
    ...(Array.isArray(node.anyOf) ? node.anyOf : []),
    ...(Array.isArray(node.oneOf) ? node.oneOf : []),
    node.items,
    node.additionalProperties,
  ];
  for (const child of children) found.push(...stringEnums(child));
  return found;
}
