// Owns parsing for the offline mutator: one reused in-memory ts-morph Project that turns a program
// into a TypeScript syntax tree and reports its syntax errors.
import { Project, ts } from "ts-morph";

/** A parsed program: the raw compiler tree (walked directly; see why below) and syntax errors. */
export interface Parsed {
  readonly file: ts.SourceFile;
  /** Syntax errors as "line L: message"; empty when the program parses. */
  readonly errors: readonly string[];
}

const FILE_NAME = "/candidate.ts";

/** Parses sources with one Project so repeated parses on the hot path stay cheap. */
export class SourceParser {
  // noLib/noResolve: only syntax is checked here, so the program never loads lib.d.ts or imports.
  readonly #project = new Project({
    useInMemoryFileSystem: true,
    skipLoadingLibFiles: true,
    compilerOptions: { noLib: true, noResolve: true, target: ts.ScriptTarget.ES2022 },
  });

  /** Parses `source`; its syntax errors come back as data, never thrown. */
  parse(source: string): Parsed {
    const sourceFile = this.#project.createSourceFile(FILE_NAME, source, { overwrite: true });
    const diagnostics = this.#project.getProgram().getSyntacticDiagnostics(sourceFile);
    // The operators walk `compilerNode` with the compiler API rather than ts-morph wrappers:
    // wrapping every node cost 4-8x more per parse, and this runs several times per proposal.
    const file = sourceFile.compilerNode;
    const errors = diagnostics.map((d) => {
      const start = d.getStart();
      const line = start === undefined ? 0 : file.getLineAndCharacterOfPosition(start).line + 1;
      return `line ${line}: ${ts.flattenDiagnosticMessageText(d.compilerObject.messageText, " ")}`;
    });
    return { file, errors };
  }
}
