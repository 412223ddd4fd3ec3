// Shared setup of the draft tests: a temporary directory holding a copy of the researcher's module,
// a sandbox, and an LLM client pointed at the loopback mock.
import { join } from "node:path";
import { LlmClient, resolveLlmOptions } from "../../src/evolve/llm/mod.ts";
import { SandboxPool } from "../../src/sandbox/mod.ts";

/** Repository root. */
export const ROOT = new URL("../../", import.meta.url).pathname;

/** What a draft test works with. */
export interface DraftDir {
  readonly dir: string;
  /** The copy of the module, named `name`. */
  readonly modulePath: string;
  readonly sandbox: SandboxPool;
}

/** Copies `from` (relative to the root) into a temporary dir as `name`, runs `fn`, cleans up. */
export async function inDraftDir(
  from: string,
  name: string,
  fn: (ctx: DraftDir) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir();
  const modulePath = join(dir, name);
  await Deno.copyFile(join(ROOT, from), modulePath);
  const sandbox = await SandboxPool.start({ timeoutMs: 2000, memoryMb: 256 });
  try {
    await fn({ dir, modulePath, sandbox });
  } finally {
    await sandbox.close();
    await Deno.remove(dir, { recursive: true });
  }
}

/** A client of model "mock-model" at `url`, as `--model mock-model --base-url url` would make. */
export function mockClient(url: string): LlmClient {
  const llm = resolveLlmOptions({ models: [], budgetUsd: 0 }, { OPENAI_API_KEY: "sk-test" }, {
    models: ["mock-model"],
    baseUrl: url,
  });
  if (!llm.configured) throw new Error(`mock client: ${llm.reason}`);
  return new LlmClient(llm.options);
}
