import assert from "node:assert/strict";
import { StoreControlSource } from "../../src/evolve/engine/control.ts";
import { MAX_CONTROL_BYTES } from "../../src/ui/_control.ts";
import { HOSTILE_SOURCE } from "../../bench/_fixture_run.ts";
import { type ServerHarness, withServer } from "./_server.ts";

function post(
  h: ServerHarness,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
) {
  return h.fetch(`/runs/${h.run.name}/control`, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { origin: h.server.url, ...headers },
  });
}

function steerEvents(h: ServerHarness) {
  return h.run.store.listEvents(["steer"]);
}

Deno.test("control POST writes the steer event the engine takes, then redirects to the run", async () => {
  await withServer(async (h) => {
    const token = h.server.controlToken;
    const res = await post(h, { token, kind: "hint", text: "try a heap <b>now</b>" });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get("location"), `/runs/${h.run.name}?sent=hint#steer`);
    for (const kind of ["pause", "resume"]) {
      assert.equal((await post(h, { token, kind })).status, 303);
    }
    const inject = await post(h, {
      token,
      kind: "inject",
      source: HOSTILE_SOURCE,
      description: "",
    });
    assert.equal(inject.status, 303);
    const taken = await new StoreControlSource(h.run.store).poll();
    assert.deepEqual(taken.map(({ steerEventId: _, ...c }) => c), [
      { kind: "hint", text: "try a heap <b>now</b>" },
      { kind: "pause" },
      { kind: "resume" },
      { kind: "inject", source: HOSTILE_SOURCE, description: undefined },
    ]);
  });
});

Deno.test("control POST answers JSON with the event id when asked for JSON", async () => {
  await withServer(async (h) => {
    const res = await h.fetch(`/runs/${h.run.name}/control`, {
      method: "POST",
      body: JSON.stringify({ token: h.server.controlToken, kind: "pause" }),
      headers: {
        origin: h.server.url,
        "content-type": "application/json",
        accept: "application/json",
      },
    });
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.equal(body.kind, "pause");
    assert.equal(steerEvents(h).at(-1)?.id, body.eventId);
  });
});

Deno.test("control POST refuses other origins, a missing Origin, and a wrong or missing token", async () => {
  await withServer(async (h) => {
    const token = h.server.controlToken;
    const cases: [Record<string, string>, Record<string, string>][] = [
      [{ token, kind: "pause" }, { origin: "http://evil.example" }],
      [{ token, kind: "pause" }, { origin: "null" }],
      [{ token: token.replace(/.$/, (c) => (c === "0" ? "1" : "0")), kind: "pause" }, {}],
      [{ kind: "pause" }, {}],
    ];
    for (const [fields, headers] of cases) {
      const res = await post(h, fields, headers);
      assert.equal(res.status, 403, JSON.stringify({ fields, headers }));
      await res.body?.cancel();
    }
    const noOrigin = await h.fetch(`/runs/${h.run.name}/control`, {
      method: "POST",
      body: new URLSearchParams({ token, kind: "pause" }),
    });
    assert.equal(noOrigin.status, 403);
    assert.match(await noOrigin.text(), /deno task steer/);
    const sameSite = await h.fetch(`/runs/${h.run.name}/control`, {
      method: "POST",
      body: new URLSearchParams({ token, kind: "pause" }),
      headers: { "sec-fetch-site": "same-origin" },
    });
    assert.equal(sameSite.status, 303, "a browser that sends Sec-Fetch-Site but no Origin");
    const nullFromFrame = await post(h, { token, kind: "pause" }, {
      origin: "null",
      "sec-fetch-site": "cross-site",
    });
    assert.equal(nullFromFrame.status, 403, "a sandboxed frame of another site");
    await nullFromFrame.body?.cancel();
    const nullSameSite = await post(h, { token, kind: "pause" }, {
      origin: "null",
      "sec-fetch-site": "same-origin",
    });
    assert.equal(nullSameSite.status, 303);
    assert.equal(steerEvents(h).length, 2, "only the accepted ones were written");
  });
});

Deno.test("control POST rejects bad commands, other content types and oversized bodies", async () => {
  await withServer(async (h) => {
    const token = h.server.controlToken;
    const bad = await post(h, { token, kind: "hint", text: "   " });
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /hint needs a non-empty text/);
    const unknown = await post(h, { token, kind: "rm -rf" });
    assert.equal(unknown.status, 400);
    await unknown.body?.cancel();
    const text = await h.fetch(`/runs/${h.run.name}/control`, {
      method: "POST",
      body: "kind=pause",
      headers: { origin: h.server.url, "content-type": "text/plain" },
    });
    assert.equal(text.status, 415);
    await text.body?.cancel();
    const huge = await post(h, {
      token,
      kind: "inject",
      source: "x".repeat(MAX_CONTROL_BYTES + 1),
    });
    assert.equal(huge.status, 413);
    await huge.body?.cancel();
    assert.equal(steerEvents(h).length, 0);
  });
});

Deno.test("the run page embeds the control token in its forms and shows pending commands", async () => {
  await withServer(async (h) => {
    const page = await (await h.fetch(`/runs/${h.run.name}`)).text();
    const tokens = [...page.matchAll(/name="token" value="([0-9a-f]+)"/g)].map((m) => m[1]);
    assert.equal(tokens.length, 4, "pause, resume, hint and inject forms");
    assert.ok(tokens.every((t) => t === h.server.controlToken));
    assert.equal(
      (await post(h, { token: tokens[0], kind: "hint", text: "<i>look</i>" })).status,
      303,
    );
    const after = await (await h.fetch(`/runs/${h.run.name}?sent=hint`)).text();
    assert.ok(after.includes("Hint sent."));
    assert.ok(after.includes("hint: &lt;i&gt;look&lt;/i&gt;"), "pending command, escaped");
  });
});
