import type { Metadata } from "next";
import { ResearchView } from "@/components/research/research-view";

export const metadata: Metadata = { title: "Research · Fathom" };

export default async function ResearchPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ replay?: string | string[] }>;
}) {
  const { id } = await params;
  const replay = (await searchParams).replay === "realtime" ? "realtime" : undefined;
  // key: a different run id (or replay mode) must start from a fresh view, never reuse the previous one's state.
  return <ResearchView key={`${id}:${replay ?? "live"}`} runId={id} replay={replay} />;
}
