"use client";

import * as T from "@radix-ui/react-toast";
import { X } from "lucide-react";
import { createContext, useCallback, useContext, useState, type ReactNode } from "react";
import type { Tone } from "./badge";
import { cn } from "./cn";

export type ToastInput = {
  title: string;
  description?: string;
  tone?: Extract<Tone, "neutral" | "ok" | "danger">;
  /** One action, e.g. "Undo"; `altText` says how to do it without the toast. */
  action?: { label: string; altText: string; onClick: () => void };
};

const ToastContext = createContext<(t: ToastInput) => void>(() => undefined);

/** Shows a short confirmation ("Connector saved") that screen readers announce politely. */
export function useToast(): (t: ToastInput) => void {
  return useContext(ToastContext);
}

const TONES = { neutral: "border-border", ok: "border-ok", danger: "border-danger" } as const;

/** Holds the toasts of the app; F8 moves focus to them. */
export function Toaster({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<(ToastInput & { id: number })[]>([]);
  const show = useCallback(
    (t: ToastInput) => setToasts((all) => [...all.slice(-2), { ...t, id: Date.now() + Math.random() }]),
    [],
  );
  return (
    <ToastContext.Provider value={show}>
      <T.Provider swipeDirection="right" duration={6000}>
        {children}
        {toasts.map((t) => (
          <T.Root
            key={t.id}
            onOpenChange={(open) => !open && setToasts((all) => all.filter((x) => x.id !== t.id))}
            className={cn(
              "flex items-start gap-3 rounded-xl border border-l-4 bg-surface p-3 shadow-lg",
              TONES[t.tone ?? "neutral"],
            )}
          >
            <div className="min-w-0 grow">
              <T.Title className="text-sm font-medium">{t.title}</T.Title>
              {t.description && <T.Description className="mt-0.5 text-sm text-muted">{t.description}</T.Description>}
            </div>
            {t.action && (
              <T.Action altText={t.action.altText} asChild>
                <button
                  type="button"
                  onClick={t.action.onClick}
                  className="rounded-md px-2 py-1 text-sm font-medium text-accent-text hover:bg-subtle"
                >
                  {t.action.label}
                </button>
              </T.Action>
            )}
            <T.Close aria-label="Dismiss" className="rounded-md p-1 text-muted hover:bg-subtle">
              <X aria-hidden="true" className="size-4" />
            </T.Close>
          </T.Root>
        ))}
        <T.Viewport className="fixed right-0 bottom-0 z-[60] flex w-full max-w-sm flex-col gap-2 p-4 outline-none" />
      </T.Provider>
    </ToastContext.Provider>
  );
}
