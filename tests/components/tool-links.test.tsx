// @vitest-environment happy-dom
import "../support/components/setup";
import { screen, within } from "@testing-library/react";
import { expect, test } from "vitest";
import { ToolCard } from "@/components/chat/tool-card";
import { buildOutcome } from "../support/components/builders";
import { apiError } from "../support/components/fake-api";
import { renderWithApi } from "../support/components/render";

const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
const withLinks = buildOutcome({
  links: [
    { uri: "demo://readme", name: "Read me", description: "The project's readme" },
    { uri: "demo://logo", name: "Logo" },
    { uri: "demo://broken", name: "Broken" },
  ],
});

test("resource links open in the card, read through the app from the connector that named them", async () => {
  const { user, api } = renderWithApi(
    <ToolCard part={{ type: "dynamic-tool", toolCallId: "c1", state: "output-available", output: withLinks }} />,
    {
      "mcp.readResource": ({ uri }) => {
        if (uri === "demo://broken") throw apiError("TOOL_FAILED", "Dictionary could not read this resource.");
        const base = { connectorId: "conn_dict", connectorName: "Dictionary", uri, name: uri, truncated: false };
        return uri === "demo://readme"
          ? [
              { ...base, text: "# Hello", size: 7 },
              { ...base, size: 1024 },
            ]
          : [{ ...base, mimeType: "image/png", size: 70, image: PNG }];
      },
    },
  );
  const links = within(screen.getByTestId("tool-links"));
  expect(links.getByText("The project's readme")).toBeInTheDocument();
  const readme = links.getByRole("button", { name: "Read me" });
  expect(readme).toHaveAttribute("aria-expanded", "false");
  await user.click(readme);
  expect(readme).toHaveAttribute("aria-expanded", "true");
  expect(await screen.findByText("# Hello")).toBeInTheDocument();
  expect(screen.getByText("Binary content (1 KB), not shown.")).toBeInTheDocument();
  expect(api.inputsOf("mcp.readResource")).toEqual([{ connectorId: "conn_dict", uri: "demo://readme" }]);

  await user.click(links.getByRole("button", { name: "Logo" }));
  expect(await screen.findByRole("img", { name: "Logo" })).toHaveAttribute("src", `data:image/png;base64,${PNG}`);

  await user.click(links.getByRole("button", { name: "Broken" }));
  expect(await screen.findByRole("alert")).toHaveTextContent("Dictionary could not read this resource.");

  // Closing and opening again does not read again.
  await user.click(readme);
  await user.click(readme);
  expect(api.inputsOf("mcp.readResource")).toHaveLength(3);
});

test("a linked resource says when its text was cut, and describes binary content by size and type", async () => {
  const { user } = renderWithApi(
    <ToolCard
      part={{
        type: "dynamic-tool",
        toolCallId: "c2",
        state: "output-available",
        output: buildOutcome({ links: [{ uri: "demo://big", name: "Big" }] }),
      }}
    />,
    {
      "mcp.readResource": ({ uri }) => {
        const base = { connectorId: "conn_dict", connectorName: "Dictionary", uri, name: "Big" };
        return [
          { ...base, text: "x".repeat(50_000), size: 80_000, truncated: true },
          { ...base, mimeType: "application/zip", size: 3 * 1024, truncated: false },
        ];
      },
    },
  );
  await user.click(screen.getByRole("button", { name: "Big" }));
  expect(await screen.findByText("Cut to its first 50,000 characters.")).toBeInTheDocument();
  expect(screen.getByText("Binary content (3 KB, application/zip), not shown.")).toBeInTheDocument();
});
