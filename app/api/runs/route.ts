// GET /api/runs?q=&limit= — past and present runs, newest first (q matches title or question).
// POST /api/runs — validates the request and starts a run in the background (201 {runId}); with
// parentRunId it is a follow-up on that run's report, in the same thread.
import { StartRunRequest } from "@/lib/protocol/events";
import { jsonError, readJson } from "@/lib/server/http";
import { listRuns, RunRequestError, startRun } from "@/lib/server/runs";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  const url = new URL(req.url);
  const q = (url.searchParams.get("q") ?? "").slice(0, 200);
  const limit = Math.min(500, Math.max(1, Number(url.searchParams.get("limit")) || 200));
  try {
    return Response.json({ runs: await listRuns(q, limit) }, { headers: { "Cache-Control": "no-store" } });
  } catch (err) {
    console.error("[fathom] could not list runs:", err);
    return jsonError(500, "internal", "The research history could not be read.");
  }
}

export async function POST(req: Request) {
  let body: unknown;
  try {
    body = await readJson(req);
  } catch (err) {
    return jsonError(400, "bad_request", err instanceof Error ? err.message : "The request body is not JSON.");
  }
  const parsed = StartRunRequest.safeParse(body);
  if (!parsed.success) return jsonError(400, "bad_request", `Invalid request: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  try {
    const run = await startRun(parsed.data);
    return Response.json({ runId: run.id }, { status: 201 });
  } catch (err) {
    if (err instanceof RunRequestError) return jsonError(err.status, err.code, err.message, err.hint);
    console.error("[fathom] could not start a run:", err);
    return jsonError(500, "internal", "The run could not be started.");
  }
}
