import { createCaller } from "@/server/api/root";
import { createContext } from "@/server/api/trpc";
import { signUp } from "@/server/auth/accounts";

let counter = 0;

/** Creates a real user through the sign-up service and returns a caller acting as them. */
export async function signedInCaller(overrides: { email?: string; password?: string } = {}) {
  counter += 1;
  const email = overrides.email ?? `user${counter}-${Date.now()}@example.com`;
  const user = await signUp({ email, password: overrides.password ?? "a long enough password" });
  return { user, caller: createCaller(createContext({ user: { id: user.id, email: user.email, name: null } })) };
}

export function anonymousCaller() {
  return createCaller(createContext({ user: null }));
}
