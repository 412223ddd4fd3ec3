// Owns the child host: the main module of each sandbox child process, run with no permissions.
// It starts one permission-less worker (which locks itself down with SES), relays framed commands
// from stdin to it and its replies to stdout, and exits when stdin closes, so that a dead parent
// never leaves it behind. A worker that dies or misbehaves taints the process: from then on every
// command is answered with `recycle`, and the parent starts a new child.
import { carryPacked, type Crossing, handOver } from "./_carry.ts";
import { encodeFrame, FrameReader } from "./_frames.ts";
import type {
  CallCommand,
  FailReply,
  HostReply,
  InitCommand,
  LoadCommand,
  ParentCommand,
  WorkerCommand,
  WorkerReply,
} from "./_protocol.ts";
import type { Packed } from "./_protocol.ts";
import { MESSAGE_CHARS, STACK_CHARS, untrustedText, untrustedTimes } from "./_text.ts";
import { workerSource } from "./_worker_main.ts";

let init: InitCommand | undefined;
let worker: CandidateWorker | undefined;
/** Set once the worker is gone or cannot be trusted: every later command asks for a new child. */
let tainted = "";

/** The candidate worker and the replies it has sent over its private port. */
class CandidateWorker {
  readonly #port: MessagePort;
  readonly #replies: WorkerReply[] = [];
  #wake: (() => void) | undefined;
  /** Why the worker is gone, once it is. */
  death = "";

  constructor(ses: string, maxLogChars: number) {
    const url = URL.createObjectURL(new Blob([workerSource(ses)], { type: "text/javascript" }));
    const worker = new Worker(url, { type: "module", deno: { permissions: "none" } });
    URL.revokeObjectURL(url);
    const channel = new MessageChannel();
    this.#port = channel.port1;
    this.#port.onmessage = (event) => this.#push(event.data as WorkerReply);
    worker.onerror = (event) => {
      event.preventDefault();
      const message = untrustedText(event.message, MESSAGE_CHARS);
      this.#die("exception", `uncaught error in the sandbox worker: ${message}`);
    };
    // Candidates cannot reach the worker's own channel; anything on it means the realm broke.
    worker.onmessage = () => this.#die("tamper", "a message arrived on the worker's own channel");
    worker.postMessage({ port: channel.port2, maxLogChars }, [channel.port2]);
  }

  /** Sends a command over the private port. */
  send(command: WorkerCommand): void {
    this.#port.postMessage(command);
  }

  /** Waits for the next reply; a worker that died answers with the failure that killed it. */
  async next(): Promise<WorkerReply> {
    while (this.#replies.length === 0) await new Promise<void>((wake) => this.#wake = wake);
    return this.#replies.shift()!;
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

/** Forwards a worker's failure, its texts read as untrusted; a dead worker taints this process. */
function replyFail(failure: FailReply): void {
  const dead = worker!.death !== "";
  if (dead) tainted = `the sandbox worker is gone: ${worker!.death}`;
  reply({
    ...failure,
    message: untrustedText(failure.message, MESSAGE_CHARS),
    stack: untrustedText(failure.stack, STACK_CHARS),
    timesMs: untrustedTimes(failure.timesMs),
    discarded: dead || failure.category === "load",
  });
}

async function start(command: InitCommand): Promise<void> {
  init = command;
  worker = new CandidateWorker(command.ses, command.maxLogChars);
  const first = await worker.next();
  if (first.op === "ready") return reply({ op: "ready" });
  tainted = `the sandbox worker did not start: ${first.op === "fail" ? first.message : first.op}`;
  reply({ op: "recycle", reason: tainted });
}

async function load(command: LoadCommand): Promise<void> {
  worker!.send(command);
  const first = await worker!.next();
  if (first.op === "loaded") return reply({ op: "loaded", logs: first.logs });
  if (first.op === "fail") return replyFail(first);
  unexpected(first);
}

/** Frames a finished call, failing it when its output is over the byte cap. */
function replyDone(
  timesMs: readonly number[],
  output: Packed,
  logs: readonly string[],
  cap: number,
): void {
  const crossing: Crossing = carryPacked(output);
  const size = crossing.attachment.length + (crossing.carried.shape?.length ?? 0);
  if (size > cap) {
    const message = `the output was capped: it takes ${size} bytes, over the limit of ${cap} ` +
      "bytes (maxOutputBytes); return less data";
    return replyFail({ op: "fail", category: "invalid-output", message, stack: "", timesMs, logs });
  }
  reply({ op: "done", timesMs, output: crossing.carried, logs }, crossing.attachment);
}

async function call(command: CallCommand, attachment: Uint8Array): Promise<void> {
  worker!.send({ ...command, args: handOver(command.args, attachment) });
  for (;;) {
    const answer = await worker!.next();
    if (answer.op === "tick") reply({ op: "tick", logs: answer.logs });
    else if (answer.op === "done") {
      return replyDone(answer.timesMs, answer.output, answer.logs, command.maxOutputBytes);
    } else if (answer.op === "fail") return replyFail(answer);
    else return unexpected(answer);
  }
}

function unexpected(answer: WorkerReply): void {
  tainted = `the sandbox worker answered out of turn ('${answer.op}')`;
  reply({ op: "recycle", reason: tainted });
}

async function handle(command: ParentCommand, attachment: Uint8Array): Promise<void> {
  if (command.op === "init") return await start(command);
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
  // The parent is gone (stdin closed): end now, even if the worker is still spinning.
  Deno.exit(0);
}

await main();
