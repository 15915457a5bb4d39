"use client";
// The report's downloads besides .md: HTML, PDF (when the server has Chromium) and DOCX.
import { useEffect, useState } from "react";
import { fetchConfig, reportExportUrl, type ExportFormat } from "@/lib/client/api";

let pdfAvailable: Promise<boolean> | undefined;
const canPdf = () => (pdfAvailable ??= fetchConfig().then((r) => (r.ok ? r.data.exports.pdf : true)));

const LABELS: [Exclude<ExportFormat, "md">, string][] = [
  ["html", ".html"],
  ["pdf", ".pdf"],
  ["docx", ".docx"],
];

export function ExportLinks({ runId, className }: { runId: string; className: string }) {
  const [pdf, setPdf] = useState(true);
  useEffect(() => {
    let alive = true;
    void canPdf().then((ok) => alive && setPdf(ok));
    return () => {
      alive = false;
    };
  }, []);
  return (
    <>
      {LABELS.map(([format, label]) =>
        format === "pdf" && !pdf ? (
          <span key={format} data-testid="download-pdf" aria-disabled="true" title="PDF export needs Chromium on the server (CHROMIUM_PATH)." className={`${className} cursor-not-allowed opacity-50`}>
            {label}
          </span>
        ) : (
          <a key={format} data-testid={`download-${format}`} href={reportExportUrl(runId, format)} download className={className} title={`Download the report as ${format.toUpperCase()}`}>
            {label}
          </a>
        ),
      )}
    </>
  );
}
