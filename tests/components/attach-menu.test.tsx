// @vitest-environment happy-dom
import "../support/components/setup";
import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, test, vi } from "vitest";
import { AttachMenu } from "@/components/chat/attach-menu";
import type { ResourceContent, ResourceListing } from "@/lib/schemas/mcp";
import { buildConnector } from "../support/components/builders";
import { apiError, type Handlers } from "../support/components/fake-api";
import { renderWithApi } from "../support/components/render";

const docs = buildConnector({ id: "conn_docs", name: "Docs" });
const photos = buildConnector({ id: "conn_photos", name: "Photos" });
const listing = (name: string, resources: ResourceListing["resources"] = []): ResourceListing => ({
  connectorName: name,
  resources,
  templates: [],
});
const logo: ResourceContent = {
  connectorId: "conn_photos",
  connectorName: "Photos",
  uri: "photos://logo.png",
  name: "logo.png",
  mimeType: "image/png",
  size: 70,
  truncated: false,
  image: "iVBORw0KGgo=",
};

function renderMenu(handlers: Handlers, count = 0) {
  const onAttach = vi.fn();
  const r = renderWithApi(<AttachMenu count={count} onAttach={onAttach} />, handlers);
  return { ...r, onAttach };
}

describe("the Attach dialog", () => {
  test("with no connector turned on, it says where to add one", async () => {
    const { user } = renderMenu({ "connectors.list": () => [buildConnector({ name: "Off", enabled: false })] });
    await user.click(screen.getByRole("button", { name: "Attach a resource" }));
    expect(await screen.findByText(/No connector is turned on/)).toBeInTheDocument();
    expect(screen.queryByRole("combobox", { name: "Connector" })).toBeNull();
  });

  test("is used by keyboard: another connector is chosen, its resource attached; an image's data stays behind", async () => {
    const { user, api, onAttach } = renderMenu({
      "connectors.list": () => [docs, photos],
      "mcp.resources": ({ connectorId }) =>
        connectorId === "conn_photos"
          ? listing("Photos", [{ uri: logo.uri, name: "logo.png", mimeType: "image/png" }])
          : listing("Docs"),
      "mcp.readResource": () => [logo],
    });
    screen.getByRole("button", { name: "Attach a resource" }).focus();
    await user.keyboard("{Enter}");
    const dialog = await screen.findByRole("dialog", { name: "Attach a resource" });
    expect(await within(dialog).findByText("Docs offers no resources.")).toBeInTheDocument();
    await user.selectOptions(within(dialog).getByRole("combobox", { name: "Connector" }), "Photos");
    const attach = await within(dialog).findByRole("button", { name: "Attach logo.png" });
    expect(within(dialog).getByText("photos://logo.png · image/png")).toBeInTheDocument();
    attach.focus();
    await user.keyboard("{Enter}");
    await waitFor(() => expect(onAttach).toHaveBeenCalledTimes(1));
    const { image: _image, ...withoutImage } = logo;
    expect(onAttach).toHaveBeenCalledWith([withoutImage]);
    expect(api.inputsOf("mcp.readResource")).toEqual([{ connectorId: "conn_photos", uri: logo.uri, name: "logo.png" }]);
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
  });

  test("a connector whose resources cannot be listed says why", async () => {
    const { user } = renderMenu({
      "connectors.list": () => [docs],
      "mcp.resources": () => {
        throw apiError("TIMEOUT", "Docs did not answer in time.");
      },
    });
    await user.click(screen.getByRole("button", { name: "Attach a resource" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Docs did not answer in time.");
  });

  test("once a message has as many attachments as it may, nothing more can be attached", async () => {
    const { user, onAttach } = renderMenu(
      {
        "connectors.list": () => [docs],
        "mcp.resources": () => ({
          ...listing("Docs", [{ uri: "demo://a", name: "a.md", description: "The A file" }]),
          templates: [{ uriTemplate: "demo://{id}", name: "By id", variables: ["id"] }],
        }),
      },
      5,
    );
    await user.click(screen.getByRole("button", { name: "Attach a resource" }));
    const dialog = await screen.findByRole("dialog");
    expect(await within(dialog).findByText("At most 5 resources go with one message.")).toBeInTheDocument();
    expect(within(dialog).getByText("The A file")).toBeInTheDocument();
    expect(within(dialog).getByRole("button", { name: "Attach a.md" })).toBeDisabled();
    await user.click(within(dialog).getByRole("button", { name: "Fill in" }));
    expect(within(dialog).getByRole("button", { name: "Close", expanded: true })).toBeInTheDocument();
    expect(within(dialog).getByRole("button", { name: "Attach By id" })).toBeDisabled();
    expect(onAttach).not.toHaveBeenCalled();
  });

  test("a template the server cannot fill says why and keeps the dialog open", async () => {
    const { user, api, onAttach } = renderMenu({
      "connectors.list": () => [docs],
      "mcp.resources": () => ({
        ...listing("Docs"),
        templates: [{ uriTemplate: "demo://{id}", name: "By id", variables: ["id"] }],
      }),
      // Suggestions that fail leave the field to type in.
      "mcp.complete": () => {
        throw apiError("TOOL_FAILED", "Docs sent an answer that cannot be used.");
      },
      "mcp.readTemplate": () => {
        throw apiError("TOOL_ERROR", "Docs answered: no such id");
      },
    });
    await user.click(screen.getByRole("button", { name: "Attach a resource" }));
    const dialog = await screen.findByRole("dialog");
    await user.click(await within(dialog).findByRole("button", { name: "Fill in" }));
    await user.type(within(dialog).getByRole("combobox", { name: "id" }), "9{Enter}");
    expect(await within(dialog).findByRole("alert")).toHaveTextContent("Docs answered: no such id");
    expect(within(dialog).getAllByRole("alert")).toHaveLength(1);
    expect(within(dialog).getByTestId("suggestions-id").querySelectorAll("option")).toHaveLength(0);
    expect(api.inputsOf("mcp.readTemplate")).toEqual([
      { connectorId: "conn_docs", uriTemplate: "demo://{id}", values: { id: "9" }, name: "By id (9)" },
    ]);
    expect(onAttach).not.toHaveBeenCalled();
  });
});
