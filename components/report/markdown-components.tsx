"use client";
// react-markdown setup shared by the report and the step notes: GFM, sanitized HTML, citation chips,
// images with a placeholder, heading ids matching the outline, scrollable tables.
import { Children, isValidElement, type ComponentProps, type ReactNode } from "react";
import type { Components, Options } from "react-markdown";
import remarkGfm from "remark-gfm";
import rehypeSanitize, { defaultSchema } from "rehype-sanitize";
import { slugify } from "@/lib/client/outline";
import { SafeImage } from "@/components/ui/safe-image";
import { Citation } from "./citation";

/** remark-rehype already prefixes footnote ids with `user-content-`; a second prefix would break their links. */
const schema = { ...defaultSchema, clobberPrefix: "" };

export const REMARK_PLUGINS: Options["remarkPlugins"] = [remarkGfm];
export const REHYPE_PLUGINS: Options["rehypePlugins"] = [[rehypeSanitize, schema]];

export function textOf(node: ReactNode): string {
  let out = "";
  Children.forEach(node, (child) => {
    if (typeof child === "string" || typeof child === "number") out += String(child);
    else if (isValidElement<{ children?: ReactNode }>(child)) out += textOf(child.props.children);
  });
  return out;
}

const CITATION = /^\[?(\d{1,3})\]?$/;

export function Link({ href, children, node: _node, ...rest }: ComponentProps<"a"> & { node?: unknown }) {
  const text = textOf(children).trim();
  const m = CITATION.exec(text);
  if (m?.[1] && href && !href.startsWith("#")) return <Citation href={href} label={m[1]} />;
  if (!href) return <span>{children}</span>;
  const external = !href.startsWith("#");
  return (
    <a href={href} {...rest} {...(external ? { target: "_blank", rel: "noreferrer noopener" } : {})}>
      {children}
    </a>
  );
}

export function Image({ src, alt }: ComponentProps<"img">) {
  return (
    <SafeImage
      src={typeof src === "string" ? src : undefined}
      alt={alt ?? ""}
      className="my-4 max-h-[28rem] min-h-24 w-auto max-w-full rounded-lg"
    />
  );
}

export function heading(level: 2 | 3) {
  const Tag = `h${level}` as const;
  // An id from the pipeline (GFM's footnote-label) is kept; markdown headings get the outline's slug.
  return function Heading({ children, node: _node, id, ...rest }: ComponentProps<"h2"> & { node?: unknown }) {
    return (
      <Tag id={id || slugify(textOf(children))} {...rest}>
        {children}
      </Tag>
    );
  };
}

export function Table({ children, node: _node, ...rest }: ComponentProps<"table"> & { node?: unknown }) {
  return (
    <div className="my-6 overflow-x-auto">
      <table {...rest} className="my-0">
        {children}
      </table>
    </div>
  );
}

export const MARKDOWN_COMPONENTS: Components = {
  a: Link,
  img: Image,
  h2: heading(2),
  h3: heading(3),
  table: Table,
};
