// crawl against a local scripted web server (config.crawl.route): content types, PDFs, walls, errors, redirects, limits.
import http from "node:http";
import zlib from "node:zlib";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/server/config";
import { crawl } from "@/tools/crawl";
import type { ToolContext, ToolOutcome } from "@/tools/types";

type Handler = (res: http.ServerResponse, req: http.IncomingMessage) => void;
const pages = new Map<string, Handler>();
let log: { url: string; closedEarly?: boolean }[] = [];
let server: http.Server;
let origin = "";

/** A small valid PDF (one text line per page, Info title, correct xref offsets). */
function makePdf(pageTexts: string[], title: string): Buffer {
  const objs = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    `<< /Type /Pages /Kids [${pageTexts.map((_, i) => `${5 + i * 2} 0 R`).join(" ")}] /Count ${pageTexts.length} >>`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    `<< /Title (${title}) /Producer (fathom-test) >>`,
  ];
  pageTexts.forEach((text, i) => {
    const stream = `BT /F1 14 Tf 72 720 Td (${text.replace(/[()\\]/g, "\\$&")}) Tj ET`;
    objs.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${6 + i * 2} 0 R >>`);
    objs.push(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`);
  });
  let out = "%PDF-1.6\n%\xE2\xE3\xCF\xD3\n";
  const offsets = objs.map((o, i) => {
    const at = Buffer.byteLength(out, "latin1");
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
    return at;
  });
  const xref = Buffer.byteLength(out, "latin1");
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R /Info 4 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}

const send = (status: number, type: string | undefined, body: string | Buffer, headers: Record<string, string> = {}): Handler => (res) => {
  res.writeHead(status, { ...(type ? { "Content-Type": type } : {}), ...headers });
  res.end(body);
};
const para = (s: string, n: number) => `<p>${s.repeat(n)}</p>`;
const ARTICLE = `<!doctype html><html><head><title>Wind power costs 2024</title></head><body>
<nav><a href="/">Home</a> <a href="/topics">Topics menu</a></nav><main><article><h1>Wind power costs 2024</h1>
${para("Onshore wind fell to 33 USD/MWh in 2024 according to the survey. ", 12)}
<table><tr><td>Source</td><td>USD/MWh</td></tr><tr><td>Onshore wind</td><td>33</td></tr><tr><td>Solar PV</td><td>43</td></tr></table>
${para("Offshore projects remain more expensive but are falling as well. ", 10)}</article></main>
<footer>Footer links and copyright notice.</footer></body></html>`;
const GBK = Buffer.concat([
  Buffer.from("<html><head><title>"),
  Buffer.from("b9ccccacb5e7b3d8b1a8b8e6", "hex"),
  Buffer.from("</title></head><body><article><p>"),
  ...Array<Buffer>(8).fill(Buffer.from("b9ccccacb5e7b3d8cab9d3c3b9cccce5b5e7bde2d6caa3acc4dcc1bfc3dcb6c8b8fcb8dfa3acb0b2c8abd0d4b8fcbac3a1a3", "hex")),
  Buffer.from("</p></article></body></html>"),
]);
const PDF = makePdf(["Solid-state cells reached 400 Wh/kg in pilot lines.", "Page two: costs fell by 20 percent."], "Battery Report 2024");

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const target = new URL(req.url ?? "/", "http://x").searchParams.get("url") ?? "";
    const entry: { url: string; closedEarly?: boolean } = { url: target };
    log.push(entry);
    res.on("close", () => (entry.closedEarly = !res.writableFinished));
    const handler = pages.get(target);
    if (handler) handler(res, req);
    else send(404, "text/plain", "Not Found")(res, req);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  pages.set("https://example.org/article", send(200, "text/html; charset=utf-8", ARTICLE));
  pages.set("https://example.org/gbk", send(200, "text/html; charset=gbk", GBK));
  pages.set("https://example.org/report.pdf", send(200, "application/pdf", PDF));
  pages.set("https://example.org/download?id=7", send(200, "application/octet-stream", PDF));
  pages.set("https://example.org/fake.pdf", send(200, "text/html", ARTICLE));
  pages.set("https://example.org/truncated.pdf", send(200, "application/pdf", Buffer.concat([Buffer.from("%PDF-1.6\n%\xE2\xE3\xCF\xD3\n1 0 obj\n", "latin1"), Buffer.alloc(3000, 0x41)])));
  pages.set("https://example.org/wall", send(403, "text/html", `<html><head><title>Just a moment...</title></head><body><noscript>Please turn JavaScript on and reload the page.</noscript><script>window._cf_chl_opt={}</script></body></html>`));
  pages.set("https://example.org/wall200", send(200, "text/html", `<html><head><title>Security check</title></head><body><p>Verifying you are human. This may take a few seconds.</p></body></html>`));
  pages.set("https://example.org/spa", send(200, "text/html", `<!doctype html><html><head><title>App</title></head><body><div id="app"></div><script>render()</script></body></html>`));
  pages.set("https://example.org/empty", send(200, "text/html", ""));
  pages.set("https://example.org/legal", send(451, "text/html", "<html><body><h1>Unavailable</h1></body></html>"));
  pages.set("https://example.org/bad-gateway", send(502, "text/html", "<html><body>Bad gateway</body></html>"));
  pages.set("https://example.org/r1", send(301, "text/html", "", { Location: "/r2" }));
  pages.set("https://example.org/r2", send(302, "text/html", "", { Location: "https://other.example.org/final" }));
  pages.set("https://other.example.org/final", send(200, "text/html", ARTICLE));
  pages.set("https://example.org/loop", send(302, "text/html", "", { Location: "/loop2" }));
  pages.set("https://example.org/loop2", send(302, "text/html", "", { Location: "/loop" }));
  pages.set("https://example.org/to-loopback", send(302, "text/html", "", { Location: "http://127.0.0.1:9/secret" }));
  pages.set("https://example.org/to-metadata", send(307, "text/html", "", { Location: "http://169.254.169.254/latest/meta-data/" }));
  pages.set("https://example.org/to-file", send(302, "text/html", "", { Location: "file:///etc/passwd" }));
  pages.set("https://example.org/slow", (res) => {
    res.writeHead(200, { "Content-Type": "text/html" });
    res.write("<html><body><p>start");
    setTimeout(() => res.end("</p></body></html>"), 5000).unref();
  });
  pages.set("https://example.org/huge", (res) => {
    // An endless page, paced so it never completes on its own: only the client hanging up ends it.
    res.writeHead(200, { "Content-Type": "text/html" });
    res.write("<html><head><title>Huge</title></head><body><article>");
    const chunk = para("A long paragraph about grid storage economics and policy. ", 200);
    const timer = setInterval(() => res.write(chunk), 2);
    res.on("close", () => clearInterval(timer));
  });
  pages.set("https://example.org/gzip", send(200, "text/html", zlib.gzipSync(ARTICLE), { "Content-Encoding": "gzip" }));
  pages.set("https://example.org/image", send(200, "image/png", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])));
  pages.set("https://example.org/data.json", send(200, "application/json", JSON.stringify({ capacity_gw: { wind: 1017, solar: 1419 } })));
  pages.set("https://example.org/notes.txt", send(200, "text/plain; charset=utf-8", "# Notes\n\nStorage capacity doubled in 2024 across major markets."));
  pages.set("https://example.org/binary.txt", send(200, "text/plain", Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 37) % 256))));
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  log = [];
});

function ctx(over: Partial<ToolContext["config"]["crawl"]> = {}, signal = new AbortController().signal): ToolContext {
  const config = parseConfig({ FATHOM_WEB_ROUTE: `${origin}/page` });
  config.crawl = { ...config.crawl, ...over };
  return { config, signal, maxSearchResults: 5 };
}
const message = (o: ToolOutcome) => (o.result.kind === "error" ? o.result.message : "");

describe("crawl: content", () => {
  it("reads an HTML article as markdown without chrome, with a source and model text", async () => {
    const out = await crawl({ url: "https://example.org/article" }, ctx());
    expect(out.ok).toBe(true);
    expect(out.result).toMatchObject({ kind: "crawl", url: "https://example.org/article", title: "Wind power costs 2024", contentType: "text/html", truncated: false });
    expect(out.forModel.startsWith("# Wind power costs 2024\nhttps://example.org/article\n\n")).toBe(true);
    expect(out.forModel).toContain("| Source | USD/MWh |");
    expect(out.forModel).not.toMatch(/Topics menu|copyright notice/);
    expect(out.retrieved).toHaveLength(1);
    expect(out.retrieved[0]).toMatchObject({ kind: "page", url: "https://example.org/article", title: "Wind power costs 2024" });
    expect(out.retrieved[0]!.snippet.length).toBeLessThanOrEqual(300);
    expect(out.retrieved[0]!.text).toContain("33 USD/MWh");
    expect(log.map((l) => l.url)).toEqual(["https://example.org/article"]);
  });

  it("decodes a GBK page", async () => {
    const out = await crawl({ url: "https://example.org/gbk" }, ctx());
    expect(out.ok).toBe(true);
    expect(out.forModel).toContain("# 固态电池报告");
    expect(out.forModel).toContain("固态电池使用固体电解质，能量密度更高，安全性更好。");
  });

  it("extracts PDF text with pages joined, judged by content type and magic bytes (C16)", async () => {
    for (const url of ["https://example.org/report.pdf", "https://example.org/download?id=7"]) {
      const out = await crawl({ url }, ctx());
      expect(out.ok).toBe(true);
      expect(out.result).toMatchObject({ kind: "crawl", title: "Battery Report 2024", contentType: "application/pdf" });
      expect(out.forModel).toMatch(/400 Wh\/kg in pilot lines\.\n\nPage two: costs fell by 20 percent\./);
      expect(out.forModel).not.toContain("\uFFFD");
    }
    const html = await crawl({ url: "https://example.org/fake.pdf" }, ctx());
    expect(html.result).toMatchObject({ kind: "crawl", contentType: "text/html" });
    const broken = await crawl({ url: "https://example.org/truncated.pdf" }, ctx());
    expect(broken.ok).toBe(false);
    expect(message(broken)).toMatch(/could not read the PDF/);
    expect(broken.forModel).not.toContain("AAAA");
  });

  it("handles gzip, JSON and plain text", async () => {
    expect((await crawl({ url: "https://example.org/gzip" }, ctx())).result).toMatchObject({ kind: "crawl", title: "Wind power costs 2024" });
    const json = await crawl({ url: "https://example.org/data.json" }, ctx());
    expect(json.forModel).toContain('"capacity_gw": {\n    "wind": 1017');
    const text = await crawl({ url: "https://example.org/notes.txt" }, ctx());
    expect(text.result).toMatchObject({ kind: "crawl", title: "Notes", contentType: "text/plain" });
  });

  it("refuses unsupported and binary content instead of passing garbage on", async () => {
    const img = await crawl({ url: "https://example.org/image" }, ctx());
    expect(message(img)).toBe("unsupported content type image/png");
    const bin = await crawl({ url: "https://example.org/binary.txt" }, ctx());
    expect(bin.ok).toBe(false);
    expect(message(bin)).toMatch(/binary|unsupported/);
  });

  it("classifies bot walls as blocked (C18 C)", async () => {
    for (const url of ["https://example.org/wall", "https://example.org/wall200"]) {
      const out = await crawl({ url }, ctx());
      expect(out.ok).toBe(false);
      expect(message(out)).toMatch(/^blocked: /);
      expect(out.forModel).toMatch(/Do not retry/);
      expect(out.retrieved).toEqual([]);
    }
  });

  it("reports empty pages and JS shells as no extractable content (C18 B/D)", async () => {
    for (const url of ["https://example.org/spa", "https://example.org/empty"]) {
      const out = await crawl({ url }, ctx());
      expect(out.ok).toBe(false);
      expect(message(out)).toMatch(/^no extractable content/);
    }
  });

  it("reports HTTP errors with their status text", async () => {
    expect(message(await crawl({ url: "https://example.org/legal" }, ctx()))).toBe("page returned 451 Unavailable For Legal Reasons");
    expect(message(await crawl({ url: "https://example.org/bad-gateway" }, ctx()))).toBe("page returned 502 Bad Gateway");
    expect(message(await crawl({ url: "https://example.org/missing" }, ctx()))).toBe("page returned 404 Not Found");
  });
});

describe("crawl: redirects and the SSRF guard", () => {
  it("follows a redirect chain, resolving Locations against the original URL", async () => {
    const out = await crawl({ url: "https://example.org/r1" }, ctx());
    expect(out.ok).toBe(true);
    expect(out.result).toMatchObject({ url: "https://other.example.org/final" });
    expect(log.map((l) => l.url)).toEqual(["https://example.org/r1", "https://example.org/r2", "https://other.example.org/final"]);
  });

  it("stops after maxRedirects hops", async () => {
    const out = await crawl({ url: "https://example.org/loop" }, ctx({ maxRedirects: 3 }));
    expect(message(out)).toBe("too many redirects (more than 3)");
    expect(log).toHaveLength(4);
  });

  it("refuses redirects to loopback, metadata and non-http targets without requesting them", async () => {
    for (const [url, reason] of [
      ["https://example.org/to-loopback", /refused redirect to http:\/\/127\.0\.0\.1:9\/secret: .*loopback/],
      ["https://example.org/to-metadata", /refused redirect .*169\.254\.169\.254.*metadata/],
      ["https://example.org/to-file", /refused redirect to file:\/\/\/etc\/passwd/],
    ] as const) {
      log = [];
      const out = await crawl({ url }, ctx());
      expect(out.ok).toBe(false);
      expect(message(out)).toMatch(reason);
      expect(log).toHaveLength(1);
    }
  });

  it("refuses private targets up front, routed or not", async () => {
    const direct = ctx();
    direct.config.crawl.route = undefined;
    for (const url of [`${origin}/page?url=x`, "http://localhost:3000/", "http://[::1]/", "http://2130706433/", "ftp://example.org/", "notaurl"]) {
      for (const c of [ctx(), direct]) {
        const out = await crawl({ url }, c);
        expect(out.ok).toBe(false);
        expect(message(out)).toMatch(/^refused: /);
      }
    }
    expect(log).toEqual([]);
  });
});

describe("crawl: limits", () => {
  it("times out a slow page", async () => {
    const started = Date.now();
    const out = await crawl({ url: "https://example.org/slow" }, ctx({ timeoutMs: 500 }));
    expect(message(out)).toBe("timed out after 500 ms");
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("stops reading at maxBytes and marks the result truncated", async () => {
    const out = await crawl({ url: "https://example.org/huge" }, ctx({ maxBytes: 200_000 }));
    expect(out.ok).toBe(true);
    expect(out.result).toMatchObject({ kind: "crawl", truncated: true });
    expect(out.forModel).toMatch(/\[truncated/);
    await new Promise((r) => setTimeout(r, 50));
    expect(log[0]!.closedEarly).toBe(true);
  });

  it("truncates long markdown to maxChars with a visible marker (C15)", async () => {
    const out = await crawl({ url: "https://example.org/article" }, ctx({ maxChars: 500 }));
    expect(out.result).toMatchObject({ kind: "crawl", truncated: true });
    expect(out.forModel).toMatch(/\[truncated \d+ chars\]$/);
    expect(out.retrieved[0]!.text!.length).toBeLessThan(600);
  });

  it("stops when the run is cancelled", async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const out = await crawl({ url: "https://example.org/slow" }, ctx({}, ac.signal));
    expect(message(out)).toBe("cancelled");
  });
});
