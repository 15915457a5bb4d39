// The `research-scenario/1` file format: zod schema, loading with clear errors, listing a folder of scenarios.
import { z } from "zod";
import { readFile, readdir } from "node:fs/promises";
import path from "node:path";

export const AGENTS = ["coordinator", "planner", "researcher", "coder", "reporter"] as const;
export const AgentSchema = z.enum(AGENTS);
export type Agent = z.infer<typeof AgentSchema>;

/** Agents whose turns belong to a plan step (carry `step`). */
export const STEP_AGENTS: readonly Agent[] = ["researcher", "coder"];

const Headers = z.record(z.string(), z.string());
const DelayMs = z.number().int().nonnegative();

export const ToolCallSchema = z.object({
  name: z.string().min(1),
  /** Usually an object; a string is sent verbatim (lets a scenario inject malformed arguments). */
  args: z.union([z.record(z.string(), z.unknown()), z.string()]).default({}),
});

export const ModelErrorSchema = z.object({
  status: z.number().int().min(100).max(599),
  body: z.unknown().optional(),
  headers: Headers.optional(),
});

export const ModelTurnSchema = z
  .object({
    agent: AgentSchema,
    step: z.string().min(1).optional(),
    content: z.string().optional(),
    reasoning_content: z.string().optional(),
    tool_calls: z.array(ToolCallSchema).optional(),
    chunks: z.array(z.string()).optional(),
    finish_reason: z.enum(["stop", "length", "tool_calls", "content_filter", "function_call"]).optional(),
    delay_ms: DelayMs.optional(),
    error: ModelErrorSchema.optional(),
  })
  .superRefine((t, ctx) => {
    if (STEP_AGENTS.includes(t.agent) && !t.step) {
      ctx.addIssue({ code: "custom", path: ["step"], message: `a ${t.agent} turn needs the step title it belongs to` });
    }
    const hasReply = t.content !== undefined || t.chunks !== undefined || t.tool_calls !== undefined;
    if (!hasReply && !t.error && t.reasoning_content === undefined) {
      ctx.addIssue({ code: "custom", message: "a turn needs content, chunks, tool_calls or error" });
    }
    if (t.chunks && t.content !== undefined && t.chunks.join("") !== t.content) {
      ctx.addIssue({ code: "custom", path: ["chunks"], message: "chunks must join to exactly `content`" });
    }
  });

export const SearchResponseSchema = z.object({
  status: z.number().int().min(100).max(599).default(200),
  body: z.unknown(),
  headers: Headers.optional(),
  delay_ms: DelayMs.optional(),
});

export const SearchEntrySchema = z.object({
  query: z.string(),
  response: SearchResponseSchema,
  headers: Headers.optional(),
  delay_ms: DelayMs.optional(),
});

export const PageSchema = z
  .object({
    url: z.string().min(1),
    status: z.number().int().min(100).max(599).default(200),
    contentType: z.string().default("text/html; charset=utf-8"),
    body: z.string().optional(),
    bodyBase64: z.string().optional(),
    headers: Headers.optional(),
    delay_ms: DelayMs.optional(),
  })
  .refine((p) => p.body === undefined || p.bodyBase64 === undefined, {
    message: "give either body or bodyBase64, not both",
    path: ["bodyBase64"],
  });

export const ScenarioSchema = z.object({
  format: z.literal("research-scenario/1"),
  name: z.string().min(1),
  origin: z.string().optional(),
  question: z.string().min(1),
  locale: z.string().min(2).default("en-US"),
  model: z.array(ModelTurnSchema),
  search: z.array(SearchEntrySchema).default([]),
  pages: z.array(PageSchema).default([]),
  plan_feedback: z.string().optional(),
  /** The scripted model's context window in tokens: longer prompts are refused like OpenAI does. */
  context_tokens: z.number().int().min(512).optional(),
});

export type Scenario = z.infer<typeof ScenarioSchema>;
/** What a hand-written scenario object may omit (defaults are filled in by parsing). */
export type ScenarioInput = z.input<typeof ScenarioSchema>;
export type ModelTurn = z.infer<typeof ModelTurnSchema>;
export type ScriptedToolCall = z.infer<typeof ToolCallSchema>;
export type SearchEntry = z.infer<typeof SearchEntrySchema>;
export type ScenarioPage = z.infer<typeof PageSchema>;

export interface ScenarioSummary {
  /** File name without `.json` (scenario `name` fields are not unique in practice). */
  id: string;
  file: string;
  name: string;
  question: string;
  locale: string;
  /** The first plan's title when the planner's reply parses, else the question. */
  title: string;
}

function formatPath(p: readonly PropertyKey[]): string {
  let out = "";
  for (const k of p) out += typeof k === "number" ? `[${k}]` : out ? `.${String(k)}` : String(k);
  return out || "(top level)";
}

/** Validates a scenario object; `source` names it in the error (a file path or "inline scenario"). */
export function parseScenario(data: unknown, source = "inline scenario"): Scenario {
  const parsed = ScenarioSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.slice(0, 8).map((i) => `  ${formatPath(i.path)}: ${i.message}`);
  const more = parsed.error.issues.length > 8 ? `\n  … and ${parsed.error.issues.length - 8} more` : "";
  throw new Error(`Invalid scenario ${source}:\n${lines.join("\n")}${more}`);
}

export async function loadScenario(file: string): Promise<Scenario> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(
      code === "ENOENT" ? `Scenario file not found: ${file}` : `Cannot read scenario file ${file}: ${String(err)}`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new Error(`Invalid scenario ${file}: not valid JSON (${(err as Error).message})`);
  }
  return parseScenario(data, file);
}

/** The first balanced `{...}` in text (code fences and surrounding prose ignored), or null. */
export function extractJsonObject(text: string): string | null {
  for (let start = text.indexOf("{"); start !== -1; start = text.indexOf("{", start + 1)) {
    let depth = 0;
    let inString = false;
    let escaped = false;
    for (let i = start; i < text.length; i++) {
      const ch = text[i];
      if (inString) {
        if (escaped) escaped = false;
        else if (ch === "\\") escaped = true;
        else if (ch === '"') inString = false;
      } else if (ch === '"') inString = true;
      else if (ch === "{") depth++;
      else if (ch === "}" && --depth === 0) {
        const candidate = text.slice(start, i + 1);
        try {
          JSON.parse(candidate);
          return candidate;
        } catch {
          break; // balanced but not JSON (e.g. prose braces): try the next "{"
        }
      }
    }
  }
  return null;
}

/** The plan title from the first planner turn's JSON content, else the question. */
export function scenarioTitle(scenario: Scenario): string {
  const planner = scenario.model.find((t) => t.agent === "planner" && (t.content ?? t.chunks));
  const content = planner?.content ?? planner?.chunks?.join("") ?? "";
  const json = extractJsonObject(content);
  if (json) {
    const title = (JSON.parse(json) as { title?: unknown }).title;
    if (typeof title === "string" && title.trim()) return title.trim();
  }
  return scenario.question;
}

/**
 * Every valid `*.json` scenario in dir, sorted by id. A missing folder gives []; an invalid file is
 * skipped with a warning so one bad file cannot hide the others.
 */
export async function listScenarios(dir: string): Promise<ScenarioSummary[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw err;
  }
  const files = names.filter((n) => n.endsWith(".json")).sort();
  const out: ScenarioSummary[] = [];
  for (const name of files) {
    const file = path.join(dir, name);
    try {
      const s = await loadScenario(file);
      const id = name.slice(0, -".json".length);
      out.push({ id, file, name: s.name, question: s.question, locale: s.locale, title: scenarioTitle(s) });
    } catch (err) {
      console.warn(`[scripted] skipping ${file}: ${(err as Error).message}`);
    }
  }
  return out;
}
