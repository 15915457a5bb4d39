// Run-level errors (model, config, timeouts …) rendered where they happened in the timeline.
import type { ErrorView } from "@/lib/client/run-view";
import type { ErrorCode } from "@/lib/protocol/events";
import { ErrorBanner } from "@/components/ui/error-banner";

const TITLES: Record<ErrorCode, string> = {
  bad_request: "The request was rejected",
  config_missing: "Not configured",
  llm_failed: "The model request failed",
  llm_truncated: "The model's answer was cut off",
  plan_invalid: "The plan could not be read",
  tool_failed: "A tool failed",
  timeout: "Timed out",
  cancelled: "Stopped",
  internal: "Something went wrong",
};

export function RunErrors({ errors }: { errors: ErrorView[] }) {
  if (errors.length === 0) return null;
  return (
    <div className="space-y-2">
      {errors.map((e) => (
        <ErrorBanner
          key={e.seq}
          code={e.code}
          tone={e.code === "cancelled" ? "warning" : "error"}
          title={TITLES[e.code] ?? "Error"}
          message={e.message}
          hint={e.hint}
        />
      ))}
    </div>
  );
}
