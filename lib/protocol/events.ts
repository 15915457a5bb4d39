// THE event protocol between the research server and every client (browser, CLI, tests).
// Declared once with zod; the server validates what it emits, the client parses what it receives.
// Client-safe: no server imports here.
import { z } from "zod";

export const AGENTS = ["coordinator", "background", "planner", "researcher", "coder", "reporter"] as const;
export const Agent = z.enum(AGENTS);
export type Agent = z.infer<typeof Agent>;

export const REPORT_STYLES = ["academic", "popular_science", "news", "social_media"] as const;
export const ReportStyle = z.enum(REPORT_STYLES);
export type ReportStyle = z.infer<typeof ReportStyle>;

export const ErrorCode = z.enum([
  "bad_request",
  "config_missing",
  "llm_failed",
  "llm_truncated",
  "plan_invalid",
  "tool_failed",
  "timeout",
  "cancelled",
  "internal",
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** Per-run settings a user may choose; bounded so a request cannot ask for absurd work. */
export const RunSettings = z.object({
  autoAccept: z.boolean().default(false),
  maxSteps: z.number().int().min(1).max(10).default(4),
  maxSearchResults: z.number().int().min(1).max(20).default(5),
  backgroundInvestigation: z.boolean().default(true),
  reportStyle: ReportStyle.default("academic"),
  /** "auto" = decided from the question's language. */
  locale: z.enum(["auto", "en-US", "zh-CN"]).default("auto"),
  concurrency: z.number().int().min(1).max(8).default(3),
});
export type RunSettings = z.infer<typeof RunSettings>;

export const PlanStep = z.object({
  title: z.string(),
  description: z.string(),
  needSearch: z.boolean(),
  stepType: z.enum(["research", "processing"]),
});
export type PlanStep = z.infer<typeof PlanStep>;

export const Plan = z.object({
  locale: z.string(),
  hasEnoughContext: z.boolean(),
  thought: z.string(),
  title: z.string(),
  steps: z.array(PlanStep),
});
export type Plan = z.infer<typeof Plan>;

/** One retrieved thing (search hit, crawled page, image) in the run's source registry. */
export const Source = z.object({
  id: z.number().int().positive(),
  url: z.string(),
  title: z.string(),
  domain: z.string(),
  snippet: z.string(),
  kind: z.enum(["page", "image"]),
  /** The text that was read (search content, or the crawled page's markdown), capped. Server-only in events. */
  text: z.string().optional(),
});
export type Source = z.infer<typeof Source>;

export const SearchHit = z.object({
  title: z.string(),
  url: z.string(),
  domain: z.string(),
  snippet: z.string(),
  score: z.number(),
  sourceId: z.number().optional(),
});
export type SearchHit = z.infer<typeof SearchHit>;

export const ImageHit = z.object({ url: z.string(), description: z.string() });
export type ImageHit = z.infer<typeof ImageHit>;

/** Structured tool results for the UI's cards. `error` results are shown as the error text. */
export const ToolResult = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("search"), query: z.string(), hits: z.array(SearchHit), images: z.array(ImageHit) }),
  z.object({
    kind: z.literal("crawl"),
    url: z.string(),
    title: z.string(),
    chars: z.number(),
    contentType: z.string(),
    truncated: z.boolean(),
  }),
  z.object({ kind: z.literal("python"), stdout: z.string(), stderr: z.string(), durationMs: z.number() }),
  z.object({ kind: z.literal("error"), message: z.string() }),
]);
export type ToolResult = z.infer<typeof ToolResult>;

export const QualitySummary = z.object({
  citationValidity: z.number(),
  citedLinks: z.number(),
  validCitedLinks: z.number(),
  danglingReferences: z.number(),
  orphanReferences: z.number(),
  uniqueSources: z.number(),
  uniqueDomains: z.number(),
  readSourcesCited: z.number(),
  paragraphsWithoutCitation: z.number(),
  numbersChecked: z.number(),
  numbersGrounded: z.number(),
  removedLinks: z.array(z.string()),
  removedImages: z.array(z.string()),
  incomplete: z.boolean(),
});
export type QualitySummary = z.infer<typeof QualitySummary>;

const base = { runId: z.string(), seq: z.number().int().nonnegative(), ts: z.number() };
/** Identifies an agent invocation: agent + plan step index (steps only). */
const where = { agent: Agent, stepIndex: z.number().int().optional() };

export const RunEvent = z.discriminatedUnion("type", [
  z.object({
    ...base,
    type: z.literal("run_started"),
    question: z.string(),
    settings: RunSettings,
    demo: z.string().optional(),
    locale: z.string(),
    /** A follow-up question on this earlier run's report (same thread). */
    parentRunId: z.string().optional(),
  }),
  /** The run goes on after the server restarted (`restart`) or after the user pressed Resume (`manual`). */
  z.object({ ...base, type: z.literal("run_resumed"), reason: z.enum(["restart", "manual"]) }),
  z.object({ ...base, ...where, type: z.literal("agent_started"), title: z.string().optional() }),
  z.object({
    ...base,
    ...where,
    type: z.literal("agent_finished"),
    status: z.enum(["done", "failed", "cancelled"]),
    error: z.string().optional(),
  }),
  z.object({ ...base, ...where, type: z.literal("text_delta"), text: z.string() }),
  z.object({ ...base, ...where, type: z.literal("thinking_delta"), text: z.string() }),
  z.object({ ...base, type: z.literal("plan"), plan: Plan, revision: z.number().int() }),
  z.object({ ...base, type: z.literal("plan_review"), plan: Plan, revision: z.number().int() }),
  z.object({
    ...base,
    type: z.literal("plan_decision"),
    action: z.enum(["accept", "edit"]),
    feedback: z.string().optional(),
  }),
  z.object({
    ...base,
    ...where,
    type: z.literal("tool_started"),
    callId: z.string(),
    tool: z.string(),
    args: z.record(z.string(), z.unknown()),
  }),
  z.object({
    ...base,
    ...where,
    type: z.literal("tool_finished"),
    callId: z.string(),
    tool: z.string(),
    ok: z.boolean(),
    result: ToolResult,
    durationMs: z.number(),
  }),
  z.object({
    ...base,
    type: z.literal("sources"),
    sources: z.array(Source.omit({ text: true })),
  }),
  z.object({ ...base, type: z.literal("report_delta"), text: z.string() }),
  z.object({
    ...base,
    type: z.literal("report_final"),
    title: z.string(),
    markdown: z.string(),
    sources: z.array(Source.omit({ text: true })),
    quality: QualitySummary.optional(),
  }),
  z.object({
    ...base,
    type: z.literal("notice"),
    level: z.enum(["info", "warning"]),
    message: z.string(),
    agent: Agent.optional(),
    stepIndex: z.number().int().optional(),
  }),
  z.object({
    ...base,
    type: z.literal("error"),
    code: ErrorCode,
    message: z.string(),
    hint: z.string().optional(),
    agent: Agent.optional(),
    stepIndex: z.number().int().optional(),
  }),
  z.object({
    ...base,
    type: z.literal("done"),
    /** `interrupted`: the server stopped mid-run and could not resume it by itself (see POST …/resume). */
    status: z.enum(["completed", "failed", "cancelled", "awaiting_plan_review", "interrupted"]),
  }),
]);
export type RunEvent = z.infer<typeof RunEvent>;
export type RunEventType = RunEvent["type"];

/** What a producer hands to the run driver; the driver adds runId, seq and ts. */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type RunEventInput = DistributiveOmit<RunEvent, "runId" | "seq" | "ts">;

/** Body of POST /api/runs. */
export const StartRunRequest = z.object({
  question: z.string(),
  settings: RunSettings.partial().optional(),
  demo: z.string().optional(),
  /** Ask a follow-up on this finished run's report: the new run continues its thread. */
  parentRunId: z.string().min(1).max(100).optional(),
});
export type StartRunRequest = z.infer<typeof StartRunRequest>;

export const MAX_QUESTION_CHARS = 10_000;

/** Body of POST /api/runs/:id/decision. */
export const PlanDecision = z.discriminatedUnion("action", [
  z.object({ action: z.literal("accept") }),
  z.object({ action: z.literal("edit"), feedback: z.string().min(1).max(4000) }),
]);
export type PlanDecision = z.infer<typeof PlanDecision>;
