// A run- or request-level error with its code and hint. The one place errors get the `error-banner` test id.
import { AlertIcon } from "./icons";

export function ErrorBanner({
  title,
  message,
  hint,
  code,
  tone = "error",
}: {
  title?: string;
  message: string;
  hint?: string;
  code?: string;
  tone?: "error" | "warning";
}) {
  const colors =
    tone === "error"
      ? "border-red-200 bg-red-50 text-red-900 dark:border-red-900/60 dark:bg-red-950/40 dark:text-red-100"
      : "border-amber-200 bg-amber-50 text-amber-900 dark:border-amber-900/60 dark:bg-amber-950/40 dark:text-amber-100";
  return (
    <div role="alert" data-testid="error-banner" data-code={code} className={`flex gap-3 rounded-xl border px-4 py-3 text-sm ${colors}`}>
      <AlertIcon className="mt-0.5 size-4 shrink-0 opacity-80" />
      <div className="min-w-0 space-y-1">
        {title ? <p className="font-semibold">{title}</p> : null}
        <p className="break-words whitespace-pre-wrap">{message}</p>
        {hint ? <p className="break-words whitespace-pre-wrap opacity-80">{hint}</p> : null}
      </div>
    </div>
  );
}
