// @vitest-environment happy-dom
import "../support/components/setup";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { PathnameContext } from "next/dist/shared/lib/hooks-client-context.shared-runtime";
import { expect, test } from "vitest";
import { AppHeader } from "@/components/layout/app-header";
import { interceptNavigation, scriptFetch } from "../support/components/browser";

function renderHeader() {
  const user = userEvent.setup();
  render(
    <PathnameContext.Provider value="/dashboard">
      <AppHeader email="ann@example.com" />
    </PathnameContext.Provider>,
  );
  return user;
}

const signOutRoutes = () =>
  scriptFetch({
    "GET /api/auth/csrf": () => Response.json({ csrfToken: "csrf-token" }),
    "POST /api/auth/signout": () => Response.json({ url: `${window.location.origin}/signin` }),
  });

test("the account menu shows who is signed in and signs out to the sign-in page", async () => {
  const net = signOutRoutes();
  const visited = interceptNavigation();
  const user = renderHeader();
  expect(screen.getByTestId("current-user")).toHaveTextContent("ann@example.com");
  await user.click(screen.getByRole("button", { name: "Account: ann@example.com" }));
  const menu = await screen.findByRole("menu");
  expect(menu).toHaveTextContent("Signed in as ann@example.com");
  await user.click(within(menu).getByRole("menuitem", { name: "Sign out" }));
  await waitFor(() => expect(visited).toEqual([`${window.location.origin}/signin`]));
  expect(net.formsSentTo("/api/auth/signout")).toEqual([
    expect.objectContaining({ csrfToken: "csrf-token", callbackUrl: "/signin" }),
  ]);
});

test("on a phone the menu button opens the navigation in a drawer, which a link closes", async () => {
  const user = renderHeader();
  await user.click(screen.getByRole("button", { name: "Open the menu" }));
  const drawer = await screen.findByRole("dialog", { name: "Menu" });
  expect(within(drawer).getByRole("link", { name: "Connectors" })).toHaveAttribute("aria-current", "page");
  expect(drawer).toHaveTextContent("Signed in as ann@example.com");
  await user.click(within(drawer).getByRole("link", { name: "Analytics" }));
  await waitFor(() => expect(screen.queryByRole("dialog", { name: "Menu" })).not.toBeInTheDocument());
});

test("signing out from the drawer says it is under way", async () => {
  signOutRoutes();
  interceptNavigation();
  const user = renderHeader();
  await user.click(screen.getByRole("button", { name: "Open the menu" }));
  const drawer = await screen.findByRole("dialog", { name: "Menu" });
  await user.click(within(drawer).getByRole("button", { name: "Sign out" }));
  expect(within(drawer).getByRole("button", { name: "Signing out…" })).toBeDisabled();
});

test("the account menu and the drawer lead to the account page", async () => {
  const visited = interceptNavigation();
  const user = renderHeader();
  await user.click(screen.getByRole("button", { name: "Account: ann@example.com" }));
  await user.click(within(await screen.findByRole("menu")).getByRole("menuitem", { name: "Account and password" }));
  await waitFor(() => expect(visited).toEqual(["/dashboard/account"]));
  await user.click(screen.getByRole("button", { name: "Open the menu" }));
  const drawer = await screen.findByRole("dialog");
  expect(within(drawer).getByRole("link", { name: "Account and password" })).toHaveAttribute(
    "href",
    "/dashboard/account",
  );
});
