"use client";
// The run's sources by normalised URL (the registry's normalizeUrl), for citation hover cards, and whether
// their supporting passages can be looked up (final report only). Context, so a sources update re-renders
// only the citation chips, never the memoized markdown blocks.
import { createContext, useContext, useMemo, type ReactNode } from "react";
import type { SourceView } from "@/lib/client/run-view";
import { urlKey } from "@/lib/client/format";
import { normalizeUrl } from "@/lib/report/registry";

interface SourcesValue {
  byUrl: ReadonlyMap<string, SourceView>;
  /** Looser key (no www., no scheme) for links the model wrote while streaming. */
  byLooseUrl: ReadonlyMap<string, SourceView>;
  /** Set when supporting passages may be fetched: the run id of a final report. */
  evidenceRunId?: string;
}

const SourcesContext = createContext<SourcesValue>({ byUrl: new Map(), byLooseUrl: new Map() });

export function SourcesProvider({
  sources,
  evidenceRunId,
  children,
}: {
  sources: SourceView[];
  evidenceRunId?: string;
  children: ReactNode;
}) {
  const value = useMemo(
    () => ({
      byUrl: new Map(sources.map((s) => [normalizeUrl(s.url), s])),
      byLooseUrl: new Map(sources.map((s) => [urlKey(s.url), s])),
      evidenceRunId,
    }),
    [sources, evidenceRunId],
  );
  return <SourcesContext.Provider value={value}>{children}</SourcesContext.Provider>;
}

export function useSource(url: string | undefined): SourceView | undefined {
  const { byUrl, byLooseUrl } = useContext(SourcesContext);
  return url ? (byUrl.get(normalizeUrl(url)) ?? byLooseUrl.get(urlKey(url))) : undefined;
}

/** The run whose evidence route answers for these citations, or undefined while the report streams. */
export function useEvidenceRunId(): string | undefined {
  return useContext(SourcesContext).evidenceRunId;
}
