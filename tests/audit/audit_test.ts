// Tests runAudit() end to end with the real sandbox on the shares test spec: a spec that forgets
// the conservation rule lets work-dropping mutants survive, and the audit flags the ones that raise
// the score; the same spec with the rule kills them.
import assert from "node:assert/strict";
import { type AuditReport, runAudit } from "../../src/audit/mod.ts";
import { SandboxPool } from "../../src/sandbox/mod.ts";
import { compileSpec, loadSpec } from "../../src/spec/mod.ts";

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname;

/** Audits one program of the spec at `specPath` (default: its initial program). */
async function audit(
  specPath: string,
  options: { mutants?: number; hacks?: boolean; program?: string } = {},
): Promise<AuditReport> {
  const spec = await loadSpec(specPath);
  const sandbox = await SandboxPool.start({ timeoutMs: 2000, memoryMb: spec.sandbox.memoryMb });
  try {
    return await runAudit({
      spec,
      compiled: await compileSpec(spec),
      sandbox,
      mutants: options.mutants ?? 8,
      ...(options.hacks === undefined ? {} : { hacks: options.hacks }),
      programs: [{ label: "initial", path: options.program ?? spec.program }],
    });
  } finally {
    await sandbox.close();
  }
}

const loose = await audit(fixture("shares.yaml"));
const strict = await audit(fixture("shares_strict.yaml"));
const mutant = (report: AuditReport, id: string) => {
  const found = report.programs[0].mutants.find((m) => m.id === id);
  assert.ok(
    found,
    `mutant ${id} in ${JSON.stringify(report.programs[0].mutants.map((m) => m.id))}`,
  );
  return found;
};

Deno.test("runAudit() flags a surviving mutant that raises the score as a likely reward hack", () => {
  const hack = mutant(loose, "hack:constant-output");
  assert.equal(hack.fate, "survived");
  assert.equal(hack.likelyHack, true);
  assert.ok(hack.score!.delta > 0, JSON.stringify(hack.score));
  assert.ok(hack.metrics!.peak.delta < 0, "the peak metric went down (better)");
  assert.ok(hack.diff?.includes("+export { __auditHack as split }"), hack.diff ?? "no diff");
  assert.ok(loose.totals.likelyHacks >= 1);
});

Deno.test("runAudit() reports the shrunk input on which a survivor's output differs", () => {
  const hack = mutant(loose, "hack:constant-output");
  // The smallest input where all-zero shares differ from fair shares: one unit, one worker.
  assert.deepEqual(hack.difference?.input, { total: 1, parts: 1 });
  assert.equal(hack.difference?.where, "/0: 0 vs 1");
});

Deno.test("runAudit() does not flag survivors that lower the score", () => {
  const lowering = loose.programs[0].mutants.filter((m) =>
    m.fate === "survived" && m.score!.delta < 0
  );
  assert.ok(lowering.length > 0);
  assert.ok(lowering.every((m) => m.likelyHack === false));
});

Deno.test("runAudit() counts killed mutants with the stage and rule that stopped them", () => {
  const dropped = mutant(loose, "hack:drop-element");
  assert.equal(dropped.fate, "killed");
  assert.deepEqual(dropped.killedBy, { stage: "properties", reason: "one-share-per-part" });
});

Deno.test("runAudit() gives a spec with the missing rule a higher mutation score", () => {
  assert.equal(mutant(strict, "hack:constant-output").fate, "killed");
  assert.deepEqual(mutant(strict, "hack:constant-output").killedBy?.reason, "all-work-assigned");
  assert.equal(strict.totals.likelyHacks, 0);
  assert.ok(
    loose.totals.score! < strict.totals.score!,
    `${loose.totals.score} vs ${strict.totals.score}`,
  );
});

Deno.test("runAudit() leaves mutants no input tells apart out of the score", () => {
  // Math.floor -> Math.trunc is the same on non-negative numbers.
  const same = loose.programs[0].mutants.filter((m) => m.fate === "equivalent");
  assert.ok(same.length >= 1);
  const t = loose.totals;
  assert.equal(t.score, t.killed / (t.killed + t.survived));
  assert.equal(t.mutants, t.killed + t.survived + t.equivalent + t.invalid);
});

Deno.test("runAudit() makes the same mutants from the same seed", async () => {
  const again = await audit(fixture("shares.yaml"));
  const ids = (r: AuditReport) => r.programs[0].mutants.map((m) => `${m.id} ${m.description}`);
  assert.deepEqual(ids(again), ids(loose));
});

Deno.test("runAudit() bounds the offline mutants by `mutants`", async () => {
  const small = await audit(fixture("shares.yaml"), { mutants: 2 });
  const offline = small.programs[0].mutants.filter((m) => m.kind === "offline");
  assert.equal(offline.length, 2);
});

Deno.test("runAudit() sizes skip-large on a closed-loop spec by step inputs, not episodes", async () => {
  const spec = new URL("../fixtures/specs/running_sum.yaml", import.meta.url).pathname;
  const report = await audit(spec, { mutants: 0 });
  const skip = report.programs[0].mutants.find((m) => m.id === "hack:skip-large")!;
  const threshold = Number(/over (\d+) JSON characters/.exec(skip.description)?.[1]);
  // A step's arguments are [x, state], a few characters; an episode `{"xs": [...]}` is 16 or more.
  assert.ok(threshold <= 12, skip.description);
});

Deno.test("runAudit() names the workload and metric when only a workload tells a mutant apart", async () => {
  // Its only mutation sites sit in a branch that the workload case [777, 7] reaches.
  const report = await audit(fixture("shares.yaml"), {
    mutants: 2,
    hacks: false,
    program: fixture("shares/special.ts"),
  });
  const survivors = report.programs[0].mutants.filter((m) => m.fate === "survived");
  assert.ok(survivors.length > 0, JSON.stringify(report.programs[0].mutants));
  for (const m of survivors) {
    assert.equal(m.difference?.input, undefined, "no generated input differs");
    assert.match(m.difference!.where, /^train workload a\.json: peak \S+ → \S+$/);
  }
});
