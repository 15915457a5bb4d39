// The contract every tool implements: failures are data for the model, never exceptions (house style).
import type { ToolResult } from "@/lib/protocol/events";
import type { AppConfig } from "@/lib/server/config";

/** Something a tool retrieved; the source registry gives it a stable id. */
export interface Retrieved {
  url: string;
  title: string;
  snippet: string;
  /** Text that was read (search content or crawled markdown); used for evidence and grounding. */
  text?: string;
  kind: "page" | "image";
}

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
}
