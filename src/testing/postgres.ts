// Owns the throwaway PostgreSQL cluster tests and benchmarks start: `initdb` into a temp dir, a free loopback
// port, trust authentication on loopback only, `pg_ctl stop` at the end. Without PostgreSQL's
// binaries the tests that need one are skipped with a message, except under CI=true, where a
// missing PostgreSQL is a failure (.ci/setup-extra installs it).
import { join } from "node:path";

/** A running cluster: its URL, and how to restart or stop it. */
export interface TestCluster {
  /** `postgres://spec@127.0.0.1:<port>/postgres`, no password (trust on loopback). */
  readonly url: string;
  readonly port: number;
  /** Stops the server (fast mode) and starts it again on the same port and data. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

const BIN_DIRS = [
  "/usr/lib/postgresql/17/bin",
  "/usr/lib/postgresql/16/bin",
  "/usr/lib/postgresql/15/bin",
];

/** Directory of `initdb` and `pg_ctl`, or undefined when PostgreSQL is not installed. */
export function postgresBinDir(): string | undefined {
  for (const dir of BIN_DIRS) {
    try {
      if (Deno.statSync(join(dir, "pg_ctl")).isFile) return dir;
    } catch { /* not this version */ }
  }
  const which = new Deno.Command("sh", { args: ["-c", "command -v pg_ctl"], stdout: "piped" })
    .outputSync();
  const path = new TextDecoder().decode(which.stdout).trim();
  return which.success && path ? path.replace(/\/pg_ctl$/, "") : undefined;
}

/** Why PostgreSQL tests cannot run here, or undefined when they can; throws under CI=true. */
export function postgresMissing(): string | undefined {
  if (postgresBinDir()) return undefined;
  if (Deno.env.get("CI") === "true") {
    throw new Error("CI=true but PostgreSQL is not installed: run .ci/setup-extra first");
  }
  return "PostgreSQL binaries (initdb, pg_ctl) not found: PostgreSQL tests skipped " +
    "(apt-get install postgresql, or see docs/distributed.md)";
}

/** `ignore` for Deno.test: skip (with a message printed once) when PostgreSQL is missing. */
export function skipWithoutPostgres(): boolean {
  const why = postgresMissing();
  if (why) console.warn(`skipped: ${why}`);
  return why !== undefined;
}

function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

/** initdb refuses to run as root: then the cluster belongs to the `postgres` system user. */
function asClusterUser(bin: string, args: string[]): Deno.Command {
  const cmd = [bin, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(" ");
  return Deno.uid() === 0
    ? new Deno.Command("su", {
      args: ["postgres", "-s", "/bin/sh", "-c", cmd],
      stdout: "piped",
      stderr: "piped",
    })
    : new Deno.Command("sh", { args: ["-c", cmd], stdout: "piped", stderr: "piped" });
}

async function must(cmd: Deno.Command, what: string): Promise<void> {
  const out = await cmd.output();
  if (!out.success) {
    throw new Error(`${what} failed: ${new TextDecoder().decode(out.stderr)}`);
  }
}

/** Starts a fresh cluster; call `stop()` in a finally (or the test's sanitizers will not see it). */
export async function startTestCluster(): Promise<TestCluster> {
  const bin = postgresBinDir();
  if (!bin) throw new Error(postgresMissing() ?? "PostgreSQL not found");
  const root = await Deno.makeTempDir({ prefix: "specevolve-pg-" });
  if (Deno.uid() === 0) {
    await must(new Deno.Command("chown", { args: ["postgres", root] }), "chown");
  }
  const data = join(root, "data");
  const port = freePort();
  await must(
    asClusterUser(join(bin, "initdb"), [
      "-D",
      data,
      "-A",
      "trust",
      "-U",
      "spec",
      "--no-sync",
      "-E",
      "UTF8",
    ]),
    "initdb",
  );
  // Loopback only, no durability needed for tests (fsync off), the socket in the temp dir.
  const opts = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off ` +
    "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200";
  const start = () =>
    must(
      asClusterUser(join(bin, "pg_ctl"), [
        "-D",
        data,
        "-o",
        opts,
        "-l",
        join(root, "log"),
        "-w",
        "start",
      ]),
      "pg_ctl start",
    );
  const stopServer = () =>
    must(
      asClusterUser(join(bin, "pg_ctl"), ["-D", data, "-m", "fast", "-w", "stop"]),
      "pg_ctl stop",
    );
  await start();
  return {
    url: `postgres://spec@127.0.0.1:${port}/postgres`,
    port,
    restart: async () => {
      await stopServer();
      await start();
    },
    stop: async () => {
      await stopServer().catch(() => {});
      await Deno.remove(root, { recursive: true }).catch(() => {});
    },
  };
}
