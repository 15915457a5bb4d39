// GET /api/runs/:id/report.docx — the report as a Word document.
import { jsonError } from "@/lib/server/http";
import { attachment, finishedReport } from "@/lib/server/downloads";
import { reportToDocx } from "@/lib/report/export";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const found = await finishedReport((await params).id);
  if (!found) return jsonError(404, "bad_request", "This run has no finished report yet.");
  try {
    const docx = await reportToDocx({ ...found.report, locale: found.locale });
    return new Response(new Uint8Array(docx), { headers: attachment(found.report.title, "docx", DOCX) });
  } catch (err) {
    console.error("[fathom] DOCX export failed:", err);
    return jsonError(500, "internal", "The Word document could not be made.");
  }
}
