// GET /api/runs/:id/evidence?source=<id>&sentence=<text> — the passage of a retrieved source that
// best supports a sentence of the report (lexical match on the text that was read; no model call).
import { bestPassage } from "@/lib/report/evidence";
import { jsonError } from "@/lib/server/http";
import { getRun, runSources } from "@/lib/server/runs";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const run = await getRun((await params).id);
  if (!run) return jsonError(404, "bad_request", "There is no such run.");
  const url = new URL(req.url);
  const id = Number(url.searchParams.get("source"));
  const sentence = (url.searchParams.get("sentence") ?? "").slice(0, 2000);
  const source = (await runSources(run)).find((s) => s.id === id);
  if (!source) return jsonError(404, "bad_request", `Source ${id} was not retrieved in this run.`);
  const text = source.text || source.snippet;
  const best = sentence ? bestPassage(sentence, text) : null;
  return Response.json({ sourceId: id, passage: best?.passage ?? null, score: best?.score ?? 0 });
}
