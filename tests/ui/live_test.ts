import assert from "node:assert/strict";
import { LiveHub } from "../../src/ui/live.ts";
import { makeFixtureRun } from "../../bench/_fixture_run.ts";
import { withServer } from "./_server.ts";

/** Collects an event stream's text in the background; `waitFor` polls what has come so far. */
function collect(res: Response) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const loop = (async () => {
    for (;;) {
      const chunk = await reader.read().catch(() => ({ done: true as const, value: undefined }));
      if (chunk.done) return;
      text += decoder.decode(chunk.value, { stream: true });
    }
  })();
  return {
    text: () => text,
    /** Resolves when `pattern` has arrived; fails after `timeoutMs` (generous for a loaded machine). */
    async waitFor(pattern: RegExp, timeoutMs = 20_000): Promise<string> {
      const deadline = Date.now() + timeoutMs;
      while (!pattern.test(text)) {
        if (Date.now() > deadline) throw new Error(`no ${pattern} in ${timeoutMs} ms; got ${text}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return text;
    },
    async close(): Promise<void> {
      await reader.cancel();
      await loop;
    },
  };
}

Deno.test("run live stream says 'change' when the engine commits a row, and only then", async () => {
  await withServer(async ({ server, run }) => {
    const res = await fetch(`${server.url}/runs/${run.name}/live`, {
      headers: { authorization: `Bearer ${server.token}` },
    });
    assert.equal(res.headers.get("content-type"), "text/event-stream; charset=utf-8");
    const stream = collect(res);
    await stream.waitFor(/retry: \d+/);
    assert.equal(server.liveClients(), 1);
    // Several polls (100 ms each) with no write send nothing.
    await new Promise((r) => setTimeout(r, 600));
    assert.doesNotMatch(stream.text(), /change/);
    run.store.addEvent({ kind: "steer", payload: { kind: "pause" } });
    await stream.waitFor(/event: change\ndata: \{"at":\d+\}\n\n/);
    await stream.close();
    const deadline = Date.now() + 10_000;
    while (server.liveClients() > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.equal(server.liveClients(), 0, "a closed stream stops its poller");
  });
});

Deno.test("runs list live stream notices a new run folder", async () => {
  await withServer(async ({ server, root }) => {
    const res = await fetch(`${server.url}/live`, {
      headers: { authorization: `Bearer ${server.token}` },
    });
    const stream = collect(res);
    await stream.waitFor(/retry/);
    const added = makeFixtureRun(root, { programs: 2, seed: 9 });
    try {
      await stream.waitFor(/event: change/);
    } finally {
      await stream.close();
      added.store.close();
    }
  });
});

Deno.test("LiveHub.close() ends open streams", async () => {
  const dir = await Deno.makeTempDir();
  const hub = new LiveHub(50);
  const res = hub.stream("k", () => [`${dir}/file`]);
  const reader = res.body!.getReader();
  await reader.read();
  hub.close();
  assert.equal((await reader.read()).done, true);
  assert.equal(hub.clients, 0);
  await Deno.remove(dir, { recursive: true });
});
