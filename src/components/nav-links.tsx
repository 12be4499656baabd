"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const LINKS = [
  { href: "/dashboard/schema-agent", label: "Agent" },
  { href: "/dashboard", label: "Connectors" },
  { href: "/dashboard/analytics", label: "Analytics" },
  { href: "/dashboard/api", label: "API" },
];

export function NavLinks() {
  const path = usePathname();
  return (
    <nav className="nav" aria-label="Main">
      {LINKS.map((l) => (
        <Link key={l.href} href={l.href} aria-current={path === l.href ? "page" : undefined}>
          {l.label}
        </Link>
      ))}
    </nav>
  );
}
