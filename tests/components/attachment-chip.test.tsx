// @vitest-environment happy-dom
import "../support/components/setup";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { expect, test, vi } from "vitest";
import { AttachmentChip } from "@/components/chat/attachment-chip";
import type { Attachment } from "@/lib/schemas/mcp";

const base: Attachment = {
  connectorId: "conn_docs",
  connectorName: "Docs",
  uri: "demo://file",
  name: "file",
  size: 0,
  truncated: false,
};

test("a chip names the resource and its connector; binary content says its type and size", () => {
  const chips: [Attachment, string][] = [
    [{ ...base, name: "notes.md", text: "# Notes", size: 7 }, "notes.md · Docs"],
    [{ ...base, name: "long.md", text: "x", size: 80_000, truncated: true }, "long.md · Docs · cut to fit"],
    [{ ...base, name: "tiny.bin", size: 512 }, "tiny.bin · Docs · binary, 512 B"],
    [{ ...base, name: "logo.png", mimeType: "image/png", size: 2048 }, "logo.png · Docs · image/png, 2 KB"],
    [{ ...base, name: "video.mp4", mimeType: "video/mp4", size: 3_500_000 }, "video.mp4 · Docs · video/mp4, 3.3 MB"],
  ];
  render(
    <>
      {chips.map(([a]) => (
        <AttachmentChip key={a.name} attachment={a} />
      ))}
    </>,
  );
  expect(screen.getAllByTestId("attachment-chip").map((c) => c.textContent)).toEqual(chips.map(([, t]) => t));
  // On a sent message a chip cannot be removed; the full URI is in its title.
  expect(screen.queryByRole("button")).toBeNull();
  expect(screen.getAllByTestId("attachment-chip")[0]).toHaveAttribute("title", "demo://file");
});

test("a chip in the composer is removed by its button, named after the resource", async () => {
  const onRemove = vi.fn();
  render(<AttachmentChip attachment={{ ...base, name: "notes.md", text: "x" }} onRemove={onRemove} />);
  screen.getByRole("button", { name: "Remove notes.md" }).focus();
  await userEvent.keyboard("{Enter}");
  expect(onRemove).toHaveBeenCalledTimes(1);
});
