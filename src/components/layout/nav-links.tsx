"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";

export const NAV_LINKS = [
  { href: "/dashboard/schema-agent", label: "Agent" },
  { href: "/dashboard", label: "Connectors" },
  { href: "/dashboard/databases", label: "Databases" },
  { href: "/dashboard/analytics", label: "Analytics" },
  { href: "/dashboard/api", label: "API" },
];

/** The main navigation: a row on wide screens, a column in the phone's menu drawer. */
export function NavLinks({ vertical = false, onNavigate }: { vertical?: boolean; onNavigate?: () => void }) {
  const path = usePathname();
  return (
    <nav aria-label="Main">
      <ul className={cn("flex", vertical ? "flex-col gap-1 p-2" : "items-center gap-1")}>
        {NAV_LINKS.map((l) => {
          const current = path === l.href;
          return (
            <li key={l.href}>
              <Link
                href={l.href}
                onClick={onNavigate}
                aria-current={current ? "page" : undefined}
                className={cn(
                  "block rounded-lg px-3 py-2 text-sm font-medium text-muted no-underline hover:bg-subtle hover:text-fg hover:no-underline",
                  current && "bg-accent-soft text-accent-text",
                )}
              >
                {l.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
