// Lenient readers for event payloads the UI renders (tool results, plans, args). A recorded or
// half-written payload must still render: unknown shapes degrade to plain text, never throw.
import { ToolResult, type Plan, type PlanStep } from "@/lib/protocol/events";
import type { ToolResultView } from "./run-view";

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown, fallback = ""): string => (typeof v === "string" ? v : fallback);
const num = (v: unknown, fallback = 0): number => (typeof v === "number" && Number.isFinite(v) ? v : fallback);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export function domainOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, "");
  } catch {
    return "";
  }
}

function toText(raw: unknown): ToolResultView {
  if (raw === undefined || raw === null) return { kind: "text", text: "" };
  if (typeof raw === "string") return { kind: "text", text: raw };
  try {
    return { kind: "text", text: JSON.stringify(raw, null, 2) ?? String(raw) };
  } catch {
    return { kind: "text", text: String(raw) };
  }
}

/** Best-effort repair of a known result kind whose fields are partly missing. */
function repair(r: Rec): ToolResultView | undefined {
  switch (r.kind) {
    case "search":
      return {
        kind: "search",
        query: str(r.query),
        hits: arr(r.hits)
          .filter(isRec)
          .map((h) => {
            const url = str(h.url);
            return {
              title: str(h.title, url),
              url,
              domain: str(h.domain) || domainOf(url),
              snippet: str(h.snippet),
              score: num(h.score),
              sourceId: typeof h.sourceId === "number" ? h.sourceId : undefined,
            };
          }),
        images: arr(r.images)
          .filter(isRec)
          .map((i) => ({ url: str(i.url), description: str(i.description) }))
          .filter((i) => i.url !== ""),
      };
    case "crawl":
      return {
        kind: "crawl",
        url: str(r.url),
        title: str(r.title),
        chars: num(r.chars),
        contentType: str(r.contentType),
        truncated: r.truncated === true,
      };
    case "python":
      return { kind: "python", stdout: str(r.stdout), stderr: str(r.stderr), durationMs: num(r.durationMs) };
    case "error":
      return { kind: "error", message: str(r.message, "Tool failed") };
    default:
      return undefined;
  }
}

export function normalizeToolResult(raw: unknown): ToolResultView {
  let value = raw;
  if (typeof raw === "string") {
    try {
      value = JSON.parse(raw);
    } catch {
      return { kind: "text", text: raw };
    }
  }
  const parsed = ToolResult.safeParse(value);
  if (parsed.success) return parsed.data;
  return (isRec(value) && repair(value)) || toText(raw);
}

export function normalizeArgs(raw: unknown): Record<string, unknown> {
  return isRec(raw) ? raw : {};
}

function normalizeStep(raw: unknown, i: number): PlanStep {
  const s = isRec(raw) ? raw : {};
  return {
    title: str(s.title) || `Step ${i + 1}`,
    description: str(s.description),
    needSearch: s.needSearch !== false,
    stepType: s.stepType === "processing" ? "processing" : "research",
  };
}

/** A plan with every field present, whatever arrived. */
export function normalizePlan(raw: unknown): Plan {
  const p = isRec(raw) ? raw : {};
  return {
    locale: str(p.locale),
    hasEnoughContext: p.hasEnoughContext === true,
    thought: str(p.thought),
    title: str(p.title) || "Research plan",
    steps: arr(p.steps).map(normalizeStep),
  };
}
