// The sign-in page for servers with FATHOM_ACCESS_TOKEN: one password field, a plain form post
// (works without JavaScript), an error line after a wrong token.
import type { Metadata } from "next";
import { safeNext } from "@/lib/server/access";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in — Fathom" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string | string[]; error?: string | string[] }> }) {
  const params = await searchParams;
  const next = safeNext(Array.isArray(params.next) ? params.next[0] : params.next);
  const failed = params.error !== undefined;
  return (
    <main className="mx-auto flex min-h-dvh max-w-sm flex-col justify-center px-6">
      <h1 className="mb-2 text-2xl font-semibold tracking-tight">Fathom</h1>
      <p className="mb-6 text-sm text-zinc-600 dark:text-zinc-400">This server is private. Enter its access token to continue.</p>
      <form method="post" action="/api/login" data-testid="login-form" className="flex flex-col gap-3">
        <input type="hidden" name="next" value={next} />
        <label htmlFor="token" className="text-sm font-medium">
          Access token
        </label>
        <input
          id="token"
          name="token"
          type="password"
          required
          autoFocus
          autoComplete="current-password"
          data-testid="login-token"
          aria-invalid={failed || undefined}
          aria-describedby={failed ? "login-error" : undefined}
          className="rounded-xl border border-zinc-200 bg-white px-3 py-2 outline-none focus:border-indigo-400 dark:border-zinc-800 dark:bg-zinc-900 dark:focus:border-indigo-500"
        />
        {failed && (
          <p id="login-error" role="alert" data-testid="login-error" className="text-sm font-medium text-red-600 dark:text-red-400">
            That token is not right. Try again.
          </p>
        )}
        <button type="submit" data-testid="login-submit" className="rounded-xl bg-indigo-600 px-4 py-2 font-medium text-white transition hover:bg-indigo-500">
          Sign in
        </button>
      </form>
    </main>
  );
}
