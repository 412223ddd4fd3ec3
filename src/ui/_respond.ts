// Owns building responses: HTML and JSON bodies, redirects, and error pages whose message is
// escaped like any other text.
import { escapeHtml } from "../html/mod.ts";

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
  return htmlResponse(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${status}</title></head>` +
      `<body><h1>${status}</h1><p>${
        escapeHtml(message)
      }</p><p><a href="/">all runs</a></p></body></html>`,
    status,
  );
}
