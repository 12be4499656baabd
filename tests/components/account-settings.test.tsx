// @vitest-environment happy-dom
import "../support/components/setup";
import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, test } from "vitest";
import { AccountSettings } from "@/components/account/account-settings";
import { apiError } from "../support/components/fake-api";
import { interceptNavigation, nextAuthRoutes, scriptFetch } from "../support/components/browser";
import { renderWithApi } from "../support/components/render";

describe("account settings", () => {
  function renderSettings(handlers: Parameters<typeof renderWithApi>[1] = {}, signInError?: () => string | null) {
    const net = scriptFetch({
      ...nextAuthRoutes({ signInError: signInError ?? (() => null) }),
      "POST /api/auth/signout": () => Response.json({ url: `${window.location.origin}/signin` }),
    });
    const visited = interceptNavigation();
    const r = renderWithApi(<AccountSettings email="ann@example.com" />, {
      "account.changePassword": () => ({ ok: true as const }),
      "account.signOutEverywhere": () => ({ ok: true as const }),
      ...handlers,
    });
    const form = within(screen.getByRole("form", { name: "Change password" }));
    return {
      ...r,
      net,
      visited,
      form,
      async submit(current: string, next: string) {
        if (current) await r.user.type(form.getByLabelText(/^Current password/), current);
        if (next) await r.user.type(form.getByLabelText(/^New password/), next);
        await r.user.click(form.getByRole("button", { name: "Change password" }));
      },
    };
  }

  test("changes the password, then signs this browser in again with the new one", async () => {
    const f = renderSettings();
    await f.submit("old password here", "a brand new password");
    expect(await f.form.findByRole("status")).toHaveTextContent(
      "Password changed. Every other session has been signed out.",
    );
    expect(f.api.inputsOf("account.changePassword")).toEqual([
      { currentPassword: "old password here", newPassword: "a brand new password" },
    ]);
    expect(f.net.formsSentTo("/api/auth/callback/credentials")).toEqual([
      expect.objectContaining({ email: "ann@example.com", password: "a brand new password" }),
    ]);
    expect(f.form.getByLabelText(/^Current password/)).toHaveValue("");
  });

  test("checks the fields before asking the server", async () => {
    const f = renderSettings();
    await f.submit("same password 1", "same password 1");
    expect(f.form.getByText("The new password must differ from the current one")).toBeInTheDocument();
    await f.user.clear(f.form.getByLabelText(/^New password/));
    await f.user.type(f.form.getByLabelText(/^New password/), "short");
    await f.user.click(f.form.getByRole("button", { name: "Change password" }));
    expect(f.form.getByText("Password must be at least 10 characters")).toBeInTheDocument();
    expect(f.form.getByLabelText(/^New password/)).toHaveAttribute("aria-invalid", "true");
    expect(f.api.inputsOf("account.changePassword")).toEqual([]);
  });

  test("a wrong current password is shown on its field; other errors above the form", async () => {
    let answer = "INVALID_CREDENTIALS" as "INVALID_CREDENTIALS" | "RATE_LIMITED";
    const f = renderSettings({
      "account.changePassword": () => {
        throw apiError(answer, answer === "RATE_LIMITED" ? "Too many failed sign-ins. Try again in 30 s." : "x");
      },
    });
    await f.submit("wrong password!", "a brand new password");
    expect(await f.form.findByText("The current password is wrong.")).toBeInTheDocument();
    answer = "RATE_LIMITED";
    await f.user.click(f.form.getByRole("button", { name: "Change password" }));
    expect(await f.form.findByRole("alert")).toHaveTextContent("Too many failed sign-ins. Try again in 30 s.");
  });

  test("if signing in again fails, goes to the sign-in page", async () => {
    const f = renderSettings({}, () => "RATE_LIMITED:30");
    await f.submit("old password here", "a brand new password");
    await waitFor(() => expect(f.visited).toEqual(["/signin?callbackUrl=%2Fdashboard%2Faccount"]));
  });

  test("signs out everywhere, then out of this browser", async () => {
    const f = renderSettings();
    await f.user.click(screen.getByRole("button", { name: "Sign out everywhere" }));
    await waitFor(() => expect(f.visited).toEqual([`${window.location.origin}/signin`]));
    expect(f.api.calls.map((c) => c.path)).toContain("account.signOutEverywhere");
  });
});
