"use client";
// The report block still being written, rendered from a light parse (lib/client/markdown-lite) with the
// same elements and components as the full renderer, so each streamed delta stays cheap and the switch to
// the full renderer, once the block is complete, does not move anything on screen.
import { memo, useMemo, type ReactNode } from "react";
import { parseInline, parseLite, trimOpenLink, type Inline, type LiteBlock } from "@/lib/client/markdown-lite";
import { plainHeadingText, slugify } from "@/lib/client/outline";
import { Image, Link, Table, heading } from "./markdown-components";

const H2 = heading(2);
const H3 = heading(3);

function inline(nodes: Inline[]): ReactNode[] {
  return nodes.map((n, i) => {
    switch (n.t) {
      case "text":
        return n.text;
      case "strong":
        return <strong key={i}>{inline(n.children)}</strong>;
      case "em":
        return <em key={i}>{inline(n.children)}</em>;
      case "del":
        return <del key={i}>{inline(n.children)}</del>;
      case "code":
        return <code key={i}>{n.text}</code>;
      case "link":
        return (
          <Link key={i} href={n.href}>
            {inline(n.children)}
          </Link>
        );
      case "image":
        return <Image key={i} src={n.src} alt={n.alt} />;
    }
  });
}

/** One piece of inline markdown; unchanged pieces (earlier list items, table rows) skip re-rendering. */
const Text = memo(function Text({ src }: { src: string }) {
  return <>{inline(parseInline(src))}</>;
});

function block(b: LiteBlock, key: number): ReactNode {
  switch (b.t) {
    case "heading": {
      const children = <Text src={b.src} />;
      const id = slugify(plainHeadingText(b.src));
      if (b.level === 2) return <H2 key={key} id={id}>{children}</H2>;
      if (b.level === 3) return <H3 key={key} id={id}>{children}</H3>;
      const Tag = `h${Math.min(6, Math.max(1, b.level))}` as "h1";
      return <Tag key={key}>{children}</Tag>;
    }
    case "paragraph":
      return (
        <p key={key}>
          <Text src={b.src} />
        </p>
      );
    case "list": {
      const items = b.items.map((it, i) => (
        <li key={i} className={it.depth > 0 ? "ml-6" : undefined}>
          <Text src={it.src} />
        </li>
      ));
      return b.ordered ? (
        <ol key={key} start={b.start === 1 ? undefined : b.start}>
          {items}
        </ol>
      ) : (
        <ul key={key}>{items}</ul>
      );
    }
    case "table":
      return (
        <Table key={key}>
          <thead>
            <tr>
              {b.head.map((c, i) => (
                <th key={i} style={b.align[i] ? { textAlign: b.align[i] } : undefined}>
                  <Text src={c} />
                </th>
              ))}
            </tr>
          </thead>
          {b.rows.length ? (
            <tbody>
              {b.rows.map((row, r) => (
                <tr key={r}>
                  {row.map((c, i) => (
                    <td key={i} style={b.align[i] ? { textAlign: b.align[i] } : undefined}>
                      <Text src={c} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          ) : null}
        </Table>
      );
    case "code":
      return (
        <pre key={key}>
          <code className={b.lang ? `language-${b.lang}` : undefined}>{b.text}</code>
        </pre>
      );
    case "quote":
      return (
        <blockquote key={key}>
          <p>
            <Text src={b.src} />
          </p>
        </blockquote>
      );
    case "rule":
      return <hr key={key} />;
  }
}

export const StreamingTail = memo(function StreamingTail({ text }: { text: string }) {
  const blocks = useMemo(() => parseLite(trimOpenLink(text)), [text]);
  return <>{blocks.map(block)}</>;
});
