// @vitest-environment happy-dom
import "../support/components/setup";
import { act, renderHook, waitFor } from "@testing-library/react";
import { describe, expect, test, vi } from "vitest";
import { useOAuthPopup } from "@/components/apps/use-oauth-popup";
import { openSignInWindow, POPUP_BLOCKED, signInWithPopup } from "@/components/connectors/sign-in-popup";
import { watchPopup, type PopupEnd } from "@/components/oauth/watch-popup";
import type { OAuthStartResponse } from "@/lib/schemas/connectors";
import { FakePopup, interceptPopups, postFromPopup } from "../support/components/popup";

const OAUTH = "connectors:oauth";

/** Whether a promise has settled yet, without waiting for it. */
async function peek<T>(p: Promise<T>): Promise<{ settled: false } | { settled: true; value: T }> {
  const pending = Symbol("pending");
  const v = await Promise.race([p, new Promise<typeof pending>((r) => setTimeout(() => r(pending), 0))]);
  return v === pending ? { settled: false } : { settled: true, value: v as T };
}

describe("watchPopup", () => {
  test("ends with the callback page's message", async () => {
    const popup = new FakePopup();
    const { ended } = watchPopup(popup.asWindow(), (d) => d.attemptId === "a1");
    await postFromPopup({ type: OAUTH, attemptId: "a1", ok: true });
    expect(await peek(ended)).toEqual({
      settled: true,
      value: { closed: false, data: { type: OAUTH, attemptId: "a1", ok: true } },
    });
  });

  test("ignores messages from another origin, of another type, or not matching", async () => {
    const popup = new FakePopup();
    const { ended, stop } = watchPopup(popup.asWindow(), (d) => d.attemptId === "a1");
    await postFromPopup({ type: OAUTH, attemptId: "a1", ok: true }, "https://attacker.example.com");
    await postFromPopup({ type: OAUTH, attemptId: "a1", ok: true }, "http://localhost:3001");
    await postFromPopup({ type: "other", attemptId: "a1", ok: true });
    await postFromPopup({ attemptId: "a1", ok: true });
    await postFromPopup({ type: OAUTH, attemptId: "a2", ok: true });
    await act(async () => {
      window.dispatchEvent(new MessageEvent("message", { data: null, origin: window.location.origin }));
      await Promise.resolve();
    });
    expect(await peek(ended)).toEqual({ settled: false });
    stop();
  });

  test("reports a popup the user closed, after a moment for a late message", async () => {
    vi.useFakeTimers();
    const popup = new FakePopup();
    const { ended } = watchPopup(popup.asWindow(), () => true);
    let end: PopupEnd | undefined;
    void ended.then((e) => (end = e));

    await vi.advanceTimersByTimeAsync(1_000);
    expect(end).toBeUndefined();

    popup.close();
    await vi.advanceTimersByTimeAsync(400);
    expect(end).toBeUndefined();
    await vi.advanceTimersByTimeAsync(500);
    expect(end).toEqual({ closed: true });
    expect(vi.getTimerCount()).toBe(0);
  });

  test("a message that arrives just before the window closes wins", async () => {
    vi.useFakeTimers();
    const popup = new FakePopup();
    const { ended } = watchPopup(popup.asWindow(), () => true);
    popup.close();
    await vi.advanceTimersByTimeAsync(400);
    window.dispatchEvent(
      new MessageEvent("message", { data: { type: OAUTH, ok: true }, origin: window.location.origin }),
    );
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await ended).toEqual({ closed: false, data: { type: OAUTH, ok: true } });
    expect(vi.getTimerCount()).toBe(0);
  });

  test("stop ends the wait without an answer and stops listening", async () => {
    vi.useFakeTimers();
    const popup = new FakePopup();
    const matches = vi.fn(() => true);
    const { ended, stop } = watchPopup(popup.asWindow(), matches);
    stop();
    expect(vi.getTimerCount()).toBe(0);
    window.dispatchEvent(new MessageEvent("message", { data: { type: OAUTH }, origin: window.location.origin }));
    popup.close();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(matches).not.toHaveBeenCalled();
    vi.useRealTimers();
    expect(await peek(ended)).toEqual({ settled: false });
  });
});

describe("signInWithPopup", () => {
  const response = (overrides: Partial<OAuthStartResponse> = {}): OAuthStartResponse => ({
    attemptId: "attempt_1",
    authorizeUrl: "https://auth.example.com/authorize?x=1",
    issuer: "https://auth.example.com",
    scopes: [],
    clientSource: "registered",
    steps: [],
    ...overrides,
  });
  const connectorMessage = (extra: Record<string, unknown> = {}) => ({
    type: OAUTH,
    kind: "connector",
    attemptId: "attempt_1",
    ok: true,
    ...extra,
  });

  test("discovers first, then opens the sign-in page itself, and ends with the callback's answer", async () => {
    const popups = interceptPopups();
    let resolveStart!: (r: OAuthStartResponse) => void;
    const start = vi.fn(() => new Promise<OAuthStartResponse>((r) => (resolveStart = r)));
    const onStarted = vi.fn();
    const outcome = signInWithPopup(start, onStarted);

    // No window while discovery runs: a server without sign-in gets no empty pop-up.
    expect(popups.open).not.toHaveBeenCalled();
    resolveStart(response());
    await waitFor(() =>
      expect(popups.open).toHaveBeenCalledWith(
        "https://auth.example.com/authorize?x=1",
        "connectors-oauth",
        expect.stringContaining("width="),
      ),
    );
    expect(onStarted).toHaveBeenCalledWith(response());

    await postFromPopup(connectorMessage({ attemptId: "someone-else" }));
    await postFromPopup(connectorMessage({ kind: "tool" }));
    expect(await peek(outcome)).toEqual({ settled: false });

    await postFromPopup(connectorMessage({ account: "ann@example.com" }));
    expect(await outcome).toEqual({ ok: true, attemptId: "attempt_1", account: "ann@example.com" });
  });

  test("a sign-in without an account name still succeeds", async () => {
    const popups = interceptPopups();
    const outcome = signInWithPopup(() => Promise.resolve(response()));
    await waitFor(() => expect(popups.opened).toHaveLength(1));
    await postFromPopup(connectorMessage());
    expect(await outcome).toEqual({ ok: true, attemptId: "attempt_1", account: null });
  });

  test("a refused sign-in carries the callback's message, or a default one", async () => {
    const popups = interceptPopups();
    const first = signInWithPopup(() => Promise.resolve(response()));
    await waitFor(() => expect(popups.opened).toHaveLength(1));
    await postFromPopup(connectorMessage({ ok: false, message: "access_denied" }));
    expect(await first).toEqual({ ok: false, message: "access_denied" });

    const second = signInWithPopup(() => Promise.resolve(response()));
    await waitFor(() => expect(popups.opened).toHaveLength(2));
    await postFromPopup(connectorMessage({ ok: false }));
    expect(await second).toEqual({ ok: false, message: "The sign-in failed." });
  });

  test("a closed window is reported as cancelled", async () => {
    vi.useFakeTimers();
    const popups = interceptPopups();
    const outcome = signInWithPopup(() => Promise.resolve(response()));
    await vi.advanceTimersByTimeAsync(0);
    popups.last().close();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await outcome).toEqual({
      ok: false,
      cancelled: true,
      message: "The sign-in window was closed before signing in finished.",
    });
  });

  test("a blocked window is reported with the started sign-in, which opens from a later click", async () => {
    const popups = interceptPopups({ blocked: true });
    const outcome = await signInWithPopup(() => Promise.resolve(response()));
    expect(outcome).toEqual({ ok: false, message: POPUP_BLOCKED, blocked: response() });
    popups.open.mockImplementation(() => new FakePopup().asWindow());
    const second = openSignInWindow(response());
    await postFromPopup(connectorMessage());
    expect(await second).toMatchObject({ ok: true, attemptId: "attempt_1" });
  });

  test("a failed start opens nothing and reports the error", async () => {
    const popups = interceptPopups();
    await expect(signInWithPopup(() => Promise.reject(new Error("discovery failed")))).rejects.toThrow(
      "discovery failed",
    );
    expect(popups.opened).toHaveLength(0);
  });

  test("a sign-in address that is not a web address is never opened", async () => {
    const popups = interceptPopups();
    await expect(
      signInWithPopup(() => Promise.resolve(response({ authorizeUrl: "javascript:alert(document.cookie)" }))),
    ).rejects.toThrow("The server's sign-in address is not a web address.");
    expect(popups.opened).toHaveLength(0);
  });
});

describe("useOAuthPopup", () => {
  const toolMessage = (extra: Record<string, unknown> = {}) => ({ type: OAUTH, toolId: "gmail", ok: true, ...extra });

  test("opens the authorization page and reports the callback's answer", async () => {
    const popups = interceptPopups();
    const onDone = vi.fn();
    const { result } = renderHook(() => useOAuthPopup(onDone));
    expect(result.current.pending).toBe(false);

    act(() => result.current.open("https://accounts.example.com/auth"));
    expect(popups.opened[0]?.url).toBe("https://accounts.example.com/auth");
    expect(result.current.pending).toBe(true);

    await postFromPopup({ type: OAUTH, kind: "connector", attemptId: "x", ok: true });
    await postFromPopup(toolMessage(), "https://attacker.example.com");
    expect(onDone).not.toHaveBeenCalled();

    await postFromPopup(toolMessage({ ok: false, message: "denied" }));
    expect(onDone).toHaveBeenCalledExactlyOnceWith({ ok: false, message: "denied" });
    expect(result.current.pending).toBe(false);
  });

  test("a success without a message", async () => {
    interceptPopups();
    const onDone = vi.fn();
    const { result } = renderHook(() => useOAuthPopup(onDone));
    act(() => result.current.open("https://accounts.example.com/auth"));
    await postFromPopup(toolMessage());
    expect(onDone).toHaveBeenCalledWith({ ok: true, message: "" });
  });

  test("a blocked popup is reported at once", () => {
    interceptPopups({ blocked: true });
    const onDone = vi.fn();
    const { result } = renderHook(() => useOAuthPopup(onDone));
    act(() => result.current.open("https://accounts.example.com/auth"));
    expect(onDone).toHaveBeenCalledWith({
      ok: false,
      message: "Your browser blocked the sign-in window. Allow pop-ups for this site and try again.",
    });
    expect(result.current.pending).toBe(false);
  });

  test("a closed popup ends the wait without a message", async () => {
    vi.useFakeTimers();
    const popups = interceptPopups();
    const onDone = vi.fn();
    const { result } = renderHook(() => useOAuthPopup(onDone));
    act(() => result.current.open("https://accounts.example.com/auth"));
    popups.last().close();
    await act(() => vi.advanceTimersByTimeAsync(1_000));
    expect(onDone).toHaveBeenCalledWith({ ok: false, message: "" });
    expect(result.current.pending).toBe(false);
  });

  test("opening again replaces the earlier wait; unmounting stops waiting", async () => {
    interceptPopups();
    const onDone = vi.fn();
    const { result, unmount } = renderHook(() => useOAuthPopup(onDone));
    act(() => result.current.open("https://accounts.example.com/auth"));
    act(() => result.current.open("https://accounts.example.com/auth"));
    await postFromPopup(toolMessage());
    expect(onDone).toHaveBeenCalledTimes(1);

    act(() => result.current.open("https://accounts.example.com/auth"));
    unmount();
    await postFromPopup(toolMessage());
    expect(onDone).toHaveBeenCalledTimes(1);
  });

  test("the latest callback is the one told", async () => {
    interceptPopups();
    const first = vi.fn();
    const second = vi.fn();
    const { result, rerender } = renderHook(({ cb }) => useOAuthPopup(cb), { initialProps: { cb: first } });
    act(() => result.current.open("https://accounts.example.com/auth"));
    rerender({ cb: second });
    await postFromPopup(toolMessage());
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledTimes(1);
  });
});
