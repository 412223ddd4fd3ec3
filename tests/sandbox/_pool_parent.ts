// Test helper process: starts a pool, says "ready", and idles until a signal ends it.
import { SandboxPool } from "../../src/sandbox/mod.ts";

await SandboxPool.start({ size: 2, handleSignals: Deno.args[0] !== "no-handlers" });
console.log("ready");
setInterval(() => {}, 60_000);
