import assert from "node:assert/strict";
import { resolveUiServerOptions } from "../../src/ui/options.ts";
import { accessCookieName, hostAllowed } from "../../src/ui/_security.ts";
import { withServer } from "./_server.ts";

const TOKEN = "s3cret-token-for-tests-0123456789";

Deno.test("resolveUiServerOptions() makes a random access token on loopback and elsewhere", () => {
  assert.match(resolveUiServerOptions({ host: "127.0.0.1" }).token, /^[0-9a-f]{64}$/);
  assert.match(resolveUiServerOptions({ host: "::1" }).token, /^[0-9a-f]{64}$/);
  assert.notEqual(resolveUiServerOptions().token, resolveUiServerOptions().token);
  const exposed = resolveUiServerOptions({ host: "0.0.0.0" });
  assert.match(exposed.token ?? "", /^[0-9a-f]{64}$/);
  assert.equal(resolveUiServerOptions({ host: "0.0.0.0", token: TOKEN }).token, TOKEN);
  assert.throws(() => resolveUiServerOptions({ token: "short" }), /at least 16/);
  assert.throws(() => resolveUiServerOptions({ port: 70000 }), /--port/);
  const a = resolveUiServerOptions();
  const b = resolveUiServerOptions();
  assert.notEqual(a.controlToken, b.controlToken, "a fresh control token per server");
});

Deno.test("hostAllowed() refuses DNS-rebound host names on a loopback server", () => {
  const req = (host: string) => new Request("http://127.0.0.1/", { headers: { host } });
  for (const host of ["127.0.0.1:8642", "localhost:8642", "[::1]:8642", "LOCALHOST"]) {
    assert.ok(hostAllowed(req(host), true), host);
  }
  for (const host of ["evil.example:8642", "127.0.0.1.evil.example", "0.0.0.0:8642"]) {
    assert.ok(!hostAllowed(req(host), true), host);
  }
  assert.ok(hostAllowed(req("my-box.lan:8642"), false), "an exposed server has its token instead");
});

Deno.test("a server with an access token refuses requests without it, then takes query, cookie or bearer", async () => {
  await withServer(async ({ server, run }) => {
    const get = (path: string, headers: Record<string, string> = {}) =>
      fetch(`${server.url}${path}`, { redirect: "manual", headers });
    const denied = await get(`/runs/${run.name}`);
    assert.equal(denied.status, 401);
    await denied.body?.cancel();
    const wrong = await get(`/runs/${run.name}?token=nope-nope-nope-nope`);
    assert.equal(wrong.status, 401);
    await wrong.body?.cancel();
    const entry = await get(`/runs/${run.name}?token=${TOKEN}&diff=unified`);
    assert.equal(entry.status, 303);
    assert.equal(
      entry.headers.get("location"),
      `/runs/${run.name}?diff=unified`,
      "token dropped from the URL",
    );
    const cookie = entry.headers.get("set-cookie") ?? "";
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    assert.ok(cookie.startsWith(`${accessCookieName(server.port)}=${TOKEN}`));
    const slashes = await get(`//evil.example/x?token=${TOKEN}`);
    assert.equal(slashes.headers.get("location"), "/evil.example/x", "never a redirect off-site");
    await slashes.body?.cancel();
    const withCookie = await get(`/runs/${run.name}`, { cookie: cookie.split(";")[0] });
    assert.equal(withCookie.status, 200);
    await withCookie.body?.cancel();
    const bearer = await get("/", { authorization: `Bearer ${TOKEN}` });
    assert.equal(bearer.status, 200);
    await bearer.body?.cancel();
    const asset = await get("/assets/app.css");
    assert.equal(asset.status, 401, "even static files need the token");
    await asset.body?.cancel();
  }, { server: { token: TOKEN } });
});

Deno.test("a loopback server started without a token still refuses requests that lack its own", async () => {
  await withServer(async ({ server, run }) => {
    const bare = await fetch(`${server.url}/runs/${run.name}`, { redirect: "manual" });
    assert.equal(bare.status, 401);
    await bare.body?.cancel();
    const entry = await fetch(`${server.url}/?token=${server.token}`, { redirect: "manual" });
    assert.equal(entry.status, 303);
    assert.match(entry.headers.get("set-cookie") ?? "", /HttpOnly/);
    await entry.body?.cancel();
  });
});

Deno.test("a loopback server answers 403 to a request whose Host is another name", async () => {
  await withServer(async ({ server }) => {
    // fetch() will not send a made-up Host, so speak HTTP/1.1 over a socket as a rebound page would.
    const raw = async (host: string) => {
      const conn = await Deno.connect({ hostname: "127.0.0.1", port: server.port });
      await conn.write(
        new TextEncoder().encode(
          `GET / HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${server.token}\r\n` +
            "Connection: close\r\n\r\n",
        ),
      );
      const text = await new Response(conn.readable).text();
      return text.split("\r\n", 1)[0];
    };
    assert.match(await raw("rebound.evil.example:80"), /^HTTP\/1\.1 403/);
    assert.match(await raw(`localhost:${server.port}`), /^HTTP\/1\.1 (200|303)/);
  });
});
