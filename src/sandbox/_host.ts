// Owns the child host: the main module of each sandbox child process, run with no permissions.
// It reads framed commands on stdin, runs the candidate in a permission-less worker, frames the
// replies on stdout, and exits when stdin closes, so that a dead parent never leaves it behind.
import process from "node:process";
import { carry, carryPacked, type Crossing, handOver } from "./_carry.ts";
import { encodeFrame, FrameReader } from "./_frames.ts";
import type {
  CallCommand,
  FailReply,
  Handed,
  HostReply,
  InitCommand,
  LoadCommand,
  ParentCommand,
  WorkerCommand,
  WorkerReply,
} from "./_protocol.ts";
import { captureSafe } from "./_worker.ts";
import { workerSource } from "./_worker_main.ts";

/** How long an idle worker has to acknowledge retirement; a busy one means background work. */
const RETIRE_DEADLINE_MS = 1000;
/** Before a new candidate loads, this process must have a quiet spell: a window in which its
 * threads use under this share of one core. A retired worker's thread that still burns CPU
 * (terminate() cannot stop it) never gives one, and then the child is replaced. */
const QUIET_WINDOW_MS = 10;
const QUIET_MAX_CPU_SHARE = 0.3;
/** Tearing a worker down takes a burst of CPU (~20 ms here); wait this long for the spell at most. */
const QUIET_GIVE_UP_MS = 400;

/** The codec's built-ins, captured in this (trusted) realm. */
const SAFE = captureSafe();
const bootUrl = URL.createObjectURL(new Blob([workerSource()], { type: "text/javascript" }));

let init: InitCommand | undefined;
let candidateUrl = "";
let loaded: LoadCommand | undefined;
let current: CandidateWorker | undefined;
/** Set when a retired worker would not stop: from then on every command asks for a new child. */
let tainted = "";
/** Whether a worker was retired since this process last proved quiet. */
let retiredSinceQuiet = false;

/** One candidate worker and the replies it has sent over its private port. */
class CandidateWorker {
  readonly #worker: Worker;
  readonly #port: MessagePort;
  readonly #replies: WorkerReply[] = [];
  #wake: (() => void) | undefined;
  #loaded = false;
  used = false;
  /** Why the worker is gone, once it is. */
  death = "";

  constructor(load: LoadCommand, maxLogChars: number) {
    this.#worker = new Worker(bootUrl, { type: "module", deno: { permissions: "none" } });
    const channel = new MessageChannel();
    this.#port = channel.port1;
    this.#port.onmessage = (event) => this.#push(event.data as WorkerReply);
    this.#worker.onerror = (event) => {
      event.preventDefault();
      this.#die(
        this.#loaded ? "exception" : "load",
        `uncaught error in the candidate: ${event.message}`,
      );
    };
    this.#worker.onmessage = () => {
      this.#die("tamper", "the candidate posted a message on its worker's own channel");
    };
    this.#worker.postMessage(
      { port: channel.port2, url: candidateUrl, entry: load.entry, seed: load.seed, maxLogChars },
      [channel.port2],
    );
  }

  /** Sends a command over the private port. */
  send(command: WorkerCommand): void {
    this.#port.postMessage(command);
  }

  /** Waits for the next reply; a worker that died answers with the failure that killed it. */
  async next(): Promise<WorkerReply> {
    while (this.#replies.length === 0) await new Promise<void>((wake) => this.#wake = wake);
    const reply = this.#replies.shift()!;
    if (reply.op === "loaded") this.#loaded = true;
    return reply;
  }

  /** Stops the worker; false when it did not answer, i.e. candidate code was still running. */
  async retire(): Promise<boolean> {
    let answered = this.death !== "";
    if (!answered) {
      this.send({ op: "retire" });
      let timer: ReturnType<typeof setTimeout> | undefined;
      const expired = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), RETIRE_DEADLINE_MS);
      });
      const acknowledged = (async () => {
        while ((await this.next()).op !== "retired" && this.death === "");
        return true;
      })();
      answered = await Promise.race([acknowledged, expired]);
      clearTimeout(timer);
    }
    this.#worker.terminate();
    this.#port.close();
    return answered;
  }

  #push(reply: WorkerReply): void {
    this.#replies.push(reply);
    this.#wake?.();
    this.#wake = undefined;
  }

  #die(category: FailReply["category"], message: string): void {
    if (this.death !== "") return;
    this.death = message;
    this.#push({ op: "fail", category, message, stack: "", timesMs: [], logs: [] });
  }
}

function reply(message: HostReply, attachment?: Uint8Array): void {
  const frame = encodeFrame(message, init!.token, attachment);
  let written = 0;
  while (written < frame.length) written += Deno.stdout.writeSync(frame.subarray(written));
}

function replyFail(failure: FailReply, discarded: boolean): void {
  reply({ ...failure, candidateUrl, discarded });
}

/** Retires the current worker; a worker that will not stop taints this whole process. */
async function discard(): Promise<boolean> {
  const worker = current;
  current = undefined;
  if (worker === undefined) return true;
  retiredSinceQuiet = true;
  if (await worker.retire()) return true;
  tainted = "a retired candidate worker kept running";
  return false;
}

/** Starts a worker for the loaded candidate; returns its first reply: `loaded` or a failure. */
async function startWorker(): Promise<WorkerReply> {
  current = new CandidateWorker(loaded!, init!.maxLogChars);
  const first = await current.next();
  if (first.op !== "loaded") await discard();
  return first;
}

/** True once this process has a quiet spell (the host itself only sleeps meanwhile). */
async function quiet(): Promise<boolean> {
  if (!retiredSinceQuiet) return true;
  const giveUp = performance.now() + QUIET_GIVE_UP_MS;
  while (performance.now() < giveUp) {
    const before = process.cpuUsage();
    const start = performance.now();
    await new Promise((resolve) => setTimeout(resolve, QUIET_WINDOW_MS));
    const used = process.cpuUsage(before);
    if ((used.user + used.system) / 1000 < (performance.now() - start) * QUIET_MAX_CPU_SHARE) {
      retiredSinceQuiet = false;
      return true;
    }
  }
  return false;
}

async function load(command: LoadCommand): Promise<void> {
  // A worker can acknowledge retirement and still start spinning before terminate() lands (a
  // timer due in the same turn), and terminate() cannot stop it then: check before the next
  // candidate shares this process with it.
  if (!await discard() || !await quiet()) {
    tainted ||= "a retired candidate worker kept running";
    return reply({ op: "recycle", reason: tainted });
  }
  if (candidateUrl !== "") URL.revokeObjectURL(candidateUrl);
  candidateUrl = URL.createObjectURL(new Blob([command.js], { type: "text/javascript" }));
  loaded = command;
  const first = await startWorker();
  if (first.op === "fail") return replyFail(first, true);
  // Console output of the module's top level belongs to the load.
  reply({ op: "loaded", logs: first.op === "loaded" ? first.logs : [] });
}

/** Frames a finished call, failing it when its output cannot leave or is over the cap. */
function replyDone(timesMs: readonly number[], output: Handed, logs: readonly string[]): void {
  const refuse = (message: string) =>
    replyFail({ op: "fail", category: "invalid-output", message, stack: "", timesMs, logs }, false);
  let crossing: Crossing;
  try {
    crossing = output.packed !== null ? carryPacked(output.packed) : carry(SAFE, output.value);
  } catch (error) {
    return refuse(
      `the output cannot be serialized out of the sandbox (${(error as Error).message})`,
    );
  }
  const size = crossing.attachment.length + (crossing.carried.shape?.length ?? 0);
  const cap = init!.maxOutputBytes;
  if (size > cap) {
    return refuse(
      `the output was capped: it takes ${size} bytes, over the limit of ${cap} bytes ` +
        "(maxOutputBytes); return less data",
    );
  }
  reply({ op: "done", timesMs, output: crossing.carried, logs }, crossing.attachment);
}

/** Forwards a worker's failure, dropping the worker when it can no longer be trusted. */
async function forwardFail(failure: FailReply): Promise<void> {
  const drop = failure.category === "tamper" || current?.death !== "";
  if (drop) await discard();
  replyFail(failure, drop);
}

async function call(command: CallCommand, attachment: Uint8Array): Promise<void> {
  if (current === undefined || current.death !== "") {
    const why = current?.death || "no candidate is loaded";
    await discard();
    const message = `the candidate's worker died after its previous call: ${why}`;
    return replyFail({
      op: "fail",
      category: "exception",
      message,
      stack: "",
      timesMs: [],
      logs: [],
    }, true);
  }
  if (command.fresh) return await callFresh(command, attachment);
  current.used = true;
  const args = handOver(command.args, attachment);
  current.send({ op: "call", args, trials: command.trials, seed: command.seed });
  for (;;) {
    const answer = await current.next();
    if (answer.op === "tick") reply({ op: "tick", logs: answer.logs });
    else if (answer.op === "done") return replyDone(answer.timesMs, answer.output, answer.logs);
    else if (answer.op === "fail") return await forwardFail(answer);
  }
}

/** Runs each trial in a worker that has run nothing yet, so module state cannot carry over. */
async function callFresh(command: CallCommand, attachment: Uint8Array): Promise<void> {
  const timesMs: number[] = [];
  const args = handOver(command.args, attachment);
  let output: Handed = { packed: null, value: undefined };
  for (let trial = 0; trial < command.trials; trial++) {
    if (current!.used) {
      // Quiet too: the previous worker's teardown must not run beside the next timed trial.
      if (!await discard() || !await quiet()) {
        tainted ||= "a retired candidate worker kept running";
        const message = "the candidate kept running after its call returned (background work)";
        return replyFail(
          { op: "fail", category: "timeout", message, stack: "", timesMs, logs: [] },
          true,
        );
      }
      const first = await startWorker();
      if (first.op === "fail") return replyFail(first, true);
    }
    const worker = current!;
    worker.used = true;
    worker.send({ op: "call", args, trials: 1, seed: command.seed });
    let answer = await worker.next();
    while (answer.op === "tick") answer = await worker.next();
    if (answer.op === "fail") return await forwardFail(answer);
    if (answer.op !== "done") throw new Error(`unexpected worker reply '${answer.op}'`);
    timesMs.push(answer.timesMs[0]);
    if (trial === 0) output = answer.output;
    if (trial < command.trials - 1) reply({ op: "tick", logs: answer.logs });
    else replyDone(timesMs, output, answer.logs);
  }
}

async function handle(command: ParentCommand, attachment: Uint8Array): Promise<void> {
  if (command.op === "init") {
    init = command;
    return reply({ op: "ready" });
  }
  if (tainted !== "") return reply({ op: "recycle", reason: tainted });
  if (command.op === "load") return await load(command);
  await call(command, attachment);
}

async function main(): Promise<void> {
  const reader = new FrameReader();
  let queue = Promise.resolve();
  // Deno.stdin.read() rather than its ReadableStream: one op per chunk, no stream machinery.
  const buffer = new Uint8Array(256 * 1024);
  for (;;) {
    const n = await Deno.stdin.read(buffer);
    if (n === null) break;
    for (const frame of reader.push(buffer.subarray(0, n))) {
      const command = frame.message as ParentCommand;
      queue = queue.then(() => handle(command, frame.attachment)).catch((error) => {
        console.error("sandbox host: internal error:", error);
        Deno.exit(70);
      });
    }
  }
  // The parent is gone (stdin closed): end now, even if a worker thread is still spinning.
  Deno.exit(0);
}

await main();
