// GET /api/runs/:id — the run's summary; PATCH {title} renames it; DELETE removes it with every
// trace (events, report, checkpoints).
import { RenameRunRequest } from "@/lib/protocol/history";
import { jsonError, readJson } from "@/lib/server/http";
import { deleteRun, getRun, renameRun, runSummary, RunRequestError } from "@/lib/server/runs";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ id: string }> };

export async function GET(_req: Request, { params }: Ctx) {
  const run = await getRun((await params).id);
  if (!run) return jsonError(404, "bad_request", "There is no such run.");
  return Response.json(runSummary(run), { headers: { "Cache-Control": "no-store" } });
}

export async function PATCH(req: Request, { params }: Ctx) {
  let body: unknown;
  try {
    body = await readJson(req);
  } catch {
    return jsonError(400, "bad_request", "The request body is not JSON.");
  }
  const parsed = RenameRunRequest.safeParse(body);
  if (!parsed.success) return jsonError(400, "bad_request", "Send {title: \"…\"} with 1 to 200 characters.");
  const summary = await renameRun((await params).id, parsed.data.title);
  if (!summary) return jsonError(404, "bad_request", "There is no such run.");
  return Response.json(summary);
}

export async function DELETE(_req: Request, { params }: Ctx) {
  try {
    const existed = await deleteRun((await params).id);
    if (!existed) return jsonError(404, "bad_request", "There is no such run.");
    return new Response(null, { status: 204 });
  } catch (err) {
    if (err instanceof RunRequestError) return jsonError(err.status, err.code, err.message);
    console.error("[fathom] could not delete a run:", err);
    return jsonError(500, "internal", "The run could not be deleted.");
  }
}
