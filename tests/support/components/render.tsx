import { render } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ReactElement } from "react";
import { createFakeApi, type Handlers } from "./fake-api";

/** Renders a component inside the app's tRPC + React Query providers, answered by `handlers`. */
export function renderWithApi(ui: ReactElement, handlers: Handlers = {}) {
  const api = createFakeApi(handlers);
  const user = userEvent.setup();
  return { user, api, ...render(ui, { wrapper: api.Wrapper }) };
}
