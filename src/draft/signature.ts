// Owns reading an entry function's signature from a researcher's TypeScript module and turning its
// parameter and return types into JSON Schemas of the spec subset. Written on ts-morph's type
// checker (already a dependency) rather than ts-json-schema-generator: that library documents
// named types, not a function's parameter list, and would need a tsconfig and a second TypeScript.
import { Node, Project, type Type } from "ts-morph";
import { SpecError } from "../errors/mod.ts";

/** A JSON Schema of the spec subset, as a plain object. */
export type Schema = Record<string, unknown>;

/** One parameter of the entry. */
export interface DraftParam {
  readonly name: string;
  readonly schema: Schema;
  readonly optional: boolean;
}

/** The entry's signature as schemas. */
export interface EntrySignature {
  readonly entry: string;
  readonly params: readonly DraftParam[];
  /** The return type's schema (a Promise is unwrapped: the sandbox awaits it). */
  readonly output: Schema;
  /** Places where a type could not be expressed and became `{}` (any value), for the report. */
  readonly loose: readonly string[];
}

/** Reads `entry`'s signature from the module at `path`; a missing entry is a located SpecError. */
export function readEntrySignature(path: string, entry: string): EntrySignature {
  const project = new Project({
    compilerOptions: { strict: true, target: 99, skipLibCheck: true },
    skipAddingFilesFromTsConfig: true,
  });
  const file = project.addSourceFileAtPath(path);
  project.resolveSourceFileDependencies();
  const declarations = file.getExportedDeclarations().get(entry) ?? [];
  const fn = declarations.map((d) => d.getType().getCallSignatures()[0]).find((s) => s);
  if (!fn) {
    const exported = [...file.getExportedDeclarations().keys()].join(", ") || "nothing";
    throw new SpecError([{
      file: path,
      line: 1,
      column: 1,
      pointer: "",
      message: `draft: ${path} exports no function "${entry}" (it exports: ${exported}); ` +
        `give the exported function to draft a spec for with --entry`,
    }]);
  }
  const at = declarations[0];
  const loose: string[] = [];
  const params = fn.getParameters().map((symbol) => {
    const decl = symbol.getValueDeclaration();
    const optional = decl !== undefined && Node.isParameterDeclaration(decl) &&
      (decl.isOptional() || decl.hasInitializer());
    return {
      name: symbol.getName(),
      schema: schemaOf(symbol.getTypeAtLocation(at), at, `parameter ${symbol.getName()}`, loose),
      optional,
    };
  });
  let returned = fn.getReturnType();
  if (returned.getSymbol()?.getName() === "Promise") {
    returned = returned.getTypeArguments()[0] ?? returned;
  }
  return { entry, params, output: schemaOf(returned, at, "the return type", loose), loose };
}

/** The schema of `type`; types the subset cannot say become `{}` and are noted in `loose`. */
function schemaOf(type: Type, at: Node, where: string, loose: string[], depth = 0): Schema {
  if (depth > 12) return looseSchema(type, where, loose, "nested too deep (recursive type?)");
  const next = (t: Type, w: string) => schemaOf(t, at, w, loose, depth + 1);
  if (type.isNumber()) return { type: "number" };
  if (type.isString()) return { type: "string" };
  if (type.isBoolean()) return { type: "boolean" };
  if (type.isNull()) return { type: "null" };
  if (type.isLiteral()) return { const: literalValue(type) };
  if (type.isTuple()) {
    const items = type.getTupleElements();
    return {
      type: "array",
      prefixItems: items.map((t, i) => next(t, `${where}[${i}]`)),
      items: false,
      minItems: items.length,
    };
  }
  if (type.isArray()) {
    return { type: "array", items: next(type.getArrayElementTypeOrThrow(), `${where}[]`) };
  }
  if (type.isUnion()) {
    const parts = type.getUnionTypes().filter((t) => !t.isUndefined());
    if (parts.every((t) => t.isLiteral() || t.isBooleanLiteral())) {
      const values = parts.map((t) =>
        t.isBooleanLiteral() ? t.getText() === "true" : literalValue(t)
      );
      // `boolean` is the union true | false.
      if (values.length === 2 && values.every((v) => typeof v === "boolean")) {
        return { type: "boolean" };
      }
      return { enum: values };
    }
    if (parts.length === 1) return next(parts[0], where);
    return { anyOf: parts.map((t) => next(t, where)) };
  }
  if (type.isBooleanLiteral()) return { const: type.getText() === "true" };
  if (type.isObject() && type.getCallSignatures().length === 0) {
    const index = type.getNumberIndexType() ?? type.getStringIndexType();
    const props = type.getProperties();
    if (props.length === 0 && index) {
      return { type: "object", additionalProperties: next(index, `${where}[key]`) };
    }
    const properties: Record<string, Schema> = {};
    const required: string[] = [];
    for (const p of props) {
      properties[p.getName()] = next(p.getTypeAtLocation(at), `${where}.${p.getName()}`);
      if (!p.isOptional()) required.push(p.getName());
    }
    return { type: "object", properties, ...(required.length ? { required } : {}) };
  }
  return looseSchema(type, where, loose, "no JSON Schema for this type");
}

function looseSchema(type: Type, where: string, loose: string[], why: string): Schema {
  loose.push(`${where}: ${type.getText()} (${why}; any value accepted)`);
  return {};
}

function literalValue(type: Type): unknown {
  const value = type.getLiteralValue();
  return typeof value === "object" && value !== null ? Number(String(value)) : value;
}
