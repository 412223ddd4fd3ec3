// Owns building responses: HTML and JSON bodies, redirects, and error pages written with the safe
// template, so their message is escaped like any other text.
import { html } from "../html/mod.ts";

/** An HTML page. */
export function htmlResponse(body: string, status = 200): Response {
  return new Response(body, {
    status,
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" },
  });
}

/** A JSON body. */
export function jsonResponse(data: unknown, status = 200): Response {
  return new Response(JSON.stringify(data), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
  });
}

/** A 303 to `location` (after a POST, or to drop a query token). */
export function redirect(location: string, headers: Record<string, string> = {}): Response {
  return new Response(null, { status: 303, headers: { location, ...headers } });
}

/** A small error page (or JSON when the client asked for it) with `message` escaped. */
export function errorResponse(req: Request, status: number, message: string): Response {
  if ((req.headers.get("accept") ?? "").includes("application/json")) {
    return jsonResponse({ error: message }, status);
  }
  // deno-fmt-ignore: the page's text is its output; the formatter would reindent it.
  const page = html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${status}</title></head><body><h1>${status}</h1><p>${message}</p><p><a href="/">all runs</a></p></body></html>`;
  return htmlResponse(page.value, status);
}
