// Owns type-checking a candidate TypeScript module against the spec's generated entry signature,
// with diagnostics located in the candidate's own source.
import { ts } from "ts-morph";
import { exportedNames } from "./_exports.ts";
import { diagnosticsOf, freshDir, messageOf, putFile } from "./_tsproject.ts";
import { type GeneratedTypes, generateTypes } from "./types_gen.ts";
import type { Spec } from "./types.ts";

/** One problem in a candidate, 1-based line/column in its source. */
export interface Diagnostic {
  readonly line: number;
  readonly column: number;
  readonly message: string;
  /** TypeScript's error code (e.g. 2322), when the problem came from the compiler. */
  readonly code?: number;
}

/** Type-checks candidate sources; one reused Project makes each check ~40-70 ms when warm. */
export type CandidateChecker = (source: string) => Diagnostic[];

/**
 * A checker for candidates of `spec`: the module must export `spec.entry` assignable to the
 * generated signature. The spec's types (`Input`, `Output`, ...) are visible to the candidate
 * unless it declares its own of the same name, so code copied from a prompt type-checks.
 */
export function createCandidateChecker(
  spec: Pick<Spec, "input" | "output" | "params" | "args" | "entry" | "interaction">,
  types: GeneratedTypes = generateTypes(spec),
): CandidateChecker {
  const dir = freshDir();
  const candidatePath = `${dir}/candidate.ts`;
  const checkPath = `${dir}/check.ts`;
  return (source) => {
    const names = exportedNames(candidatePath, source);
    const declared = topLevelNames(source);
    // Appended after the candidate's last line, so its own line numbers stay as written.
    const extra = [...types.named].filter(([name]) => !declared.has(name)).map(([, d]) => d);
    const candidate = putFile(candidatePath, `${source}\n${extra.join("\n")}\nexport {};\n`);
    const lines = source.split("\n").length;
    const out: Diagnostic[] = [];
    for (const d of diagnosticsOf(candidate)) {
      const { line, column } = candidate.getLineAndColumnAtPos(d.getStart() ?? 0);
      out.push({
        line: Math.min(line, lines),
        column: line > lines ? 1 : column,
        message: messageOf(d),
        code: d.getCode(),
      });
    }
    if (names !== "any" && !names.has(spec.entry)) {
      out.push({
        line: 1,
        column: 1,
        message: `the candidate must export \`${spec.entry}\` with signature ${types.signature}` +
          (names.size ? ` (it exports: ${[...names].join(", ")})` : " (it exports nothing)"),
      });
      return out;
    }
    if (out.length > 0) return out;
    const check = putFile(
      checkPath,
      `${types.declarations}import { ${spec.entry} as __entry } from "./candidate.ts";\n` +
        `const __check: Entry = __entry;\n`,
    );
    const at = exportLocation(candidate, spec.entry);
    for (const d of diagnosticsOf(check)) {
      out.push({
        ...at,
        message: `\`${spec.entry}\` does not match the signature ${types.signature}: ${
          messageOf(d)
        }`,
        code: d.getCode(),
      });
    }
    return out;
  };
}

function topLevelNames(source: string): Set<string> {
  const sf = ts.createSourceFile("c.ts", source, ts.ScriptTarget.ES2022, false);
  const names = new Set<string>();
  for (const st of sf.statements) {
    if (
      (ts.isTypeAliasDeclaration(st) || ts.isInterfaceDeclaration(st) ||
        ts.isClassDeclaration(st) || ts.isFunctionDeclaration(st) || ts.isEnumDeclaration(st)) &&
      st.name
    ) {
      names.add(st.name.text);
    } else if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) {
        if (ts.isIdentifier(d.name)) names.add(d.name.text);
      }
    } else if (ts.isImportDeclaration(st) && st.importClause) {
      const c = st.importClause;
      if (c.name) names.add(c.name.text);
      if (c.namedBindings && ts.isNamedImports(c.namedBindings)) {
        for (const el of c.namedBindings.elements) names.add(el.name.text);
      }
    }
  }
  return names;
}

function exportLocation(
  file: ReturnType<typeof putFile>,
  name: string,
): { line: number; column: number } {
  const decl = file.getExportedDeclarations().get(name)?.[0];
  const pos = decl && decl.getSourceFile() === file ? decl.getStart() : 0;
  return file.getLineAndColumnAtPos(pos);
}
