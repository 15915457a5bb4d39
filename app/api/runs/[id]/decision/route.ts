// POST /api/runs/:id/decision — accept the plan, or edit it with feedback (the planner revises it).
import { PlanDecision } from "@/lib/protocol/events";
import { jsonError, readJson } from "@/lib/server/http";
import { decide, getRun, RunRequestError } from "@/lib/server/runs";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function POST(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const run = await getRun((await params).id);
  if (!run) return jsonError(404, "bad_request", "There is no such run.");
  let body: unknown;
  try {
    body = await readJson(req);
  } catch {
    return jsonError(400, "bad_request", "The request body is not JSON.");
  }
  const parsed = PlanDecision.safeParse(body);
  if (!parsed.success) return jsonError(400, "bad_request", "Send {action:\"accept\"} or {action:\"edit\", feedback:\"…\"} with non-empty feedback.");
  try {
    decide(run, parsed.data);
    return Response.json({ ok: true }, { status: 202 });
  } catch (err) {
    if (err instanceof RunRequestError) return jsonError(err.status, err.code, err.message);
    throw err;
  }
}
