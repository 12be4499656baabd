// Imported first by every component test (which runs in happy-dom): jest-dom matchers,
// unmounting after each test, and fakes that must not leak into the next test.
import "@testing-library/jest-dom/vitest";
import { cleanup, configure } from "@testing-library/react";
import { afterEach, vi } from "vitest";
import { closeScriptedFetches } from "./browser";
import { closeFakeApis } from "./fake-api";

// Answers arrive through promises and streams: allow a loaded machine more than the default 1 s.
configure({ asyncUtilTimeout: 5_000 });

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  const problems = [closeFakeApis, closeScriptedFetches].flatMap((close) => {
    try {
      close();
      return [];
    } catch (err) {
      return [err];
    }
  });
  if (problems.length > 0) throw problems[0];
});
