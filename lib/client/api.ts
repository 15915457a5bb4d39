// Browser-side calls to the Fathom HTTP API. Every call resolves to a result object; nothing throws.
import { z } from "zod";
import type { PlanDecision, StartRunRequest } from "@/lib/protocol/events";
import { RunList, RunSummary } from "@/lib/protocol/history";

export interface ApiError {
  /** HTTP status; 0 when the server could not be reached. */
  status: number;
  code: string;
  message: string;
  hint?: string;
}

export type ApiResult<T> = { ok: true; data: T } | { ok: false; error: ApiError };

export const DemoInfo = z.object({
  id: z.string(),
  title: z.string(),
  question: z.string(),
  locale: z.string().catch("en-US"),
});
export type DemoInfo = z.infer<typeof DemoInfo>;

export const ConfigInfo = z.object({
  live: z.boolean().catch(false),
  missing: z.array(z.string()).catch([]),
  demos: z.array(DemoInfo).catch([]),
  /** Which report exports the server can make (PDF needs Chromium on the server). */
  exports: z.object({ pdf: z.boolean().catch(false) }).catch({ pdf: false }),
});
export type ConfigInfo = z.infer<typeof ConfigInfo>;

const ErrorBody = z.object({
  error: z.object({ code: z.string().catch("internal"), message: z.string(), hint: z.string().optional().catch(undefined) }),
});

const runPath = (runId: string) => `/api/runs/${encodeURIComponent(runId)}`;

export function eventsUrl(runId: string, afterSeq: number): string {
  return afterSeq >= 0 ? `${runPath(runId)}/events?after=${afterSeq}` : `${runPath(runId)}/events`;
}

export function reportDownloadUrl(runId: string): string {
  return `${runPath(runId)}/report.md`;
}

export type ExportFormat = "md" | "html" | "pdf" | "docx";

export function reportExportUrl(runId: string, format: ExportFormat): string {
  return `${runPath(runId)}/report.${format}`;
}

async function request<T>(url: string, init: RequestInit, parse: (body: unknown) => T | undefined): Promise<ApiResult<T>> {
  let res: Response;
  try {
    res = await fetch(url, { cache: "no-store", ...init });
  } catch {
    return { ok: false, error: { status: 0, code: "network", message: "Could not reach the Fathom server." } };
  }
  let body: unknown = null;
  try {
    const text = await res.text();
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!res.ok) {
    const parsed = ErrorBody.safeParse(body);
    if (parsed.success) return { ok: false, error: { status: res.status, ...parsed.data.error } };
    return { ok: false, error: { status: res.status, code: "http_error", message: `The server answered ${res.status}.` } };
  }
  const data = parse(body);
  if (data === undefined) {
    return { ok: false, error: { status: res.status, code: "bad_response", message: "Unexpected answer from the server." } };
  }
  return { ok: true, data };
}

const postJson = (body: unknown): RequestInit => ({
  method: "POST",
  headers: { "Content-Type": "application/json" },
  body: JSON.stringify(body),
});

export function fetchConfig(): Promise<ApiResult<ConfigInfo>> {
  return request("/api/config", {}, (b) => {
    const p = ConfigInfo.safeParse(b);
    return p.success ? p.data : undefined;
  });
}

export function startRun(req: StartRunRequest): Promise<ApiResult<{ runId: string }>> {
  return request("/api/runs", postJson(req), (b) => {
    const p = z.object({ runId: z.string().min(1) }).safeParse(b);
    return p.success ? p.data : undefined;
  });
}

export function postDecision(runId: string, decision: PlanDecision): Promise<ApiResult<null>> {
  return request(`${runPath(runId)}/decision`, postJson(decision), () => null);
}

export function stopRun(runId: string): Promise<ApiResult<null>> {
  return request(`${runPath(runId)}/stop`, postJson({}), () => null);
}

export function resumeRun(runId: string): Promise<ApiResult<null>> {
  return request(`${runPath(runId)}/resume`, postJson({}), () => null);
}

/** Past and present runs, newest first; `query` matches title or question. */
export function listRuns(query = ""): Promise<ApiResult<RunSummary[]>> {
  return request(`/api/runs?q=${encodeURIComponent(query)}`, {}, (b) => {
    const p = RunList.safeParse(b);
    return p.success ? p.data.runs : undefined;
  });
}

export function renameRun(runId: string, title: string): Promise<ApiResult<RunSummary>> {
  return request(runPath(runId), { method: "PATCH", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ title }) }, (b) => {
    const p = RunSummary.safeParse(b);
    return p.success ? p.data : undefined;
  });
}

export function deleteRun(runId: string): Promise<ApiResult<null>> {
  return request(runPath(runId), { method: "DELETE" }, () => null);
}

export const Evidence = z.object({ sourceId: z.number(), passage: z.string().nullable(), score: z.number().catch(0) });
export type Evidence = z.infer<typeof Evidence>;

/** The passage of a retrieved source that best supports a sentence of the report (null: none found). */
export function fetchEvidence(runId: string, sourceId: number, sentence: string): Promise<ApiResult<Evidence>> {
  const q = new URLSearchParams({ source: String(sourceId), sentence: sentence.slice(0, 2000) });
  return request(`${runPath(runId)}/evidence?${q}`, {}, (b) => {
    const p = Evidence.safeParse(b);
    return p.success ? p.data : undefined;
  });
}
