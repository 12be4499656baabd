// @vitest-environment happy-dom
import "../support/components/setup";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, test } from "vitest";
import { OAuthButtons } from "@/components/auth/oauth-buttons";
import { SignInForm, signInErrorMessage } from "@/components/auth/sign-in-form";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { apiError } from "../support/components/fake-api";
import { interceptNavigation, nextAuthRoutes, scriptFetch } from "../support/components/browser";
import { renderWithApi } from "../support/components/render";

const CALLBACK = "/dashboard/schema-agent";

describe("sign-in form", () => {
  function renderSignIn(opts: { signInError?: () => string | null; oauthError?: string } = {}) {
    const net = scriptFetch(nextAuthRoutes({ signInError: opts.signInError }));
    const visited = interceptNavigation();
    const user = userEvent.setup();
    render(<SignInForm callbackUrl={CALLBACK} providers={[]} oauthError={opts.oauthError} />);
    const form = within(screen.getByRole("form", { name: "Sign in" }));
    return {
      user,
      net,
      visited,
      form,
      async submit(email: string, password: string) {
        if (email) await user.type(form.getByLabelText(/^Email/), email);
        if (password) await user.type(form.getByLabelText(/^Password/), password);
        await user.click(form.getByRole("button", { name: "Sign in" }));
      },
    };
  }

  test("signs in with the credentials entered and goes on to the page asked for", async () => {
    const f = renderSignIn({ signInError: () => null });
    await f.submit("  Ann@Example.com ", "correct horse battery");
    await waitFor(() => expect(f.visited).toEqual([CALLBACK]));
    expect(f.net.formsSentTo("/api/auth/callback/credentials")).toEqual([
      expect.objectContaining({
        email: "ann@example.com",
        password: "correct horse battery",
        callbackUrl: CALLBACK,
        csrfToken: "csrf-token",
      }),
    ]);
    expect(f.form.queryByRole("alert")).not.toBeInTheDocument();
  });

  test("checks the fields before asking the server", async () => {
    const f = renderSignIn();
    await f.submit("not-an-email", "");
    expect(f.form.getByText("Enter a valid email address, like name@example.com")).toBeInTheDocument();
    expect(f.form.getByLabelText(/^Email/)).toHaveAttribute("aria-invalid", "true");
    expect(f.form.getByText("Enter your password")).toBeInTheDocument();
    expect(f.form.getByLabelText(/^Password/)).toHaveAttribute("aria-invalid", "true");
    expect(f.net.calls).toEqual([]);
  });

  test("wrong credentials are reported and the form can be used again", async () => {
    const f = renderSignIn({ signInError: () => "INVALID_CREDENTIALS" });
    await f.submit("ann@example.com", "wrong password");
    expect(await f.form.findByRole("alert")).toHaveTextContent("Wrong email or password.");
    expect(f.form.getByRole("button", { name: "Sign in" })).toBeEnabled();
    expect(f.visited).toEqual([]);
  });

  test("a throttled sign-in says how long to wait", async () => {
    const f = renderSignIn({ signInError: () => "RATE_LIMITED:42" });
    await f.submit("ann@example.com", "wrong password");
    expect(await f.form.findByRole("alert")).toHaveTextContent("Too many failed sign-ins. Try again in 42 seconds.");
  });

  test("while the server answers the button says so and cannot be pressed twice", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const routes = nextAuthRoutes({ signInError: () => "INVALID_CREDENTIALS" });
    scriptFetch({
      ...routes,
      "POST /api/auth/callback/credentials": async (call) => {
        await gate;
        return routes["POST /api/auth/callback/credentials"]!(call);
      },
    });
    const user = userEvent.setup();
    render(<SignInForm callbackUrl={CALLBACK} providers={[]} />);
    await user.type(screen.getByLabelText(/^Email/), "ann@example.com");
    await user.type(screen.getByLabelText(/^Password/), "pw");
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByRole("button", { name: "Signing in…" })).toBeDisabled();
    release();
    expect(await screen.findByRole("alert")).toHaveTextContent("Wrong email or password.");
  });

  test("an error from a provider sign-in is shown on arrival", () => {
    renderSignIn({ oauthError: "OAuthAccountNotLinked" });
    expect(screen.getByRole("alert")).toHaveTextContent(
      "This email already has an account with a password. Sign in with your password.",
    );
  });

  test("links to sign-up, keeping where to go next", () => {
    renderSignIn();
    expect(screen.getByRole("link", { name: "Create an account" })).toHaveAttribute(
      "href",
      `/signup?callbackUrl=${encodeURIComponent(CALLBACK)}`,
    );
  });

  test("error codes become sentences", () => {
    expect(signInErrorMessage("CredentialsSignin")).toBe("Wrong email or password.");
    expect(signInErrorMessage("RATE_LIMITED")).toBe("Too many failed sign-ins. Try again in a few seconds.");
    expect(signInErrorMessage("VALIDATION")).toBe("Enter a valid email address and your password.");
    expect(signInErrorMessage("Callback")).toBe("Sign-in failed. Please try again.");
  });
});

describe("sign-up form", () => {
  function renderSignUp(opts: { signUp?: () => { id: string; email: string }; signInError?: () => string | null }) {
    scriptFetch(nextAuthRoutes({ signInError: opts.signInError ?? (() => null) }));
    const visited = interceptNavigation();
    const r = renderWithApi(<SignUpForm callbackUrl={CALLBACK} providers={[]} />, {
      "account.signUp": opts.signUp ?? (({ email }) => ({ id: "u1", email })),
    });
    const form = within(screen.getByRole("form", { name: "Create an account" }));
    return {
      ...r,
      visited,
      form,
      async submit(fields: { name?: string; email?: string; password?: string }) {
        if (fields.name) await r.user.type(form.getByLabelText(/^Name/), fields.name);
        if (fields.email) await r.user.type(form.getByLabelText(/^Email/), fields.email);
        if (fields.password) await r.user.type(form.getByLabelText(/^Password/), fields.password);
        await r.user.click(form.getByRole("button", { name: "Create account" }));
      },
    };
  }

  test("creates the account, signs in and goes on", async () => {
    const f = renderSignUp({});
    await f.submit({ name: "Ann", email: "ann@example.com", password: "a long enough password" });
    await waitFor(() => expect(f.visited).toEqual([CALLBACK]));
    expect(f.api.inputsOf("account.signUp")).toEqual([
      { name: "Ann", email: "ann@example.com", password: "a long enough password" },
    ]);
  });

  test("the name is optional", async () => {
    const f = renderSignUp({});
    await f.submit({ email: "ann@example.com", password: "a long enough password" });
    await waitFor(() => expect(f.visited).toEqual([CALLBACK]));
    expect(f.api.inputsOf("account.signUp")).toEqual([
      { email: "ann@example.com", password: "a long enough password" },
    ]);
  });

  test("checks the fields before creating anything", async () => {
    const f = renderSignUp({});
    await f.submit({ email: "ann@", password: "short" });
    expect(f.form.getByText("Enter a valid email address, like name@example.com")).toBeInTheDocument();
    expect(f.form.getByText("Password must be at least 10 characters")).toBeInTheDocument();
    expect(f.form.getByLabelText(/^Password/)).toHaveAttribute("aria-invalid", "true");
    expect(f.api.inputsOf("account.signUp")).toEqual([]);
  });

  test("an email already taken is reported", async () => {
    const f = renderSignUp({
      signUp: () => {
        throw apiError("EMAIL_TAKEN", "An account with this email already exists.");
      },
    });
    await f.submit({ email: "ann@example.com", password: "a long enough password" });
    expect(await f.form.findByRole("alert")).toHaveTextContent("An account with this email already exists.");
    expect(f.form.getByRole("button", { name: "Create account" })).toBeEnabled();
    expect(f.visited).toEqual([]);
  });

  test("the server's field errors show by their field", async () => {
    const f = renderSignUp({
      signUp: () => {
        throw apiError("VALIDATION", "Invalid input", {
          fieldErrors: [{ path: ["password"], message: "Password must be at most 200 characters" }],
        });
      },
    });
    await f.submit({ email: "ann@example.com", password: "a long enough password" });
    expect(await f.form.findByText("Password must be at most 200 characters")).toBeInTheDocument();
    expect(f.form.getByLabelText(/^Password/)).toHaveAttribute("aria-invalid", "true");
  });

  test("an account created but not signed in says to sign in", async () => {
    const f = renderSignUp({ signInError: () => "RATE_LIMITED:30" });
    await f.submit({ email: "ann@example.com", password: "a long enough password" });
    expect(await f.form.findByRole("alert")).toHaveTextContent(
      "Your account was created, but signing in failed. Please sign in.",
    );
    expect(f.visited).toEqual([]);
  });

  test("links to sign-in, keeping where to go next", () => {
    renderSignUp({});
    expect(screen.getByRole("link", { name: "Sign in" })).toHaveAttribute(
      "href",
      `/signin?callbackUrl=${encodeURIComponent(CALLBACK)}`,
    );
  });
});

describe("provider buttons and sign-out", () => {
  test("only configured providers are offered; choosing one starts its sign-in", async () => {
    const net = scriptFetch(nextAuthRoutes({ providers: ["github"] }));
    const visited = interceptNavigation();
    const user = userEvent.setup();
    render(<OAuthButtons providers={["github"]} callbackUrl={CALLBACK} />);
    expect(screen.queryByRole("button", { name: "Continue with Google" })).not.toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Continue with GitHub" }));
    await waitFor(() => expect(visited).toEqual(["https://github.example.com/authorize?client_id=app"]));
    expect(net.formsSentTo("/api/auth/signin/github")).toEqual([expect.objectContaining({ callbackUrl: CALLBACK })]);
  });

  test("no providers, no buttons", () => {
    const { container } = render(<OAuthButtons providers={[]} callbackUrl={CALLBACK} />);
    expect(container).toBeEmptyDOMElement();
  });

  test("both providers when both are configured", () => {
    render(<OAuthButtons providers={["github", "google"]} callbackUrl={CALLBACK} />);
    expect(screen.getAllByRole("button").map((b) => b.textContent)).toEqual([
      "Continue with GitHub",
      "Continue with Google",
    ]);
  });
});
