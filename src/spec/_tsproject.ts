// Owns the one in-memory ts-morph Project that type-checks spec expressions and candidates:
// creating it costs ~300 ms (lib parsing), reusing it ~40-70 ms per check.
import { type Diagnostic, Project, type SourceFile, ts } from "ts-morph";

let project: Project | undefined;
let nextDir = 0;

// Candidates run in a permission-less worker: console is there, Deno and DOM APIs are not.
const GLOBALS = `declare var console: {
  log(...data: unknown[]): void;
  error(...data: unknown[]): void;
  warn(...data: unknown[]): void;
  info(...data: unknown[]): void;
  debug(...data: unknown[]): void;
};
`;

/** The shared Project (strict, ES2022 lib, every file a module). */
export function sharedProject(): Project {
  if (project) return project;
  project = new Project({
    useInMemoryFileSystem: true,
    compilerOptions: {
      strict: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      moduleDetection: ts.ModuleDetectionKind.Force,
      lib: ["lib.es2022.d.ts"],
      allowImportingTsExtensions: true,
      noEmit: true,
      skipLibCheck: true,
    },
  });
  project.createSourceFile("/specevolve/globals.d.ts", GLOBALS);
  return project;
}

/**
 * Drops the shared Project (the lib's parsed types, ~80 MB, and every file checked so far); the
 * next check builds a new one. For a process that has checked its spec and type-checks
 * candidates elsewhere (evolve, through the bounded child), so the memory is not held for a run.
 */
export function releaseSharedProject(): void {
  project = undefined;
}

/** Whether the shared Project exists now (tests assert a run's main process holds none). */
export function hasSharedProject(): boolean {
  return project !== undefined;
}

/** A fresh directory name in the shared Project, so files of different specs never collide. */
export function freshDir(): string {
  return `/specevolve/${++nextDir}`;
}

/** Creates or replaces `path` with `text` in the shared Project. */
export function putFile(path: string, text: string): SourceFile {
  return sharedProject().createSourceFile(path, text, { overwrite: true });
}

/** Syntax and type diagnostics of one file. */
export function diagnosticsOf(file: SourceFile): Diagnostic[] {
  return file.getPreEmitDiagnostics();
}

/** A diagnostic's message as one string (chains flattened). */
export function messageOf(d: Diagnostic): string {
  return ts.flattenDiagnosticMessageText(d.compilerObject.messageText, " ");
}
