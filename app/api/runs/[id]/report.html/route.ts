// GET /api/runs/:id/report.html — the report as one self-contained, styled HTML file (citations and
// images stay links and <img>).
import { jsonError } from "@/lib/server/http";
import { attachment, finishedReport } from "@/lib/server/downloads";
import { reportToHtml } from "@/lib/report/export";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const found = await finishedReport((await params).id);
  if (!found) return jsonError(404, "bad_request", "This run has no finished report yet.");
  const html = await reportToHtml({ ...found.report, locale: found.locale });
  return new Response(html, { headers: attachment(found.report.title, "html", "text/html; charset=utf-8") });
}
