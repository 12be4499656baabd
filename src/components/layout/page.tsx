import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";

/** A signed-in page's main column: one width and rhythm for every page. */
export function PageMain({ children, className }: { children: ReactNode; className?: string }) {
  return (
    <main
      id="main"
      className={cn("mx-auto flex w-full max-w-5xl min-w-0 flex-col gap-5 px-3 py-5 sm:px-6 sm:py-8", className)}
    >
      {children}
    </main>
  );
}

/** The page's title and what it is for. */
export function PageHeader({
  title,
  description,
  actions,
}: {
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <div className="flex flex-wrap items-end gap-3">
      <div className="min-w-0 grow">
        <h1 className="text-2xl font-semibold tracking-tight break-words">{title}</h1>
        {description && <p className="mt-1 text-sm text-muted">{description}</p>}
      </div>
      {actions}
    </div>
  );
}
