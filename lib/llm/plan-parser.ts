// Parses and validates the planner's reply (DeerFlow snake_case or camelCase JSON) into our Plan.
import { z } from "zod";
import { parse as parsePartialJson, Allow } from "partial-json";
import type { Plan, PlanStep } from "@/lib/protocol/events";
import { extractJsonObject, findObjectStart, scanObject, stripJsonNoise } from "@/lib/llm/json-extract";
import { splitThink } from "@/lib/llm/think-splitter";

export type ParsePlanOptions = { maxSteps: number; locale?: string; finishReason?: string | null };
export type ParsePlanResult =
  | { ok: true; plan: Plan; warnings: string[] }
  | { ok: false; code: "plan_invalid" | "llm_truncated"; errors: string[] };

const STEP_TYPES = ["research", "processing"] as const;

const flag = z.preprocess(
  (v) => (v === "true" ? true : v === "false" ? false : v),
  z.boolean({ error: "must be true or false" }),
);
const text = (what: string) =>
  z.string({ error: (i) => (i.input === undefined ? `is missing (${what})` : `must be a string (${what})`) });

const RawStep = z.object(
  {
    title: text("a short step title").trim().min(1, "must not be empty"),
    description: z.string({ error: "must be a string" }).optional(),
    need_search: flag.optional(),
    need_web_search: flag.optional(),
    needSearch: flag.optional(),
    needWebSearch: flag.optional(),
    step_type: z.preprocess(
      (v) => (typeof v === "string" ? v.trim().toLowerCase() : v),
      z.enum(STEP_TYPES, { error: `must be "research" or "processing"` }),
    ).optional(),
    stepType: z.preprocess(
      (v) => (typeof v === "string" ? v.trim().toLowerCase() : v),
      z.enum(STEP_TYPES, { error: `must be "research" or "processing"` }),
    ).optional(),
  },
  { error: 'must be an object like {"need_search": true, "title": "…", "description": "…", "step_type": "research"}' },
);

const RawPlan = z.object({
  locale: z.string({ error: "must be a string such as \"en-US\"" }).optional(),
  has_enough_context: flag.optional(),
  hasEnoughContext: flag.optional(),
  thought: z.string({ error: "must be a string" }).optional(),
  title: text("the plan title").trim().min(1, "must not be empty"),
  steps: z.array(RawStep, { error: (i) => (i.input === undefined ? "is missing (an array of step objects)" : "must be an array of step objects") }),
});

const KNOWN_KEYS = new Set(["locale", "has_enough_context", "hasEnoughContext", "thought", "title", "steps"]);

function pathOf(path: PropertyKey[]): string {
  let s = "";
  for (const p of path) s += typeof p === "number" ? `[${p}]` : s ? `.${String(p)}` : String(p);
  return s || "(root)";
}

/** Unwraps `{"plan": {...}}`-style envelopes. */
function unwrap(value: Record<string, unknown>, warnings: string[]): Record<string, unknown> {
  const keys = Object.keys(value);
  const inner = keys.length === 1 ? value[keys[0]!] : undefined;
  if (!("steps" in value) && inner && typeof inner === "object" && !Array.isArray(inner) && "steps" in inner) {
    warnings.push(`plan was wrapped in "${keys[0]}"; unwrapped`);
    return inner as Record<string, unknown>;
  }
  return value;
}

function uniqueTitles(steps: PlanStep[], warnings: string[]): void {
  const seen = new Set<string>();
  for (const step of steps) {
    let title = step.title;
    for (let n = 2; seen.has(title.toLowerCase()); n++) title = `${step.title} (${n})`;
    if (title !== step.title) warnings.push(`duplicate step title "${step.title}" renamed to "${title}"`);
    step.title = title;
    seen.add(title.toLowerCase());
  }
}

/** Parses a planner reply (prose, fences, <think> and comments tolerated) into a validated Plan. */
export function parsePlan(raw: string, opts: ParsePlanOptions): ParsePlanResult {
  const { content } = splitThink(raw);
  const extracted = extractJsonObject(content);
  if (!extracted.ok) {
    const truncated = extracted.reason === "truncated" || opts.finishReason === "length";
    const hint =
      extracted.reason === "no_json"
        ? "no JSON object found: the reply must be a single JSON object with locale, has_enough_context, thought, title and steps"
        : extracted.message;
    return { ok: false, code: truncated ? "llm_truncated" : "plan_invalid", errors: [hint] };
  }
  const warnings: string[] = [];
  const value = unwrap(extracted.value as Record<string, unknown>, warnings);
  const result = RawPlan.safeParse(value);
  if (!result.success) {
    const errors = result.error.issues.slice(0, 8).map((i) => `${pathOf(i.path)}: ${i.message}`);
    const extra = Object.keys(value).filter((k) => !KNOWN_KEYS.has(k));
    if (extra.length > 0) {
      errors.push(
        `unexpected top-level keys ${extra.slice(0, 5).map((k) => JSON.stringify(k)).join(", ")}: the plan must be one object with keys locale, has_enough_context, thought, title, steps`,
      );
    }
    const stepsRaw = (value as { steps?: unknown }).steps;
    if (Array.isArray(stepsRaw) && stepsRaw.some((s) => s && typeof s === "object" && "content" in s && !("title" in s))) {
      errors.push('steps use "content"; each step needs "title" and "description" instead');
    }
    return { ok: false, code: opts.finishReason === "length" ? "llm_truncated" : "plan_invalid", errors };
  }
  const p = result.data;
  const hasEnoughContext = p.has_enough_context ?? p.hasEnoughContext ?? false;
  if (p.steps.length === 0 && !hasEnoughContext) {
    return { ok: false, code: "plan_invalid", errors: ["steps: is empty; give at least one step (or set has_enough_context to true)"] };
  }
  let steps: PlanStep[] = p.steps.map((s, i) => {
    const explicitSearch = s.need_search ?? s.need_web_search ?? s.needSearch ?? s.needWebSearch;
    const explicitType = s.step_type ?? s.stepType;
    const stepType = explicitType ?? (explicitSearch === false ? "processing" : "research");
    const needSearch = explicitSearch ?? stepType === "research";
    let description = s.description?.trim() ?? "";
    if (!description) {
      warnings.push(`steps[${i}] has no description; used its title`);
      description = s.title;
    }
    return { title: s.title, description, needSearch, stepType };
  });
  if (steps.length > opts.maxSteps) {
    warnings.push(`plan had ${steps.length} steps; kept the first ${opts.maxSteps}`);
    steps = steps.slice(0, opts.maxSteps);
  }
  uniqueTitles(steps, warnings);
  const locale = p.locale?.trim() || opts.locale || "en-US";
  return { ok: true, plan: { locale, hasEnoughContext, thought: p.thought ?? "", title: p.title, steps }, warnings };
}

/** The follow-up user message for the single repair re-ask after a failed parse. */
export function planRepairPrompt(errors: string[], raw: string, opts: { maxSteps?: number } = {}): string {
  const excerpt = raw.length > 1500 ? `${raw.slice(0, 1500)}\n…[${raw.length - 1500} more characters]` : raw;
  const truncated = errors.some((e) => /cut off|never closes/.test(e));
  const limit = opts.maxSteps ? ` Use at most ${opts.maxSteps} steps.` : "";
  return [
    "Your previous reply could not be used as a research plan. Problems found:",
    ...errors.map((e) => `- ${e}`),
    "",
    "Your previous reply was:",
    "<<<",
    excerpt.trim() || "(empty)",
    ">>>",
    "",
    "Reply again with ONLY one JSON object, no other text, in exactly this shape:",
    '{"locale": "en-US", "has_enough_context": false, "thought": "…", "title": "…", "steps": [{"need_search": true, "title": "…", "description": "…", "step_type": "research"}]}',
    `Every step needs a non-empty "title" and a "description". "step_type" is "research" (web search, need_search true) or "processing" (analysis or computation, need_search false).${limit}`,
    truncated ? "Your reply was cut off: use fewer steps and shorter descriptions." : "",
  ]
    .filter((l, i, all) => l !== "" || i < all.length - 1)
    .join("\n");
}

function partialStep(v: unknown): PlanStep | null {
  if (!v || typeof v !== "object" || Array.isArray(v)) return null;
  const s = v as Record<string, unknown>;
  const rawSearch = s.need_search ?? s.need_web_search ?? s.needSearch ?? s.needWebSearch;
  const rawType = s.step_type ?? s.stepType;
  const stepType = rawType === "processing" || (rawType === undefined && rawSearch === false) ? "processing" : "research";
  return {
    title: typeof s.title === "string" ? s.title : "",
    description: typeof s.description === "string" ? s.description : "",
    needSearch: typeof rawSearch === "boolean" ? rawSearch : stepType === "research",
    stepType,
  };
}

/** Best-effort plan snapshot from a still-streaming reply, for the UI. Never throws. */
export function partialPlan(text: string): Partial<Plan> | null {
  try {
    const { content } = splitThink(text);
    const start = findObjectStart(content);
    if (start === -1) return null;
    const span = scanObject(content, start);
    const value: unknown = parsePartialJson(stripJsonNoise(content.slice(start, span.end)), Allow.ALL);
    if (!value || typeof value !== "object" || Array.isArray(value)) return null;
    const v = value as Record<string, unknown>;
    const out: Partial<Plan> = {};
    if (typeof v.locale === "string") out.locale = v.locale;
    const enough = v.has_enough_context ?? v.hasEnoughContext;
    if (typeof enough === "boolean") out.hasEnoughContext = enough;
    if (typeof v.thought === "string") out.thought = v.thought;
    if (typeof v.title === "string") out.title = v.title;
    if (Array.isArray(v.steps)) out.steps = v.steps.map(partialStep).filter((s): s is PlanStep => s !== null);
    return out;
  } catch {
    return null;
  }
}
