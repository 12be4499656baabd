import type { HTMLAttributes, ReactNode } from "react";
import { cn } from "./cn";

/** The look of a card, for elements that must stay what they are (a form). */
export const CARD_CLASSES = "rounded-xl border border-border bg-surface p-4 sm:p-5";

/** A bordered surface; `as` picks the landmark (section, article, li) when it is one. */
export function Card({
  as: Tag = "div",
  className,
  ...props
}: HTMLAttributes<HTMLElement> & { as?: "div" | "section" | "article" | "li" | "form" }) {
  return <Tag className={cn(CARD_CLASSES, className)} {...props} />;
}

/** A card's heading row: title on the left, actions on the right, wrapping on a phone. */
export function CardHeader({ title, actions, id }: { title: ReactNode; actions?: ReactNode; id?: string }) {
  return (
    <div className="mb-3 flex flex-wrap items-center gap-2">
      <h2 id={id} className="min-w-0 grow text-base font-semibold">
        {title}
      </h2>
      {actions}
    </div>
  );
}
