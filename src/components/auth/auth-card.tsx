import type { ReactNode } from "react";

/** The centred card of the signed-out pages, with the product's name above it. */
export function AuthShell({ children }: { children: ReactNode }) {
  return (
    <main id="main" className="grid min-h-dvh place-items-center px-4 py-10">
      <div className="w-full max-w-sm">
        <p className="mb-6 flex items-center justify-center gap-2 text-lg font-semibold">
          <svg viewBox="0 0 32 32" aria-hidden="true" className="size-7">
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
        </p>
        {children}
      </div>
    </main>
  );
}
