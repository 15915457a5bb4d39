// POST /api/login: signs a browser in when FATHOM_ACCESS_TOKEN is set. The form posts `token` (and
// `next`); a match sets an httpOnly, SameSite=Lax cookie holding a hash of the token. JSON bodies
// get JSON answers. DELETE signs out.
import { NextResponse } from "next/server";
import { getConfig } from "@/lib/server/config";
import { jsonError } from "@/lib/server/http";
import { ACCESS_COOKIE, ACCESS_COOKIE_MAX_AGE, safeNext, sameSecret, sessionValue } from "@/lib/server/access";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const MAX_BODY = 8_000;

/** A relative redirect: behind a proxy or on 127.0.0.1 vs localhost, the request URL's host may not be the browser's. */
const seeOther = (location: string) => new NextResponse(null, { status: 303, headers: { Location: location, "Cache-Control": "no-store" } });

async function readForm(req: Request): Promise<{ token?: string; next?: string; json: boolean }> {
  const type = req.headers.get("content-type") ?? "";
  const text = await req.text();
  if (text.length > MAX_BODY) return { json: type.includes("json") };
  if (type.includes("application/json")) {
    try {
      const body = JSON.parse(text) as { token?: unknown; next?: unknown };
      return { token: typeof body.token === "string" ? body.token : undefined, next: typeof body.next === "string" ? body.next : undefined, json: true };
    } catch {
      return { json: true };
    }
  }
  const form = new URLSearchParams(text);
  return { token: form.get("token") ?? undefined, next: form.get("next") ?? undefined, json: false };
}

export async function POST(req: Request) {
  const expected = getConfig().accessToken;
  const { token, next, json } = await readForm(req);
  const target = safeNext(next);
  if (!expected) return json ? NextResponse.json({ ok: true }) : seeOther(target);
  if (!sameSecret(token?.trim(), expected)) {
    if (json) return jsonError(401, "bad_request", "That access token is not right.");
    const back = new URLSearchParams({ error: "1", ...(target !== "/" ? { next: target } : {}) });
    return seeOther(`/login?${back}`);
  }
  const res = json ? NextResponse.json({ ok: true }) : seeOther(target);
  res.cookies.set(ACCESS_COOKIE, sessionValue(expected), {
    httpOnly: true,
    sameSite: "lax",
    secure: new URL(req.url).protocol === "https:" || req.headers.get("x-forwarded-proto") === "https",
    path: "/",
    maxAge: ACCESS_COOKIE_MAX_AGE,
  });
  return res;
}

export async function DELETE() {
  const res = NextResponse.json({ ok: true });
  res.cookies.set(ACCESS_COOKIE, "", { httpOnly: true, sameSite: "lax", path: "/", maxAge: 0 });
  return res;
}
