// The browser side of an OAuth popup: a window the component opens, and the messages the
// callback page posts back to its opener.
import { act } from "@testing-library/react";
import { vi } from "vitest";
import type { PopupMessage } from "@/components/oauth/watch-popup";

/** The parts of a popup window the app touches: its document, location, and closing. */
export class FakePopup {
  closed = false;
  location = { href: "" };
  document = { title: "", body: { style: { font: "" }, textContent: "" } };
  close() {
    this.closed = true;
  }
  asWindow(): Window {
    return this as unknown as Window;
  }
}

/**
 * Replaces `window.open` for the test: each call opens a new FakePopup (or none, as a
 * popup blocker does). Returns what was opened.
 */
export function interceptPopups({ blocked = false } = {}) {
  const opened: { url: string | undefined; popup: FakePopup }[] = [];
  const open = vi.spyOn(window, "open").mockImplementation((url?: string | URL) => {
    if (blocked) return null;
    const popup = new FakePopup();
    opened.push({ url: url === undefined ? undefined : String(url), popup });
    return popup.asWindow();
  });
  return {
    open,
    opened,
    last(): FakePopup {
      const p = opened.at(-1)?.popup;
      if (!p) throw new Error("No popup was opened");
      return p;
    },
  };
}

/** What the OAuth callback page does: post a message to the opener (by default from our origin). */
export async function postFromPopup(data: PopupMessage | Record<string, unknown>, origin = window.location.origin) {
  await act(async () => {
    window.dispatchEvent(new MessageEvent("message", { data, origin }));
    await Promise.resolve();
  });
}
