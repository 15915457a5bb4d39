// Optional access control (FATHOM_ACCESS_TOKEN): the checks proxy.ts and the login route share.
// The cookie holds a hash of the token, not the token; every comparison is constant-time.
import { createHash, timingSafeEqual } from "node:crypto";

export const ACCESS_COOKIE = "fathom_token";
/** Thirty days, then sign in again. */
export const ACCESS_COOKIE_MAX_AGE = 30 * 24 * 3600;

const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();

/** Constant-time equality of two strings of any length (both are hashed first). */
export function sameSecret(given: string | undefined | null, expected: string): boolean {
  if (typeof given !== "string" || !given) return false;
  return timingSafeEqual(digest(given), digest(expected));
}

/** What the cookie holds for a token: rotating the token signs every browser out. */
export function sessionValue(token: string): string {
  return createHash("sha256").update(`fathom-access-v1:${token}`, "utf8").digest("hex");
}

/** True when the request carries the token: `Authorization: Bearer <token>` or the session cookie. */
export function isAuthorized(token: string, authorization: string | null, cookie: string | undefined): boolean {
  const bearer = /^Bearer\s+(.+)$/i.exec(authorization ?? "")?.[1]?.trim();
  return sameSecret(bearer, token) || sameSecret(cookie, sessionValue(token));
}

/** A same-site path to return to after signing in; anything else (other hosts, `//x`, `/\x`) becomes "/". */
export function safeNext(raw: unknown): string {
  if (typeof raw !== "string" || !raw.startsWith("/") || raw.startsWith("//") || raw.startsWith("/\\")) return "/";
  if (/\p{Cc}/u.test(raw) || raw.startsWith("/login") || raw.startsWith("/api/")) return "/";
  return raw.slice(0, 2000);
}
