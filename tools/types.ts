// The contract every tool implements: failures are data for the model, never exceptions (house style).
import type { ToolResult } from "@/lib/protocol/events";
import type { AppConfig } from "@/lib/server/config";
import type { Retrieved } from "@/lib/report/registry";

/** Something a tool retrieved; the source registry gives it a stable id. */
export type { Retrieved };

export interface ToolOutcome {
  /** What the model sees as the tool message content. */
  forModel: string;
  /** What the UI shows in the tool card. */
  result: ToolResult;
  /** Sources this call retrieved (empty on failure). */
  retrieved: Retrieved[];
  ok: boolean;
}

export interface ToolContext {
  config: AppConfig;
  signal: AbortSignal;
  /** Per-run settings that tools honour. */
  maxSearchResults: number;
  /** Told when a tool waits to retry (rate limit, provider error), so the user sees why it is slow (C14 A). */
  onRetry?: (message: string) => void;
}
