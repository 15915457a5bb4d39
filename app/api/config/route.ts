// What the home page needs to know: live research possible, what is missing, and the demos.
import { getConfig, missingForLive } from "@/lib/server/config";
import { listDemos } from "@/lib/server/demos";
import { chromiumPath } from "@/lib/report/export";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET() {
  const config = getConfig();
  const missing = missingForLive(config);
  const demos = (await listDemos(config.demoDirs)).map(({ file: _file, ...d }) => d);
  return Response.json({ live: missing.length === 0, missing, demos, exports: { pdf: chromiumPath() !== undefined } });
}
