// GET /api/runs/:id/report.md — the stored report, byte for byte, as a download named after its title.
import { jsonError } from "@/lib/server/http";
import { attachment, finishedReport } from "@/lib/server/downloads";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const found = await finishedReport((await params).id);
  if (!found) return jsonError(404, "bad_request", "This run has no finished report yet.");
  return new Response(found.report.markdown, { headers: attachment(found.report.title, "md", "text/markdown; charset=utf-8") });
}
