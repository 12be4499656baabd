"use client";

import type { ComponentProps } from "react";
import ReactMarkdown, { type Components } from "react-markdown";
import rehypeSanitize from "rehype-sanitize";
import remarkGfm from "remark-gfm";
import { cn } from "./cn";
import { CopyButton } from "./copy-button";

/** Links to this app (an export's download) stay here and download; others open a new tab. */
function MarkdownLink({ href = "", children, ...rest }: ComponentProps<"a">) {
  const internal = href.startsWith("/") && !href.startsWith("//");
  if (internal)
    return (
      <a href={href} {...(href.startsWith("/api/export/") ? { download: "" } : {})} {...rest}>
        {children}
      </a>
    );
  return (
    <a href={href} target="_blank" rel="noopener noreferrer" {...rest}>
      {children}
      <span className="sr-only"> (opens in a new tab)</span>
    </a>
  );
}

function CodeBlock({ children, ...rest }: ComponentProps<"pre">) {
  // react-markdown hands a <pre> holding one <code>; its text is what gets copied.
  const code = (children as { props?: { children?: unknown } } | undefined)?.props?.children;
  const text = typeof code === "string" ? code.replace(/\n$/, "") : "";
  return (
    <div className="group relative my-2">
      <pre
        tabIndex={0}
        className="overflow-x-auto rounded-lg bg-subtle p-3 pr-20 text-[0.85em] leading-relaxed"
        {...rest}
      >
        {children}
      </pre>
      {text && (
        <div className="absolute top-1.5 right-1.5">
          <CopyButton text={text} label="Copy code" />
        </div>
      )}
    </div>
  );
}

const COMPONENTS: Components = {
  a: ({ node: _node, ...props }) => <MarkdownLink {...props} />,
  pre: ({ node: _node, ...props }) => <CodeBlock {...props} />,
  img: ({ node: _node, alt, ...props }) => (
    // Size-capped; only same-origin and data images load (the page's CSP).
    <img alt={alt ?? ""} loading="lazy" className="my-2 inline-block max-h-80 max-w-full rounded-lg" {...props} />
  ),
  table: ({ node: _node, ...props }) => (
    <div className="my-2 max-w-full overflow-x-auto" tabIndex={0} role="region" aria-label="Table (scrolls sideways)">
      <table className="min-w-full border-collapse text-sm" {...props} />
    </div>
  ),
};

/**
 * GitHub-flavoured Markdown from the model or a tool, sanitised (no raw HTML, no script
 * URLs): lists, tables, code with a copy button, links that are safe to follow.
 */
export function Markdown({ children, className }: { children: string; className?: string }) {
  return (
    <div
      className={cn(
        "min-w-0 leading-relaxed break-words",
        "[&_h1]:mt-3 [&_h1]:text-lg [&_h1]:font-semibold [&_h2]:mt-3 [&_h2]:font-semibold [&_h3]:mt-2 [&_h3]:font-semibold",
        "[&_ol]:my-2 [&_ol]:list-decimal [&_ol]:pl-6 [&_p]:my-2 [&_ul]:my-2 [&_ul]:list-disc [&_ul]:pl-6 [&_li]:my-0.5",
        "[&_blockquote]:border-l-4 [&_blockquote]:border-border [&_blockquote]:pl-3 [&_blockquote]:text-muted",
        "[&_:not(pre)>code]:rounded [&_:not(pre)>code]:bg-subtle [&_:not(pre)>code]:px-1 [&_:not(pre)>code]:text-[0.9em]",
        "[&_td]:border [&_td]:border-border [&_td]:px-2 [&_td]:py-1 [&_th]:border [&_th]:border-border [&_th]:px-2 [&_th]:py-1 [&_th]:text-left",
        "[&>:first-child]:mt-0 [&>:last-child]:mb-0",
        className,
      )}
    >
      <ReactMarkdown remarkPlugins={[remarkGfm]} rehypePlugins={[rehypeSanitize]} components={COMPONENTS}>
        {children}
      </ReactMarkdown>
    </div>
  );
}
