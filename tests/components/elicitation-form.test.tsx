// @vitest-environment happy-dom
import "../support/components/setup";
import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, test, vi } from "vitest";
import { ElicitationCard } from "@/components/chat/elicitation-form";
import { parseRequestedSchema, type ElicitationView } from "@/lib/schemas/elicitation";
import { apiError } from "../support/components/fake-api";
import { renderWithApi } from "../support/components/render";

const schema = parseRequestedSchema({
  type: "object",
  properties: {
    name: { type: "string", title: "Name" },
    email: { type: "string", title: "Email", format: "email" },
    birthday: { type: "string", title: "Birthday", format: "date", default: "1815-12-10" },
    at: { type: "string", title: "Meeting", format: "date-time", default: "2026-12-07T10:00:00Z" },
    count: { type: "integer", title: "Count", minimum: 1, default: 2 },
    agree: { type: "boolean", title: "Agree", default: true },
    hero: {
      type: "string",
      title: "Hero",
      oneOf: [
        { const: "h1", title: "Superman" },
        { const: "h2", title: "Batman" },
      ],
      default: "h2",
    },
    fish: {
      type: "array",
      title: "Fish",
      items: {
        anyOf: [
          { const: "f1", title: "Tuna" },
          { const: "f2", title: "Trout" },
        ],
      },
      default: ["f1"],
      maxItems: 1,
    },
  },
  required: ["name"],
});
if (!schema.ok) throw new Error(schema.error);

const view = (overrides: Partial<ElicitationView> = {}): ElicitationView => ({
  id: "el_1",
  connectorName: "Weather",
  message: "Who is asking?",
  mode: "form",
  fields: schema.fields,
  expiresAt: "2030-01-01T00:00:00.000Z",
  status: "pending",
  ...overrides,
});

describe("a form question", () => {
  test("names the connector, prefills the defaults, and sends the typed answer", async () => {
    const onClosed = vi.fn();
    const { user, api } = renderWithApi(<ElicitationCard view={view()} onClosed={onClosed} />, {
      "agent.answerQuestion": (input) => ({ ...view(), status: input.action === "accept" ? "accepted" : "declined" }),
    });
    const form = screen.getByRole("form", { name: "Weather asks" });
    expect(screen.getByText("Who is asking?")).toBeInTheDocument();
    expect(within(form).getByLabelText("Birthday")).toHaveValue("1815-12-10");
    expect(within(form).getByLabelText("Count")).toHaveValue("2");
    expect(within(form).getByRole("checkbox", { name: "Agree" })).toBeChecked();
    expect(within(form).getByLabelText("Hero")).toHaveValue("h2");
    expect(within(form).getByRole("checkbox", { name: "Tuna" })).toBeChecked();
    expect(within(form).getByLabelText("Email")).toHaveAttribute("type", "email");

    // Checked before sending: required fields and formats, focus on the first problem.
    await user.type(within(form).getByLabelText("Email"), "ada@");
    await user.click(screen.getByRole("button", { name: "Submit" }));
    expect(await screen.findByText("Required")).toBeInTheDocument();
    expect(screen.getByText("Enter an email address")).toBeInTheDocument();
    expect(within(form).getByLabelText("Name *")).toHaveFocus();
    expect(api.inputsOf("agent.answerQuestion")).toEqual([]);

    await user.type(within(form).getByLabelText("Name *"), "Ada");
    await user.clear(within(form).getByLabelText("Email"));
    await user.click(within(form).getByRole("checkbox", { name: "Trout" }));
    await user.click(screen.getByRole("button", { name: "Submit" }));
    expect(await screen.findByText("Choose at most 1")).toBeInTheDocument();
    await user.click(within(form).getByRole("checkbox", { name: "Tuna" }));
    await user.click(screen.getByRole("button", { name: "Submit" }));

    expect(await screen.findByRole("status")).toHaveTextContent("You answered.");
    const [sent] = api.inputsOf("agent.answerQuestion");
    expect(sent).toEqual({
      id: "el_1",
      action: "accept",
      content: {
        name: "Ada",
        birthday: "1815-12-10",
        at: "2026-12-07T10:00:00.000Z",
        count: 2,
        agree: true,
        hero: "h2",
        fish: ["f2"],
      },
    });
    expect(onClosed).toHaveBeenCalled();
  });

  test("decline and cancel send no content", async () => {
    const { user, api } = renderWithApi(<ElicitationCard view={view()} />, {
      "agent.answerQuestion": (input) => ({ ...view(), status: input.action === "cancel" ? "cancelled" : "declined" }),
    });
    await user.click(screen.getByRole("button", { name: "Decline" }));
    expect(await screen.findByRole("status")).toHaveTextContent("You declined.");
    expect(api.inputsOf("agent.answerQuestion")).toEqual([{ id: "el_1", action: "decline" }]);
  });

  test("an answer the server refuses (too late) is explained and the form stays", async () => {
    const { user } = renderWithApi(<ElicitationCard view={view()} />, {
      "agent.answerQuestion": () => {
        throw apiError("ELICITATION_CLOSED", "This question was already timed out.");
      },
    });
    await user.click(screen.getByRole("button", { name: "Cancel" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("This question was already timed out.");
  });

  test("a question that timed out says so and offers nothing to press", () => {
    renderWithApi(<ElicitationCard view={view({ status: "expired" })} />);
    expect(screen.getByRole("status")).toHaveTextContent("Nobody answered in time, so it was cancelled.");
    expect(screen.queryByRole("button")).not.toBeInTheDocument();
  });
});

describe("a URL question", () => {
  const urlView = view({
    mode: "url",
    fields: [],
    url: "https://auth.example.com/verify?x=1",
    domain: "auth.example.com",
  });

  test("shows the domain, opens only when the user agrees, then lets them open again, finish or cancel", async () => {
    const open = vi.spyOn(window, "open").mockReturnValue(null);
    const { user, api } = renderWithApi(<ElicitationCard view={urlView} />, {
      "agent.answerQuestion": () => ({ ...urlView, status: "accepted" }),
    });
    expect(screen.getByTestId("elicitation-domain")).toHaveTextContent("auth.example.com");
    expect(open).not.toHaveBeenCalled();
    await user.click(screen.getByRole("button", { name: "Open auth.example.com" }));
    expect(open).toHaveBeenCalledWith("https://auth.example.com/verify?x=1", "_blank", "noopener,noreferrer");
    await user.click(screen.getByRole("button", { name: "Open again" }));
    expect(open).toHaveBeenCalledTimes(2);
    expect(screen.getByRole("button", { name: "Cancel" })).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Done" }));
    await waitFor(() => expect(api.inputsOf("agent.answerQuestion")).toEqual([{ id: "el_1", action: "accept" }]));
    expect(await screen.findByRole("status")).toHaveTextContent("Done.");
    open.mockRestore();
  });

  test("finished by the server itself (its completion notice): says so, with nothing left to press", () => {
    renderWithApi(<ElicitationCard view={{ ...urlView, status: "accepted", completedByServer: true }} />);
    expect(screen.getByRole("status")).toHaveTextContent(`${urlView.connectorName} says this step is done.`);
    expect(screen.queryByRole("button")).not.toBeInTheDocument();
  });

  test("can be declined without opening anything", async () => {
    const open = vi.spyOn(window, "open").mockReturnValue(null);
    const { user, api } = renderWithApi(<ElicitationCard view={urlView} />, {
      "agent.answerQuestion": () => ({ ...urlView, status: "declined" }),
    });
    await user.click(screen.getByRole("button", { name: "Decline" }));
    await waitFor(() => expect(api.inputsOf("agent.answerQuestion")).toEqual([{ id: "el_1", action: "decline" }]));
    expect(open).not.toHaveBeenCalled();
    open.mockRestore();
  });
});
