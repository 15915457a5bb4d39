// GET /api/runs/:id/report.pdf — the report as a PDF, printed by Chromium (CHROMIUM_PATH or
// /usr/bin/chromium); 501 with what to install when the server has none.
import { jsonError } from "@/lib/server/http";
import { attachment, finishedReport } from "@/lib/server/downloads";
import { ExportUnavailable, reportToPdf } from "@/lib/report/export";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const found = await finishedReport((await params).id);
  if (!found) return jsonError(404, "bad_request", "This run has no finished report yet.");
  try {
    const pdf = await reportToPdf({ ...found.report, locale: found.locale });
    return new Response(new Uint8Array(pdf), { headers: attachment(found.report.title, "pdf", "application/pdf") });
  } catch (err) {
    if (err instanceof ExportUnavailable) return jsonError(501, "config_missing", err.message, "Download the .html export and print it from a browser instead.");
    console.error("[fathom] PDF export failed:", err);
    return jsonError(500, "internal", "The PDF could not be made.");
  }
}
