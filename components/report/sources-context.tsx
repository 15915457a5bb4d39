"use client";
// The run's sources by normalized URL, for citation hover cards. Context, so a sources update
// re-renders only the citation chips, never the memoized markdown blocks.
import { createContext, useContext, useMemo, type ReactNode } from "react";
import type { SourceView } from "@/lib/client/run-view";
import { urlKey } from "@/lib/client/format";

const SourcesContext = createContext<ReadonlyMap<string, SourceView>>(new Map());

export function SourcesProvider({ sources, children }: { sources: SourceView[]; children: ReactNode }) {
  const map = useMemo(() => new Map(sources.map((s) => [urlKey(s.url), s])), [sources]);
  return <SourcesContext.Provider value={map}>{children}</SourcesContext.Provider>;
}

export function useSource(url: string | undefined): SourceView | undefined {
  const map = useContext(SourcesContext);
  return url ? map.get(urlKey(url)) : undefined;
}
