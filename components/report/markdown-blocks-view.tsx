"use client";
// Streamed markdown rendered as memoized blocks: finished blocks keep their text, so React.memo
// skips them and each delta re-parses only the last block (linear, not quadratic, in report size).
import { memo, useMemo, useState } from "react";
import Markdown from "react-markdown";
import { BlockSplitter } from "@/lib/client/markdown-blocks";
import { MARKDOWN_COMPONENTS, REHYPE_PLUGINS, REMARK_PLUGINS } from "./markdown-components";

export const MarkdownBlock = memo(function MarkdownBlock({ text }: { text: string }) {
  return (
    <Markdown remarkPlugins={REMARK_PLUGINS} rehypePlugins={REHYPE_PLUGINS} components={MARKDOWN_COMPONENTS}>
      {text}
    </Markdown>
  );
});

/** Footnotes and reference-style link definitions only resolve within one document. */
export function needsWholeDocument(markdown: string): boolean {
  return /^ {0,3}\[[^\]\n]+\]:[ \t]*\S/m.test(markdown);
}

/** Splits `markdown` into blocks, incrementally while it only grows. */
export function useMarkdownBlocks(markdown: string, appendOnly: boolean): string[] {
  const [splitter] = useState(() => new BlockSplitter());
  return useMemo(() => splitter.update(markdown, appendOnly), [splitter, markdown, appendOnly]);
}

export function BlockList({ blocks }: { blocks: string[] }) {
  return (
    <>
      {blocks.map((text, i) => (
        <MarkdownBlock key={i} text={text} />
      ))}
    </>
  );
}

/** Convenience for small streamed texts (step notes). */
export function MarkdownBlocks({ markdown, appendOnly = false }: { markdown: string; appendOnly?: boolean }) {
  const blocks = useMarkdownBlocks(markdown, appendOnly);
  return <BlockList blocks={blocks} />;
}
