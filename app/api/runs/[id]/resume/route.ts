// POST /api/runs/:id/resume — continues an interrupted run from its last checkpoint (finished steps
// are not redone). 409 with the reason when it still cannot continue (e.g. live keys missing).
import { jsonError } from "@/lib/server/http";
import { getRun, resumeRun, RunRequestError } from "@/lib/server/runs";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function POST(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const run = await getRun((await params).id);
  if (!run) return jsonError(404, "bad_request", "There is no such run.");
  try {
    await resumeRun(run);
    return Response.json({ ok: true, status: run.status }, { status: 202 });
  } catch (err) {
    if (err instanceof RunRequestError) return jsonError(err.status, err.code, err.message, err.hint);
    console.error("[fathom] could not resume a run:", err);
    return jsonError(500, "internal", "The run could not be resumed.");
  }
}
