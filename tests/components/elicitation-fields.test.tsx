// @vitest-environment happy-dom
import "../support/components/setup";
import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, test } from "vitest";
import { ElicitationCard } from "@/components/chat/elicitation-form";
import { parseRequestedSchema, type ElicitationView, type ElicitField } from "@/lib/schemas/elicitation";
import { renderWithApi } from "../support/components/render";

function fields(properties: Record<string, unknown>, required: string[] = []): ElicitField[] {
  const parsed = parseRequestedSchema({ type: "object", properties, required });
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.fields;
}

const view = (f: ElicitField[], overrides: Partial<ElicitationView> = {}): ElicitationView => ({
  id: "el_2",
  connectorName: "Travel",
  message: "Plan the trip",
  mode: "form",
  fields: f,
  expiresAt: "2030-01-01T00:00:00.000Z",
  status: "pending",
  ...overrides,
});

// Every kind of field, none prefilled: what the user types is what is sent, typed.
const trip = fields(
  {
    city: { type: "string", title: "City", description: "Where to" },
    site: { type: "string", title: "Website", format: "uri" },
    leave: { type: "string", title: "Leaves at", format: "date-time" },
    nights: { type: "number", title: "Nights" },
    pets: { type: "boolean", title: "Pets", description: "Bringing animals" },
    seat: { type: "string", title: "Seat", enum: ["w", "a"], enumNames: ["Window", "Aisle"] },
    meals: {
      type: "array",
      title: "Meals",
      description: "Pick any",
      items: { enum: ["veg", "fish"] },
      minItems: 1,
    },
    notes: { type: "array", title: "Extras", items: { enum: ["wifi", "towel"] } },
  },
  ["city", "meals"],
);

describe("every kind of field, by keyboard", () => {
  test("fields are reached with Tab, filled by typing, Space and choosing, and Enter sends typed values", async () => {
    const { user, api } = renderWithApi(<ElicitationCard view={view(trip)} />, {
      "agent.answerQuestion": () => ({ ...view(trip), status: "accepted" }),
    });
    const form = screen.getByRole("form", { name: "Travel asks" });
    expect(within(form).getByLabelText("Website")).toHaveAttribute("type", "url");
    expect(within(form).getByLabelText("Leaves at")).toHaveAttribute("type", "datetime-local");
    expect(within(form).getByLabelText("Nights")).toHaveAttribute("inputmode", "decimal");
    expect(within(form).getByLabelText("Seat")).toHaveValue("");
    expect(within(form).getByText("Bringing animals")).toBeInTheDocument();
    expect(within(form).getByText("Pick any")).toBeInTheDocument();

    // Nothing filled in: the required ones say so, next to the field, focus on the first.
    await user.click(within(form).getByRole("button", { name: "Submit" }));
    expect(within(form).getAllByText("Required")).toHaveLength(1);
    const meals = within(form).getByRole("group", { name: "Meals *" });
    expect(meals).toHaveAttribute("aria-invalid", "true");
    expect(within(meals).getByText("Choose at least 1")).toBeInTheDocument();
    expect(within(form).getByLabelText("City *")).toHaveFocus();

    await user.keyboard("Lisbon");
    await user.tab();
    expect(within(form).getByLabelText("Website")).toHaveFocus();
    await user.keyboard("https://example.com/trip");
    await user.tab();
    await user.keyboard("2030-05-01T09:30");
    await user.tab();
    await user.keyboard("2.5");
    await user.tab();
    expect(within(form).getByRole("checkbox", { name: "Pets" })).toHaveFocus();
    await user.keyboard(" ");
    await user.tab();
    await user.selectOptions(within(form).getByLabelText("Seat"), "Aisle");
    await user.click(within(form).getByRole("checkbox", { name: "fish" }));
    await user.click(within(form).getByRole("checkbox", { name: "veg" }));
    await user.click(within(form).getByRole("checkbox", { name: "veg" }));
    within(form).getByLabelText("City *").focus();
    await user.keyboard("{Enter}");

    expect(await screen.findByRole("status")).toHaveTextContent("You answered.");
    expect(api.inputsOf("agent.answerQuestion")).toEqual([
      {
        id: "el_2",
        action: "accept",
        content: {
          city: "Lisbon",
          site: "https://example.com/trip",
          leave: new Date("2030-05-01T09:30").toISOString(),
          nights: 2.5,
          pets: true,
          seat: "a",
          meals: ["fish"],
        },
      },
    ]);
  });

  test("a number that is not one is explained before anything is sent", async () => {
    const { user, api } = renderWithApi(
      <ElicitationCard view={view(fields({ n: { type: "integer", title: "Guests" } }))} />,
    );
    await user.type(screen.getByLabelText("Guests"), "two");
    await user.click(screen.getByRole("button", { name: "Submit" }));
    expect(await screen.findByText("Enter a number")).toBeInTheDocument();
    expect(api.inputsOf("agent.answerQuestion")).toEqual([]);
  });

  test("a date-time default is shown in local time; one that is not a date starts empty", () => {
    const at = "2030-01-02T03:04:00.000Z";
    const withDefault = fields({ at: { type: "string", title: "At", format: "date-time", default: at } });
    const { unmount } = renderWithApi(<ElicitationCard view={view(withDefault)} />);
    const local = new Date(new Date(at).getTime() - new Date(at).getTimezoneOffset() * 60_000)
      .toISOString()
      .slice(0, 16);
    expect(screen.getByLabelText("At")).toHaveValue(local);
    unmount();
    // A view whose default the browser cannot read (the server checked it; the field stays usable).
    const [field] = withDefault;
    renderWithApi(<ElicitationCard view={view([{ ...field!, default: "soon" } as ElicitField])} />);
    expect(screen.getByLabelText("At")).toHaveValue("");
  });
});

describe("how a question ends", () => {
  test("an answer that cannot be sent says why and keeps the form to try again", async () => {
    const { user } = renderWithApi(<ElicitationCard view={view(fields({ ok: { type: "boolean", title: "OK" } }))} />, {
      "agent.answerQuestion": () => {
        throw new Error("socket hang up");
      },
    });
    await user.click(screen.getByRole("button", { name: "Submit" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("socket hang up");
    expect(screen.getByRole("form", { name: "Travel asks" })).toBeInTheDocument();
  });

  test("the server's final word replaces the form: answered elsewhere, or cancelled", async () => {
    const f = fields({ ok: { type: "boolean", title: "OK" } });
    const { rerender } = renderWithApi(<ElicitationCard view={view(f)} />);
    expect(screen.getByRole("form")).toBeInTheDocument();
    rerender(<ElicitationCard view={view(f, { status: "cancelled" })} />);
    await waitFor(() => expect(screen.getByRole("status")).toHaveTextContent("Cancelled."));
    expect(screen.queryByRole("form")).toBeNull();
    expect(screen.getByTestId("elicitation")).toHaveAttribute("data-status", "cancelled");
  });
});
