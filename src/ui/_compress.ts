// Owns response compression: gzip through Deno's built-in `CompressionStream` for text bodies the
// client accepts it for; event streams stay plain (a compressor would hold back each event).
const COMPRESSIBLE = /^(text\/(html|css|plain|javascript)|application\/(json|javascript))\b/;

/** Bodies smaller than this gain nothing worth the gzip header and the CPU. */
const MIN_BYTES = 512;

/** `res` gzipped when `req` accepts gzip and the body is compressible text; else `res` itself. */
export function compressed(req: Request, res: Response): Response {
  const type = res.headers.get("content-type") ?? "";
  const length = Number(res.headers.get("content-length") ?? Infinity);
  if (
    !res.body || res.headers.has("content-encoding") || !COMPRESSIBLE.test(type) ||
    length < MIN_BYTES || !acceptsGzip(req)
  ) {
    return res;
  }
  const headers = new Headers(res.headers);
  headers.set("content-encoding", "gzip");
  headers.delete("content-length");
  headers.append("vary", "Accept-Encoding");
  return new Response(res.body.pipeThrough(new CompressionStream("gzip")), {
    status: res.status,
    statusText: res.statusText,
    headers,
  });
}

/** True when `Accept-Encoding` lists gzip without `q=0`. */
function acceptsGzip(req: Request): boolean {
  return (req.headers.get("accept-encoding") ?? "").split(",").some((part) => {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    return (name === "gzip" || name === "*") &&
      !params.some((p) => /^\s*q=0(\.0*)?\s*$/.test(p));
  });
}
