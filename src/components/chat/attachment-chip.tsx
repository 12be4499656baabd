"use client";

import { FileText, Paperclip, X } from "lucide-react";
import type { Attachment } from "@/lib/schemas/mcp";

function sizeText(bytes: number): string {
  return bytes < 1024
    ? `${bytes} B`
    : bytes < 1024 * 1024
      ? `${Math.round(bytes / 1024)} KB`
      : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A resource attached to a message: its name and connector; binary content says so. */
export function AttachmentChip({ attachment: a, onRemove }: { attachment: Attachment; onRemove?: () => void }) {
  const binary = a.text === undefined;
  return (
    <span
      className="inline-flex max-w-full items-center gap-1 rounded-full border border-border bg-surface py-0.5 pr-1 pl-2 text-sm"
      data-testid="attachment-chip"
      title={a.uri}
    >
      {binary ? (
        <Paperclip aria-hidden="true" className="size-3.5 shrink-0" />
      ) : (
        <FileText aria-hidden="true" className="size-3.5 shrink-0" />
      )}
      <span className="min-w-0 truncate">
        {a.name} · {a.connectorName}
        {binary ? ` · ${a.mimeType ?? "binary"}, ${sizeText(a.size)}` : a.truncated ? " · cut to fit" : ""}
      </span>
      {onRemove ? (
        <button
          type="button"
          aria-label={`Remove ${a.name}`}
          onClick={onRemove}
          className="rounded-full p-1 hover:bg-subtle"
        >
          <X aria-hidden="true" className="size-3.5" />
        </button>
      ) : (
        <span className="w-1" />
      )}
    </span>
  );
}
