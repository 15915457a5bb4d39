// GET /api/runs/:id/report.md — the stored report, byte for byte, as a download named after its title.
import { jsonError } from "@/lib/server/http";
import { getRun } from "@/lib/server/runs";
import { reportFileName } from "@/lib/report/slug";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const run = getRun((await params).id);
  if (!run?.report) return jsonError(404, "bad_request", "This run has no finished report yet.");
  const name = reportFileName(run.report.title);
  const ascii = name.replace(/[^\x20-\x7e]/g, "_").replace(/"/g, "'");
  return new Response(run.report.markdown, {
    headers: {
      "Content-Type": "text/markdown; charset=utf-8",
      "Content-Disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      "Cache-Control": "no-store",
    },
  });
}
