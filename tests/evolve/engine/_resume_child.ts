// Child process of resume_test.ts: runs a fake evolution on the database named in argv[0] with a
// slowish evaluator, so the parent can SIGKILL it mid-evaluation. Settings match RESUME_SETTINGS.
import { evolve } from "../../../src/evolve/engine/engine.ts";
import { SqliteStore } from "../../../src/evolve/database/sqlite_store.ts";
import { FakeEvaluator, FakeProposer, fakeSpec, program } from "../_fakes.ts";
import { RESUME_SETTINGS } from "./_resume_settings.ts";

const [path, delay] = Deno.args;
const store = SqliteStore.open(path);
await evolve({
  ...RESUME_SETTINGS,
  store,
  spec: fakeSpec(RESUME_SETTINGS.evolve),
  initialSource: program(1),
  evaluator: new FakeEvaluator({ delayMs: Number(delay) }),
  proposer: new FakeProposer(),
});
store.close();
