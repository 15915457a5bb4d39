// Optional access control: with FATHOM_ACCESS_TOKEN set, every page and API route needs the token,
// from the login cookie or `Authorization: Bearer <token>`. Pages without it go to /login; API
// routes answer 401 JSON. Without the variable nothing changes. (Next 16's name for middleware.)
import { NextResponse, type NextRequest } from "next/server";
import { ConfigError, getConfig } from "@/lib/server/config";
import { ACCESS_COOKIE, isAuthorized } from "@/lib/server/access";

const OPEN_PATHS = new Set(["/login", "/api/login"]);

export function proxy(req: NextRequest) {
  let token: string | undefined;
  try {
    token = getConfig().accessToken;
  } catch (err) {
    // Fail closed: a server whose configuration cannot be read serves nothing.
    console.error("[fathom] refusing requests:", err instanceof ConfigError ? err.message : err);
    return NextResponse.json({ error: { code: "config_missing", message: "The server's configuration is invalid; see its log." } }, { status: 500 });
  }
  if (!token) return NextResponse.next();
  const { pathname, search } = req.nextUrl;
  if (OPEN_PATHS.has(pathname)) return NextResponse.next();
  if (isAuthorized(token, req.headers.get("authorization"), req.cookies.get(ACCESS_COOKIE)?.value)) return NextResponse.next();
  if (pathname.startsWith("/api/")) {
    return NextResponse.json(
      { error: { code: "bad_request", message: "This Fathom server needs an access token: sign in at /login, or send Authorization: Bearer <token>." } },
      { status: 401, headers: { "WWW-Authenticate": 'Bearer realm="fathom"', "Cache-Control": "no-store" } },
    );
  }
  const login = req.nextUrl.clone(); // same origin: Next sends it as a relative Location
  login.pathname = "/login";
  login.search = pathname === "/" ? "" : `?${new URLSearchParams({ next: `${pathname}${search}` })}`;
  return NextResponse.redirect(login, 303);
}

export const config = {
  // Everything except the build's static files (public, and checked to hold no secrets).
  matcher: ["/((?!_next/static|_next/image).*)"],
};
