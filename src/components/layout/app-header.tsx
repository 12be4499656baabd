"use client";

import { LogOut, Menu, UserRound } from "lucide-react";
import Link from "next/link";
import { signOut } from "next-auth/react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { Sheet, SheetContent, SheetTrigger } from "@/components/ui/sheet";
import { NavLinks } from "./nav-links";

function Brand() {
  return (
    <Link href="/dashboard" className="flex items-center gap-2 font-semibold text-fg no-underline hover:no-underline">
      <svg viewBox="0 0 32 32" aria-hidden="true" className="size-6">
        <rect width="32" height="32" rx="8" className="fill-accent" />
        <path
          d="M10 16h5m2 0h5M15 12v8m2-8v8"
          stroke="currentColor"
          strokeWidth="2.5"
          strokeLinecap="round"
          className="text-accent-fg"
        />
      </svg>
      Connectors
    </Link>
  );
}

/**
 * The signed-in header: on a phone a menu button opens the navigation in a drawer; from
 * 768 px the links sit in the bar. The account menu holds the email and "Sign out".
 */
export function AppHeader({ email }: { email: string }) {
  const [menuOpen, setMenuOpen] = useState(false);
  const [signingOut, setSigningOut] = useState(false);
  const doSignOut = () => {
    setSigningOut(true);
    void signOut({ callbackUrl: "/signin" });
  };
  return (
    <header className="sticky top-0 z-30 border-b border-border bg-surface/95 backdrop-blur">
      <div className="mx-auto flex h-14 max-w-6xl items-center gap-2 px-3 sm:px-4">
        <Sheet open={menuOpen} onOpenChange={setMenuOpen}>
          <SheetTrigger asChild>
            <Button variant="ghost" size="icon" aria-label="Open the menu" className="md:hidden">
              <Menu aria-hidden="true" className="size-5" />
            </Button>
          </SheetTrigger>
          <SheetContent title="Menu">
            <NavLinks vertical onNavigate={() => setMenuOpen(false)} />
            <div className="border-t border-border p-4 text-sm">
              <p className="truncate text-muted">Signed in as {email}</p>
              <Link href="/dashboard/account" className="mt-2 inline-block" onClick={() => setMenuOpen(false)}>
                Account and password
              </Link>
              <Button className="mt-3 w-full" onClick={doSignOut} disabled={signingOut}>
                <LogOut aria-hidden="true" className="size-4" />
                {signingOut ? "Signing out…" : "Sign out"}
              </Button>
            </div>
          </SheetContent>
        </Sheet>
        <Brand />
        <div className="ml-4 hidden md:block">
          <NavLinks />
        </div>
        <div className="ml-auto">
          <DropdownMenu>
            <DropdownMenuTrigger asChild>
              <Button variant="ghost" className="max-w-[14rem] px-2" aria-label={`Account: ${email}`}>
                <span
                  aria-hidden="true"
                  className="grid size-7 shrink-0 place-items-center rounded-full bg-accent-soft text-xs font-semibold text-accent-text"
                >
                  {email.slice(0, 1).toUpperCase()}
                </span>
                <span data-testid="current-user" className="hidden truncate text-sm text-muted sm:inline">
                  {email}
                </span>
              </Button>
            </DropdownMenuTrigger>
            <DropdownMenuContent label={`Signed in as ${email}`}>
              <DropdownMenuItem onSelect={() => window.location.assign("/dashboard/account")}>
                <UserRound aria-hidden="true" className="size-4" />
                Account and password
              </DropdownMenuItem>
              <DropdownMenuItem onSelect={doSignOut}>
                <LogOut aria-hidden="true" className="size-4" />
                {signingOut ? "Signing out…" : "Sign out"}
              </DropdownMenuItem>
            </DropdownMenuContent>
          </DropdownMenu>
        </div>
      </div>
    </header>
  );
}
