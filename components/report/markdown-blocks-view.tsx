"use client";
// Streamed markdown rendered as memoized blocks: finished blocks keep their text, so React.memo
// skips them and each delta re-parses only the last block (linear, not quadratic, in report size).
import { memo, useMemo, useState } from "react";
import Markdown from "react-markdown";
import { BlockSplitter } from "@/lib/client/markdown-blocks";
import { MARKDOWN_COMPONENTS, REHYPE_PLUGINS, REMARK_PLUGINS } from "./markdown-components";
import { StreamingTail } from "./streaming-tail";

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

const sameBlocks = (a: { blocks: string[] }, b: { blocks: string[] }) =>
  a.blocks.length === b.blocks.length && a.blocks.every((t, i) => t === b.blocks[i]);

/** Finished blocks: skipped as a whole while only the streamed tail changes. */
const Blocks = memo(function Blocks({ blocks }: { blocks: string[] }) {
  return (
    <>
      {blocks.map((text, i) => (
        <MarkdownBlock key={i} text={text} />
      ))}
    </>
  );
}, sameBlocks);

/** With `streaming`, the last block is still growing: it gets the light renderer until the next block starts. */
export function BlockList({ blocks, streaming = false }: { blocks: string[]; streaming?: boolean }) {
  const tail = streaming ? blocks.at(-1) : undefined;
  return (
    <>
      <Blocks blocks={tail === undefined ? blocks : blocks.slice(0, -1)} />
      {tail === undefined ? null : <StreamingTail text={tail} />}
    </>
  );
}

/** Convenience for small streamed texts (step notes). */
export function MarkdownBlocks({ markdown, appendOnly = false }: { markdown: string; appendOnly?: boolean }) {
  const blocks = useMarkdownBlocks(markdown, appendOnly);
  return <BlockList blocks={blocks} />;
}
