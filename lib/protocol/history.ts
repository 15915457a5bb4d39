// The history API's shapes (GET /api/runs, GET/PATCH /api/runs/:id), shared by server and client.
// Client-safe: no server imports here.
import { z } from "zod";

export const RUN_RECORD_STATUSES = ["running", "awaiting_plan_review", "completed", "failed", "cancelled", "interrupted"] as const;
export const RunRecordStatus = z.enum(RUN_RECORD_STATUSES);
/** A stored run's status; `interrupted`: the server stopped mid-run and could not resume it by itself. */
export type RunRecordStatus = z.infer<typeof RunRecordStatus>;

export const RunSummary = z.object({
  id: z.string(),
  threadId: z.string(),
  parentRunId: z.string().nullable(),
  title: z.string(),
  question: z.string(),
  status: RunRecordStatus,
  createdAt: z.number(),
  updatedAt: z.number(),
  demo: z.string().nullable(),
  sourceCount: z.number(),
  lastSeq: z.number(),
});
export type RunSummary = z.infer<typeof RunSummary>;

export const RunList = z.object({ runs: z.array(RunSummary) });
export type RunList = z.infer<typeof RunList>;

export const MAX_TITLE_CHARS = 200;

/** Body of PATCH /api/runs/:id. */
export const RenameRunRequest = z.object({ title: z.string().trim().min(1).max(MAX_TITLE_CHARS) });
export type RenameRunRequest = z.infer<typeof RenameRunRequest>;

/** An automatic title: the first line of the question, shortened. */
export function titleFromQuestion(question: string): string {
  const line = question.trim().split("\n")[0]!.trim();
  return line.length > 120 ? `${line.slice(0, 119)}…` : line || "Untitled research";
}
