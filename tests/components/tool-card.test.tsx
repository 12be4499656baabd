// @vitest-environment happy-dom
import "../support/components/setup";
import { render, screen, within } from "@testing-library/react";
import { expect, test } from "vitest";
import { ToolCard, toolNameOf, type ToolPart } from "@/components/chat/tool-card";
import { buildOutcome } from "../support/components/builders";

const part = (overrides: Partial<ToolPart>): ToolPart => ({
  type: "tool-dictionary__lookup",
  toolCallId: "call_1",
  state: "input-available",
  input: { word: "hello" },
  ...overrides,
});

const card = () => screen.getByTestId("tool-card");

test("a running call shows the tool's name, its arguments and that it is running", () => {
  render(<ToolCard part={part({ state: "input-streaming" })} />);
  expect(card()).toHaveTextContent("dictionary__lookup");
  expect(card()).toHaveTextContent("running…");
  expect(card()).toHaveTextContent('"word": "hello"');
  expect(within(card()).queryByTestId("tool-result")).not.toBeInTheDocument();
});

test("a finished call shows where it ran, how long it took and its result", () => {
  render(<ToolCard part={part({ state: "output-available", output: buildOutcome({ text: "lookup: a greeting" }) })} />);
  expect(card()).toHaveTextContent("lookup on Dictionary · 42 ms");
  expect(card()).not.toHaveTextContent("running…");
  expect(card()).toHaveTextContent("Result");
  expect(within(card()).getByTestId("tool-result")).toHaveTextContent("lookup: a greeting");
});

test("a system tool is named as such", () => {
  render(
    <ToolCard
      part={part({
        state: "output-available",
        output: buildOutcome({
          tool: "search_email",
          source: { kind: "system", toolId: "gmail", toolName: "search_email" },
        }),
      })}
    />,
  );
  expect(card()).toHaveTextContent("search_email on system tool");
});

test("a tool that reported an error shows the error and its code", () => {
  render(
    <ToolCard
      part={part({
        state: "output-available",
        output: buildOutcome({ ok: false, errorCode: "TIMEOUT", text: "The tool did not answer in 60 s." }),
      })}
    />,
  );
  expect(card()).toHaveTextContent("Error (TIMEOUT)");
  expect(card()).not.toHaveTextContent("Result");
  expect(within(card()).getByTestId("tool-result")).toHaveTextContent("The tool did not answer in 60 s.");
});

test("a call that failed before answering shows the error text", () => {
  render(<ToolCard part={part({ state: "output-error", errorText: "Connection reset" })} />);
  expect(card()).toHaveTextContent("Error");
  expect(card()).not.toHaveTextContent("running…");
  expect(within(card()).getByTestId("tool-result")).toHaveTextContent("Connection reset");
});

test("the tool's name comes from the part's type, or from dynamic tools' own name", () => {
  expect(toolNameOf(part({ type: "tool-weather" }))).toBe("weather");
  expect(toolNameOf(part({ type: "dynamic-tool", toolName: "notes__read" }))).toBe("notes__read");
  expect(toolNameOf(part({ type: "dynamic-tool" }))).toBe("tool");
  render(<ToolCard part={part({ type: "dynamic-tool", toolName: "notes__read", input: undefined })} />);
  expect(card()).toHaveTextContent("notes__read");
  expect(card()).toHaveTextContent("{}");
});

test("running, done and failed are told apart without the icon, for screen readers and tests", () => {
  const { rerender } = render(<ToolCard part={part({ state: "input-streaming" })} />);
  expect(card()).toHaveAttribute("data-status", "running");
  expect(card()).toHaveTextContent(/Running:dictionary__lookup/);
  rerender(<ToolCard part={part({ state: "output-available", output: buildOutcome({}) })} />);
  expect(card()).toHaveAttribute("data-status", "ok");
  expect(card()).toHaveTextContent(/Done:\w/);
  rerender(<ToolCard part={part({ state: "output-available", output: buildOutcome({ ok: false }) })} />);
  expect(card()).toHaveAttribute("data-status", "failed");
  expect(card()).toHaveTextContent(/Failed:\w/);
});
