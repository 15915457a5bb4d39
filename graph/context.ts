// Per-run context that must not live in checkpoints: config with secrets, the abort signal and the
// event sink. Nodes find it by the run's thread id, so the checkpointed state stays plain data.
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { RunEventInput } from "@/lib/protocol/events";
import type { AppConfig } from "@/lib/server/config";
import type { LimitFunction } from "p-limit";

export interface RunContext {
  runId: string;
  config: AppConfig;
  signal: AbortSignal;
  emit: (event: RunEventInput) => void;
  /**
   * Bounds how many plan steps run at once. Every ready step is sent to the graph together and waits
   * here for a slot: LangGraph's own maxConcurrency drops the tasks beyond the limit (1.7.3).
   */
  stepSlots: LimitFunction;
}

// On globalThis, like the run manager: Next bundles instrumentation.ts (which builds the graph at
// start-up) apart from the route handlers (which register contexts), so each bundle has its own copy
// of this module; a module-level map would leave the graph's nodes without their run's context.
const g = globalThis as typeof globalThis & { __fathomRunContexts?: Map<string, RunContext> };
const contexts = (g.__fathomRunContexts ??= new Map<string, RunContext>());

export function registerContext(ctx: RunContext): () => void {
  contexts.set(ctx.runId, ctx);
  return () => {
    if (contexts.get(ctx.runId) === ctx) contexts.delete(ctx.runId);
  };
}

export function runContext(config: LangGraphRunnableConfig): RunContext {
  const id = config.configurable?.thread_id as string | undefined;
  const ctx = id ? contexts.get(id) : undefined;
  if (!ctx) throw new Error(`no run context for thread ${id}`);
  return ctx;
}
