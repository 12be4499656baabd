"use client";

import type { ReactNode } from "react";
import { Toaster } from "@/components/ui/toast";
import { TooltipProvider } from "@/components/ui/tooltip";
import { TRPCReactProvider } from "@/trpc/react";

/** Everything a page's client components share: the API client, toasts and tooltips. */
export function Providers({ children }: { children: ReactNode }) {
  return (
    <TRPCReactProvider>
      <TooltipProvider delayDuration={300}>
        <Toaster>{children}</Toaster>
      </TooltipProvider>
    </TRPCReactProvider>
  );
}
