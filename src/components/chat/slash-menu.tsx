"use client";

import { useId, useState, type KeyboardEvent } from "react";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import type { Attachment, PromptInfo } from "@/lib/schemas/mcp";
import { api, isApiError } from "@/trpc/react";
import { ArgumentForm } from "./argument-form";

const promptTitle = (p: PromptInfo) => p.title ?? p.name;

/**
 * Typing "/" in the composer lists the connectors' prompts. The message box stays a text
 * box; the list is tied to it with aria-controls and aria-activedescendant, and arrow
 * keys, Enter, Tab and Escape work from the box.
 */
export function useSlashMenu(input: string, onChoose: (p: PromptInfo) => void) {
  const listId = useId();
  const typing = /^\/\S*$/.test(input);
  const prompts = api.mcp.prompts.useQuery(undefined, { enabled: typing, staleTime: 60_000 });
  const [index, setIndex] = useState(0);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const q = input.slice(1).toLowerCase();
  const matches = (prompts.data?.prompts ?? [])
    .filter((p) => [p.name, promptTitle(p), p.connectorName].some((s) => s.toLowerCase().includes(q)))
    .slice(0, 50);
  const open = typing && dismissed !== input;
  const active = Math.min(index, Math.max(matches.length - 1, 0));
  const optionId = (i: number) => `${listId}-option-${i}`;

  function choose(p: PromptInfo) {
    setIndex(0);
    onChoose(p);
  }

  /** Handles the key when the menu uses it; true when it did. */
  function onKeyDown(e: KeyboardEvent): boolean {
    if (!open) return false;
    if (e.key === "Escape") {
      setDismissed(input);
      return true;
    }
    if (!matches.length) return false;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      const step = e.key === "ArrowDown" ? 1 : -1;
      setIndex((active + step + matches.length) % matches.length);
      return true;
    }
    if (e.key === "Enter" || e.key === "Tab") {
      choose(matches[active]!);
      return true;
    }
    return false;
  }

  const inputProps = open
    ? {
        "aria-autocomplete": "list" as const,
        "aria-controls": listId,
        ...(matches.length ? { "aria-activedescendant": optionId(active) } : {}),
      }
    : {};

  const menu = open ? (
    <div className="rounded-xl border border-border bg-surface shadow-lg" data-testid="slash-menu">
      {prompts.isPending && <p className="px-3 py-2 text-sm text-muted">Loading prompts…</p>}
      {prompts.isError && (
        <p className="px-3 py-2 text-sm text-danger" role="alert">
          Prompts could not be loaded: {prompts.error.message}
        </p>
      )}
      {prompts.isSuccess && matches.length === 0 && (
        <p className="px-3 py-2 text-sm text-muted" role="status">
          {prompts.data.prompts.length ? "No prompt matches." : "Your connectors offer no prompts."}
        </p>
      )}
      {prompts.data && prompts.data.unavailable.length > 0 && (
        <p className="px-3 py-2 text-xs text-muted">Unavailable now: {prompts.data.unavailable.join(", ")}</p>
      )}
      <ul
        id={listId}
        role="listbox"
        aria-label="Prompts"
        className={cn("max-h-64 overflow-y-auto py-1", !matches.length && "hidden")}
      >
        {matches.map((p, i) => (
          <li
            key={`${p.connectorId}:${p.name}`}
            id={optionId(i)}
            role="option"
            aria-selected={i === active}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => choose(p)}
            className={cn(
              "flex cursor-pointer flex-col px-3 py-2 text-sm",
              i === active ? "bg-accent-soft text-accent-text" : "hover:bg-subtle",
            )}
          >
            <span className="font-medium break-words">
              /{promptTitle(p)} <span className="font-normal text-muted">· {p.connectorName}</span>
            </span>
            {p.description && <span className="text-xs break-words text-muted">{p.description}</span>}
          </li>
        ))}
      </ul>
    </div>
  ) : null;

  return { menu, onKeyDown, inputProps };
}

/** Text for the composer from a prompt's messages: each message's text, in order. */
export function composerText(messages: { role: string; text: string }[]): string {
  return messages.map((m) => m.text).join("\n\n");
}

/** A chosen prompt: its arguments (with completion), then its messages go into the composer. */
export function PromptPanel({
  prompt,
  onClose,
  onReady,
}: {
  prompt: PromptInfo;
  onClose: () => void;
  onReady: (text: string, attachments: Attachment[]) => void;
}) {
  const get = api.mcp.getPrompt.useMutation();
  const [error, setError] = useState<string | null>(null);

  async function run(args: Record<string, string>) {
    setError(null);
    try {
      const r = await get.mutateAsync({ connectorId: prompt.connectorId, name: prompt.name, args });
      onReady(composerText(r.messages), r.attachments);
    } catch (err) {
      setError(isApiError(err) ? err.message : "The prompt could not be loaded.");
    }
  }

  return (
    <Card className="flex flex-col gap-2" data-testid="prompt-panel">
      <div className="flex items-start gap-2">
        <p className="min-w-0 grow font-semibold break-words">
          /{promptTitle(prompt)} <span className="font-normal text-muted">· {prompt.connectorName}</span>
        </p>
        <Button size="sm" onClick={onClose}>
          Close
        </Button>
      </div>
      {prompt.description && <p className="text-sm text-muted">{prompt.description}</p>}
      <ArgumentForm
        connectorId={prompt.connectorId}
        completionRef={{ type: "ref/prompt", name: prompt.name }}
        fields={prompt.arguments}
        submitLabel="Use prompt"
        pending={get.isPending}
        onSubmit={(args) => void run(args)}
      />
      {error && (
        <Callout tone="danger" role="alert">
          {error}
        </Callout>
      )}
    </Card>
  );
}
