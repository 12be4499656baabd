"use client";

import { useLiveTest } from "@/components/connections/use-live-test";
import type { DatabaseTestRequest, DatabaseTestResponse, DatabaseTestStep } from "@/lib/schemas/databases";
import { api } from "@/trpc/react";

/**
 * The live connection test of the database form. One test runs at a time; Cancel aborts
 * the request, which stops the test on the server too.
 */
export function useDatabaseTest() {
  const utils = api.useUtils();
  const { state, run, cancel } = useLiveTest<DatabaseTestRequest, DatabaseTestStep, DatabaseTestResponse>(
    (request, signal) => utils.client.databases.testLive.mutate(request, { signal }),
  );
  return { ...state, run, cancel };
}
