// Owns the server's request checks and headers: DNS-rebinding guard (Host), the access token (on
// loopback too: query once, then an HttpOnly cookie), the control token and Origin check on POST, and a
// strict Content-Security-Policy (scripts only from this server, no inline code).
import { timingSafeEqual } from "node:crypto";
import { isLoopbackHost } from "./options.ts";

/** Headers on every response. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "content-security-policy": [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join("; "),
  "x-content-type-options": "nosniff",
  // Not "no-referrer": under it browsers send `Origin: null` with same-origin form posts.
  "referrer-policy": "same-origin",
  "x-frame-options": "DENY",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
};

/** Compares secrets in time independent of where they differ. */
export function sameSecret(a: string | null | undefined, b: string): boolean {
  if (typeof a !== "string") return false;
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The Host header's name without port; "" when absent. */
function hostName(req: Request): string {
  const host = req.headers.get("host") ?? "";
  const m = /^(\[[^\]]*\]|[^:]*)(?::\d+)?$/.exec(host);
  return (m?.[1] ?? "").toLowerCase();
}

/**
 * On a loopback server, refuses requests whose Host is not a loopback name: a page on another
 * site that rebinds its DNS name to 127.0.0.1 would otherwise read runs as same-origin.
 */
export function hostAllowed(req: Request, boundToLoopback: boolean): boolean {
  return !boundToLoopback || isLoopbackHost(hostName(req));
}

/** Cookie carrying the access token; named by port so two servers on one host do not clash. */
export function accessCookieName(port: number): string {
  return `specevolve_ui_${port}`;
}

export type AccessResult =
  | { readonly kind: "ok" }
  /** The token came in the query: set the cookie and redirect to the URL without it. */
  | { readonly kind: "set-cookie"; readonly location: string; readonly cookie: string }
  | { readonly kind: "denied" };

/** Checks the server's access token: `?token=`, the cookie, or `Authorization: Bearer`. */
export function checkAccess(req: Request, token: string, port: number): AccessResult {
  const url = new URL(req.url);
  const fromQuery = url.searchParams.get("token");
  if (fromQuery !== null && sameSecret(fromQuery, token)) {
    url.searchParams.delete("token");
    return {
      kind: "set-cookie",
      // One leading slash: "//host/x" would be a redirect to another site.
      location: `/${url.pathname.replace(/^\/+/, "")}${url.search}`,
      cookie: `${accessCookieName(port)}=${token}; Path=/; HttpOnly; SameSite=Strict`,
    };
  }
  const cookies = (req.headers.get("cookie") ?? "").split(/;\s*/);
  const cookie = cookies.find((c) => c.startsWith(`${accessCookieName(port)}=`));
  if (cookie && sameSecret(cookie.slice(cookie.indexOf("=") + 1), token)) return { kind: "ok" };
  const auth = req.headers.get("authorization") ?? "";
  if (auth.startsWith("Bearer ") && sameSecret(auth.slice(7), token)) return { kind: "ok" };
  return { kind: "denied" };
}

/**
 * Why a control POST must be refused, or undefined when it may go on: it must come from a page
 * of this server (Origin equal to ours; without Origin, `Sec-Fetch-Site: same-origin`) and echo
 * the control token embedded in those pages.
 */
export function controlRefusal(
  req: Request,
  token: string | null,
  controlToken: string,
): string | undefined {
  const origin = req.headers.get("origin");
  const ours = new URL(req.url).origin;
  // Browsers set Sec-Fetch-Site themselves (pages cannot forge it); it decides when Origin is
  // absent or "null" (a privacy setting), which sandboxed frames of other sites also send.
  const sameSite = req.headers.get("sec-fetch-site") === "same-origin";
  if (origin !== null && origin !== "null") {
    if (origin !== ours) return `cross-origin request from ${origin} refused`;
  } else if (!sameSite) {
    return `request with ${origin === null ? "no" : "a null"} Origin refused ` +
      "(steer from a page of this server, or use `deno task steer` from a shell)";
  }
  if (!sameSecret(token, controlToken)) {
    return "missing or wrong control token; reload the page and try again";
  }
  return undefined;
}
