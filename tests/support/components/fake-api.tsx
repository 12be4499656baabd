// A real tRPC client and React Query provider whose one link answers from a map of
// procedure path -> handler: components run their real hooks, tests script the server.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, waitFor } from "@testing-library/react";
import { TRPCClientError, type TRPCLink } from "@trpc/client";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { observable } from "@trpc/server/observable";
import type { ReactNode } from "react";
import { ERROR_CODES, type AppErrorCode } from "@/lib/errors";
import type { AppRouter } from "@/server/api/root";
import { api } from "@/trpc/react";

type Inputs = inferRouterInputs<AppRouter>;
type Outputs = inferRouterOutputs<AppRouter>;
type RouterName = Extract<keyof Inputs, string>;

/** "connectors.list", "tools.connect", …: every procedure of the app's router. */
export type ProcedurePath = { [R in RouterName]: `${R}.${keyof Inputs[R] & string}` }[RouterName];
export type InputOf<P extends ProcedurePath> = P extends `${infer R}.${infer N}`
  ? R extends RouterName
    ? N extends keyof Inputs[R]
      ? Inputs[R][N]
      : never
    : never
  : never;
export type OutputOf<P extends ProcedurePath> = P extends `${infer R}.${infer N}`
  ? R extends RouterName
    ? N extends keyof Outputs[R]
      ? Outputs[R][N]
      : never
    : never
  : never;
export type Handler<P extends ProcedurePath> = (input: InputOf<P>) => OutputOf<P> | Promise<OutputOf<P>>;
export type Handlers = { [P in ProcedurePath]?: Handler<P> };

// The tRPC codes the server's error formatter derives from each domain code.
const JSON_RPC_CODES: Record<string, number> = {
  BAD_REQUEST: -32600,
  UNAUTHORIZED: -32001,
  FORBIDDEN: -32003,
  NOT_FOUND: -32004,
  CONFLICT: -32009,
  PRECONDITION_FAILED: -32012,
  TOO_MANY_REQUESTS: -32029,
  CLIENT_CLOSED_REQUEST: -32099,
  BAD_GATEWAY: -32602,
  INTERNAL_SERVER_ERROR: -32603,
};

/**
 * The error a procedure answers, shaped like the server's error formatter
 * (src/server/api/trpc.ts): message, `appCode`, optional `details` and zod `fieldErrors`.
 */
export function apiError(
  appCode: AppErrorCode,
  message: string,
  extra: { details?: Record<string, unknown>; fieldErrors?: { path: string[]; message: string }[] } = {},
): TRPCClientError<AppRouter> {
  const code = ERROR_CODES[appCode];
  return TRPCClientError.from<AppRouter>({
    error: {
      code: JSON_RPC_CODES[code] ?? -32603,
      message,
      data: { code, httpStatus: 400, path: undefined, appCode, requestId: "test", ...extra },
    },
  });
}

export type Call = { path: string; type: string; input: unknown };

const live = new Set<FakeApi>();

export type FakeApi = ReturnType<typeof createFakeApi>;

export function createFakeApi(initial: Handlers = {}) {
  const handlers = new Map<string, (input: unknown) => unknown>(
    Object.entries(initial) as [string, (input: unknown) => unknown][],
  );
  const calls: Call[] = [];
  /** Procedures a component called that the test did not script: reported after the test. */
  const unhandled: string[] = [];
  const queryClient = new QueryClient({
    // No retries: an error state must show on the first failure, without waiting.
    defaultOptions: { queries: { staleTime: 5_000, retry: false }, mutations: { retry: false } },
  });

  const link: TRPCLink<AppRouter> =
    () =>
    ({ op }) =>
      observable((observer) => {
        let open = true;
        calls.push({ path: op.path, type: op.type, input: op.input });
        const handler = handlers.get(op.path);
        void (async () => {
          try {
            if (!handler) {
              unhandled.push(op.path);
              throw apiError("INTERNAL", `No fake answer for ${op.path}`);
            }
            const data = await handler(op.input);
            if (!open) return;
            observer.next({ result: { type: "data", data } });
            observer.complete();
          } catch (err) {
            if (open) observer.error(TRPCClientError.from(err instanceof Error ? err : new Error(String(err))));
          }
        })();
        return () => {
          open = false;
        };
      });

  const client = api.createClient({ links: [link] });

  function Wrapper({ children }: { children: ReactNode }) {
    return (
      <api.Provider client={client} queryClient={queryClient}>
        <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
      </api.Provider>
    );
  }

  const fake = {
    Wrapper,
    queryClient,
    calls,
    unhandled,
    /** Scripts (or re-scripts) one procedure. */
    on<P extends ProcedurePath>(path: P, handler: Handler<P>) {
      handlers.set(path, handler as (input: unknown) => unknown);
      return fake;
    },
    /** Waits until no query or mutation is in flight and React has rendered the answers. */
    async settled() {
      await waitFor(() => {
        if (queryClient.isFetching() + queryClient.isMutating() > 0) throw new Error("Requests still in flight");
      });
      await act(() => new Promise((resolve) => setTimeout(resolve, 0)));
    },
    /** The inputs a procedure was called with, oldest first. */
    inputsOf<P extends ProcedurePath>(path: P): InputOf<P>[] {
      return calls.filter((c) => c.path === path).map((c) => c.input as InputOf<P>);
    },
  };
  live.add(fake);
  return fake;
}

/** Ends every fake of the test; throws when a component called a procedure nobody scripted. */
export function closeFakeApis() {
  const missing = [...live].flatMap((f) => f.unhandled);
  for (const f of live) f.queryClient.clear();
  live.clear();
  if (missing.length > 0) throw new Error(`Unscripted procedures were called: ${[...new Set(missing)].join(", ")}`);
}
