// @vitest-environment happy-dom
import "../support/components/setup";
import { render, screen, within } from "@testing-library/react";
import { expect, test } from "vitest";
import { ToolCard, toolNameOf, type ToolPart } from "@/components/chat/tool-card";
import { toolLabel } from "@/components/chat/tool-label";
import { buildAvailableTool, buildOutcome } from "../support/components/builders";

const part = (overrides: Partial<ToolPart>): ToolPart => ({
  type: "tool-Dictionary_1a2b3c__lookup",
  toolCallId: "call_1",
  state: "input-available",
  input: { word: "hello" },
  ...overrides,
});

const card = () => screen.getByTestId("tool-card");
const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

test("a running call is named as people know the tool, never by the model's name", () => {
  const tools = [buildAvailableTool({ name: "Dictionary_1a2b3c__lookup", label: "Dictionary › Look up a word" })];
  render(<ToolCard part={part({ state: "input-streaming" })} tools={tools} />);
  expect(within(card()).getByTestId("tool-label")).toHaveTextContent("Dictionary › Look up a word");
  expect(card()).not.toHaveTextContent("1a2b3c");
  expect(card()).toHaveTextContent("running…");
  expect(card()).toHaveTextContent('"word": "hello"');
  expect(within(card()).queryByTestId("tool-result")).not.toBeInTheDocument();
});

test("a finished call shows its label, how long it took and its result, as Markdown for a connector", async () => {
  render(
    <ToolCard
      part={part({
        state: "output-available",
        output: buildOutcome({ text: "lookup: **a greeting**", label: "Dictionary › Look up a word" }),
      })}
    />,
  );
  expect(card()).toHaveTextContent("Dictionary › Look up a word42 ms");
  expect(card()).not.toHaveTextContent("running…");
  expect(card()).toHaveTextContent("Result");
  const result = within(card()).getByTestId("tool-result");
  expect(await within(result).findByText("a greeting", { selector: "strong" })).toBeInTheDocument();
});

test("labels fall back to the connector and tool of the outcome, then to the tool part of the model's name", () => {
  expect(toolLabel("x", buildOutcome({ label: undefined }), undefined)).toBe("Dictionary › lookup");
  expect(
    toolLabel(
      "x",
      buildOutcome({
        label: undefined,
        tool: "gmail_search",
        source: { kind: "system", toolId: "gmail", toolName: "gmail_search" },
      }),
      [],
    ),
  ).toBe("gmail_search");
  expect(toolLabel("Everything_HTTP_df1d23__trigger-long-running-operation", undefined, [])).toBe(
    "trigger-long-running-operation",
  );
  expect(toolLabel("weather", undefined, undefined)).toBe("weather");
});

test("a system tool says it is built in", () => {
  render(
    <ToolCard
      part={part({
        state: "output-available",
        output: buildOutcome({
          tool: "gmail_search_messages",
          label: "Gmail › Search Gmail",
          source: { kind: "system", toolId: "gmail", toolName: "gmail_search_messages" },
        }),
      })}
    />,
  );
  expect(card()).toHaveTextContent("Gmail › Search Gmail42 ms · built-in tool");
});

test("links in a built-in tool's result can be followed: this app's downloads download, others open in a new tab", () => {
  render(
    <ToolCard
      part={part({
        state: "output-available",
        output: buildOutcome({
          text: "Download: [CSV](/api/export/results/r1?format=csv) or see https://example.com/docs.",
          source: { kind: "system", toolId: "export", toolName: "export_results" },
        }),
      })}
    />,
  );
  const result = within(card()).getByTestId("tool-result");
  const links = within(result).getAllByRole("link");
  expect(links.map((a) => a.getAttribute("href"))).toEqual([
    "/api/export/results/r1?format=csv",
    "https://example.com/docs.",
  ]);
  expect(links[0]).toHaveAttribute("download");
  expect(links[1]).toHaveAttribute("target", "_blank");
  expect(links[1]).toHaveAttribute("rel", "noopener noreferrer");
});

test("images a tool returned are shown inline, described by the tool that made them", () => {
  render(
    <ToolCard
      part={part({
        state: "output-available",
        output: buildOutcome({ label: "Charts › Draw", images: [{ mimeType: "image/png", data: PNG }] }),
      })}
    />,
  );
  const img = within(card()).getByRole("img", { name: "Image 1 returned by Charts › Draw" });
  expect(img).toHaveAttribute("src", `data:image/png;base64,${PNG}`);
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
  expect(card()).toHaveTextContent(/Running:lookup/);
  rerender(<ToolCard part={part({ state: "output-available", output: buildOutcome({}) })} />);
  expect(card()).toHaveAttribute("data-status", "ok");
  expect(card()).toHaveTextContent(/Done:\w/);
  rerender(<ToolCard part={part({ state: "output-available", output: buildOutcome({ ok: false }) })} />);
  expect(card()).toHaveAttribute("data-status", "failed");
  expect(card()).toHaveTextContent(/Failed:\w/);
});

test("a running call shows the server's latest progress and message", () => {
  render(<ToolCard part={part({})} progress={{ toolCallId: "call_1", progress: 3, total: 4, message: "Indexing" }} />);
  expect(within(card()).getByRole("progressbar", { name: "Tool progress" })).toHaveAttribute("aria-valuenow", "75");
  expect(within(card()).getByTestId("tool-progress")).toHaveTextContent("Indexing (3 of 4)");
});

test("progress without a total shows the count, and none is shown once the call is done", () => {
  const { rerender } = render(<ToolCard part={part({})} progress={{ toolCallId: "call_1", progress: 7 }} />);
  expect(within(card()).queryByRole("progressbar")).not.toBeInTheDocument();
  expect(within(card()).getByTestId("tool-progress")).toHaveTextContent("(7)");
  rerender(
    <ToolCard
      part={part({ state: "output-available", output: buildOutcome() })}
      progress={{ toolCallId: "call_1", progress: 7 }}
    />,
  );
  expect(within(card()).queryByTestId("tool-progress")).not.toBeInTheDocument();
});

test("structured results show as a table of rows, or as a tree; a mismatch with the output schema is shown", () => {
  const { rerender } = render(
    <ToolCard
      part={part({
        state: "output-available",
        output: buildOutcome({
          structured: {
            rows: [
              { city: "Oslo", temp: 3 },
              { city: "Rome", temp: null },
            ],
          },
        }),
      })}
    />,
  );
  const table = within(card()).getByRole("table");
  expect(
    within(table)
      .getAllByRole("columnheader")
      .map((c) => c.textContent),
  ).toEqual(["city", "temp"]);
  expect(within(table).getAllByRole("row")[2]).toHaveTextContent("Romenull");
  rerender(
    <ToolCard
      part={part({
        state: "output-available",
        output: buildOutcome({
          structured: { weather: { temp: "warm", tags: ["sun", true] }, empty: [] },
          structuredError: "The result does not match the tool's output schema: data/weather/temp must be number",
        }),
      })}
    />,
  );
  expect(within(card()).getByTestId("structured-warning")).toBeInTheDocument();
  expect(within(card()).getByTestId("structured-mismatch")).toHaveTextContent("data/weather/temp must be number");
  expect(within(card()).getByTestId("tool-structured")).toHaveTextContent("weathertemp: warmtags0: sun1: trueempty[ ]");
});

test("audio a tool returned plays in the card, described by the tool", () => {
  render(
    <ToolCard
      part={part({
        state: "output-available",
        output: buildOutcome({ label: "Radio › Play", audio: [{ mimeType: "audio/wav", data: "AAAA" }] }),
      })}
    />,
  );
  const audio = within(card()).getByTestId("tool-audio");
  expect(audio).toHaveAttribute("src", "data:audio/wav;base64,AAAA");
  expect(audio).toHaveAttribute("aria-label", "Audio 1 returned by Radio › Play");
});
