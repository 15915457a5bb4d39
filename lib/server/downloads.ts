// Shared by the report download routes: the run's finished report, and attachment headers named
// after its title (ASCII fallback plus RFC 5987 UTF-8 name).
import { reportFileName } from "@/lib/report/slug";
import { getRun, runReport } from "./runs";
import type { StoredReport } from "./store/types";

export async function finishedReport(id: string): Promise<{ report: StoredReport; locale: string } | undefined> {
  const run = await getRun(id);
  if (!run) return undefined;
  const report = await runReport(run);
  return report ? { report, locale: run.locale } : undefined;
}

export function attachment(title: string, ext: "md" | "html" | "pdf" | "docx", contentType: string): Record<string, string> {
  const name = reportFileName(title).replace(/\.md$/, `.${ext}`);
  const ascii = name.replace(/[^\x20-\x7e]/g, "_").replace(/"/g, "'");
  return {
    "Content-Type": contentType,
    "Content-Disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    "Cache-Control": "no-store",
  };
}
