// Owns listing a TypeScript module's exported names by parsing it (never importing it), so a spec's
// `path#export` references can be checked at load time without running trusted module code.
import { ts } from "ts-morph";

/** Exported names of `source`, or `"any"` when an `export *` makes the set unknowable statically. */
export function exportedNames(fileName: string, source: string): Set<string> | "any" {
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, false);
  const names = new Set<string>();
  const exported = (node: ts.Node) =>
    ts.canHaveModifiers(node) &&
    (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  for (const st of sf.statements) {
    if (ts.isExportDeclaration(st)) {
      if (!st.exportClause) return "any";
      if (ts.isNamedExports(st.exportClause)) {
        for (const el of st.exportClause.elements) names.add(el.name.text);
      } else names.add(st.exportClause.name.text);
    } else if (ts.isExportAssignment(st)) {
      names.add("default");
    } else if (exported(st)) {
      if (ts.isVariableStatement(st)) {
        for (const d of st.declarationList.declarations) {
          if (ts.isIdentifier(d.name)) names.add(d.name.text);
        }
      } else if (
        (ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st)) && st.name
      ) {
        const isDefault = (ts.getModifiers(st) ?? []).some((m) =>
          m.kind === ts.SyntaxKind.DefaultKeyword
        );
        names.add(isDefault ? "default" : st.name.text);
      }
    }
  }
  return names;
}
