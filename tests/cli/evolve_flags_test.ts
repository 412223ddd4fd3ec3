import assert from "node:assert/strict";
import { FLAGS, mutatorOptionsOf } from "../../src/cli/_evolve_flags.ts";
import { parseCommandArgs } from "../../src/cli/_args.ts";

Deno.test("mutatorOptionsOf() keeps the operator bandit and the guard on unless a --no- flag is given", () => {
  const parse = (argv: string[]) => parseCommandArgs("evolve", argv, FLAGS).values;
  assert.deepEqual(mutatorOptionsOf(parse(["s.yaml"])), { operatorBandit: true, guardSites: true });
  assert.deepEqual(
    mutatorOptionsOf(parse(["s.yaml", "--no-operator-bandit", "--no-guard"])),
    { operatorBandit: false, guardSites: false },
  );
});
