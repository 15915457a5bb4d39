// POST /api/runs/:id/stop — cancels the run and its in-flight model, search and page calls.
import { jsonError } from "@/lib/server/http";
import { getRun, stopRun } from "@/lib/server/runs";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function POST(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const run = await getRun((await params).id);
  if (!run) return jsonError(404, "bad_request", "There is no such run.");
  stopRun(run);
  return Response.json({ ok: true, status: run.status }, { status: 202 });
}
