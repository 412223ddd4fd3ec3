// Owns the `worker` subcommand: loads a spec, starts its own sandbox pool and cascade, and serves
// that spec's evaluation jobs from the PostgreSQL queue until Ctrl-C.
import { exitCodeOf, UsageError } from "../errors/mod.ts";
import { openSpecEvaluator } from "../evaluate/mod.ts";
import { isPostgresUrl, redactUrl, resolveDatabaseUrl } from "../evolve/mod.ts";
import { EvaluationWorker, evaluatorBuild } from "../remote/mod.ts";
import { loadSpec } from "../spec/mod.ts";
import { intFlag, parseCommandArgs } from "./_args.ts";

export const help = `Usage: deno task worker [postgres://user@host:port/db] <spec.yaml> [options]

Takes evaluation jobs for <spec.yaml> from the queue in the PostgreSQL database and evaluates each
in a local sandbox, with the spec and files loaded here: a job queued for another spec hash or
another specevolve build is named and left for a worker that has it. The URL comes from
SPECEVOLVE_DATABASE_URL when set; passwords only from that variable, PGPASSWORD or ~/.pgpass.

Options:
  --concurrency <n>      jobs evaluated at once, and sandbox processes (default 1)
  --runs <n>             property-gate cases (must match the coordinator's --runs)
  --lease-seconds <s>    for a queue this worker creates: seconds before a silent worker's job
                         is retried (default 900)
  --retries <n>          for a queue this worker creates: retries before a job fails (default 2)
  -h, --help             show this help`;

/** Runs `worker`. */
export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs("worker", argv, {
    concurrency: { type: "string" },
    runs: { type: "string" },
    "lease-seconds": { type: "string" },
    retries: { type: "string" },
  });
  const given = positionals.find(isPostgresUrl);
  const specs = positionals.filter((p) => !isPostgresUrl(p));
  const url = resolveDatabaseUrl(given, Deno.env.toObject(), "worker");
  if (!url || specs.length !== 1) {
    throw new UsageError("worker: give a spec file and a database URL\n\n" + help);
  }
  const concurrency = intFlag("worker", "concurrency", values.concurrency, 1);
  const spec = await loadSpec(specs[0]);
  const runs = intFlag("worker", "runs", values.runs, spec.properties.runs);
  const { evaluator } = await openSpecEvaluator({
    spec,
    runs,
    sandbox: { size: concurrency, handleSignals: false },
  });
  const target = { specHash: spec.hash, build: evaluatorBuild(), runs, seed: spec.properties.seed };
  const worker = await EvaluationWorker.start({
    url,
    target,
    evaluator,
    concurrency,
    leaseSeconds: intFlag("worker", "lease-seconds", values["lease-seconds"], 900),
    retryLimit: intFlag("worker", "retries", values.retries, 2),
  });
  console.error(
    `worker: ${spec.name} (spec ${spec.hash.slice(0, 12)}…, build ${target.build}) on ` +
      `${redactUrl(url)}, queue ${worker.queue}, ${concurrency} at once; Ctrl-C stops`,
  );
  const stopped = Promise.withResolvers<void>();
  const onSignal = () => stopped.resolve();
  for (const s of ["SIGINT", "SIGTERM"] as const) Deno.addSignalListener(s, onSignal);
  try {
    await stopped.promise;
    console.error("worker: stopping after the jobs in hand …");
    await worker.stop();
  } finally {
    for (const s of ["SIGINT", "SIGTERM"] as const) Deno.removeSignalListener(s, onSignal);
    await evaluator.close();
  }
  console.error(`worker: ${worker.completed} job(s) completed`);
  return exitCodeOf("ok");
}
