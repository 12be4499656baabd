// Sign-ins in progress, for every OAuth flow of the app (Gmail and connectors): the
// `state` of an authorization request with its PKCE verifier, redirect URI, public
// context and, encrypted, whatever secret the flow keeps until the callback.
import {
  claimPendingAttempt,
  createAttempt,
  deleteAttempt,
  findCompletedAttempt,
  spendAttempt,
  storeAttemptResult,
  type AttemptRecord,
} from "@/server/db/oauth-states";
import { oauthAttemptBinding } from "@/server/platform/bindings";
import { decryptCredentials, encryptCredentials } from "@/server/platform/encryption";
import { randomBytes } from "node:crypto";

export const ATTEMPT_TTL_MS = 10 * 60 * 1000;

export type Attempt<C> = Omit<AttemptRecord, "context"> & { context: C };

/** A fresh state value: unguessable, URL-safe. */
export function newState(): string {
  return randomBytes(24).toString("base64url");
}

export async function startAttempt<C, S>(a: {
  state: string;
  userId: string;
  purpose: string;
  codeVerifier: string;
  redirectUri: string;
  context: C;
  secret?: S;
}): Promise<void> {
  await createAttempt({
    state: a.state,
    userId: a.userId,
    purpose: a.purpose,
    codeVerifier: a.codeVerifier,
    redirectUri: a.redirectUri,
    context: a.context,
    encryptedResult:
      a.secret === undefined ? null : encryptCredentials(a.secret, oauthAttemptBinding(a.userId, a.state)).ciphertext,
    expiresAt: new Date(Date.now() + ATTEMPT_TTL_MS),
  });
}

/**
 * The callback's claim on a pending attempt of this user: once only, so a replayed answer
 * finds nothing. With `spendIfForeign`, a state presented by another account is spent too.
 */
export async function claimAttempt<C>(
  userId: string,
  state: string,
  purpose: string,
  opts: { spendIfForeign?: boolean } = {},
): Promise<Attempt<C> | null> {
  const mine = state ? await claimPendingAttempt(userId, state, purpose) : null;
  if (!mine && state && opts.spendIfForeign) await spendAttempt(state);
  return mine as Attempt<C> | null;
}

export function attemptSecret<S>(attempt: { userId: string; state: string; encryptedResult: string | null }): S | null {
  return attempt.encryptedResult
    ? decryptCredentials<S>(attempt.encryptedResult, oauthAttemptBinding(attempt.userId, attempt.state))
    : null;
}

/** Keeps what the callback produced (tokens) for the form that saves the connector. */
export async function finishAttempt<S>(userId: string, state: string, secret: S): Promise<void> {
  await storeAttemptResult(state, encryptCredentials(secret, oauthAttemptBinding(userId, state)).ciphertext);
}

export async function completedAttempt<C>(userId: string, state: string, purpose: string): Promise<Attempt<C> | null> {
  return (await findCompletedAttempt(userId, state, purpose)) as Attempt<C> | null;
}

export async function forgetAttempt(userId: string, state: string): Promise<void> {
  await deleteAttempt(userId, state);
}
