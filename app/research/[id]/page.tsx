import type { Metadata } from "next";
import { ResearchView } from "@/components/research/research-view";

export const metadata: Metadata = { title: "Research · Fathom" };

export default async function ResearchPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  // key: a different run id must start from a fresh view, never reuse the previous run's state.
  return <ResearchView key={id} runId={id} />;
}
