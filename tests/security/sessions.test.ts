// Finding: sessions were 30-day JWTs with no server-side revocation and there was no
// password change. Sessions now carry the account's session version, checked on every
// request; a password change or "sign out everywhere" raises it.
import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { authenticate } from "@/server/auth/accounts";
import { authOptions } from "@/server/auth/options";
import { requestUser } from "@/server/auth/session";
import { secrets } from "@/server/platform/secrets";
import { useTestDatabase } from "../support/db";
import { appRequest } from "../support/session";
import { signedInCaller } from "../support/trpc";
import { count } from "./report";
import { fromPeer, trpcMutation } from "./support";

useTestDatabase();

type Jwt = NonNullable<NonNullable<ReturnType<typeof authOptions>["callbacks"]>["jwt"]>;

/** The session cookie next-auth issues at sign-in, through the app's own jwt callback. */
async function signInCookie(email: string, password: string): Promise<string> {
  const user = await authenticate({ email, password }, "192.0.2.50");
  const jwt = authOptions().callbacks!.jwt as Jwt;
  const token = await jwt({ token: { sub: user.id, email }, user, account: null });
  return `next-auth.session-token=${await encode({ token, secret: secrets().authSecret })}`;
}

const signedInAs = async (cookie: string) => (await requestUser(appRequest("/api/trpc/account.me", { cookie })))?.email;

describe("sessions", () => {
  it("a password change ends every other session, and the old password stops working", async () => {
    await signedInCaller({ email: "phone-and-laptop@example.com", password: "the first password" });
    const phone = await signInCookie("phone-and-laptop@example.com", "the first password");
    const laptop = await signInCookie("phone-and-laptop@example.com", "the first password");
    expect(await signedInAs(phone)).toBe("phone-and-laptop@example.com");

    count("probes");
    const changed = await trpcMutation(
      "account.changePassword",
      { currentPassword: "the first password", newPassword: "the second password" },
      fromPeer("192.0.2.50", { cookie: laptop, origin: "http://localhost:3000" }),
    );
    expect(changed).toEqual({ status: 200, appCode: undefined, message: undefined });
    expect(await signedInAs(phone)).toBeUndefined();
    expect(await signedInAs(laptop)).toBeUndefined();
    count("refused");
    const me = await trpcMutation("account.signOutEverywhere", undefined, fromPeer("192.0.2.50", { cookie: phone }));
    expect(me.status).toBe(401);
    await expect(
      authenticate({ email: "phone-and-laptop@example.com", password: "the first password" }, "192.0.2.51"),
    ).rejects.toMatchObject({ code: "INVALID_CREDENTIALS" });
    const again = await signInCookie("phone-and-laptop@example.com", "the second password");
    expect(await signedInAs(again)).toBe("phone-and-laptop@example.com");
  });

  it("a wrong current password changes nothing", async () => {
    await signedInCaller({ email: "careful@example.com", password: "the first password" });
    const cookie = await signInCookie("careful@example.com", "the first password");
    count("probes");
    const res = await trpcMutation(
      "account.changePassword",
      { currentPassword: "not my password", newPassword: "the second password" },
      fromPeer("192.0.2.52", { cookie }),
    );
    expect(res).toMatchObject({
      status: 401,
      appCode: "INVALID_CREDENTIALS",
      message: "The current password is wrong.",
    });
    count("refused");
    expect(await signedInAs(cookie)).toBe("careful@example.com");
    expect(
      (await authenticate({ email: "careful@example.com", password: "the first password" }, "192.0.2.53")).id,
    ).toBeTruthy();
  });

  it("sign out everywhere ends every session of the account, and no other account's", async () => {
    await signedInCaller({ email: "everywhere@example.com", password: "the first password" });
    await signedInCaller({ email: "bystander@example.com", password: "the first password" });
    const a = await signInCookie("everywhere@example.com", "the first password");
    const b = await signInCookie("everywhere@example.com", "the first password");
    const other = await signInCookie("bystander@example.com", "the first password");
    const res = await trpcMutation("account.signOutEverywhere", undefined, fromPeer("192.0.2.54", { cookie: a }));
    expect(res.status).toBe(200);
    count("probes", 2);
    expect([await signedInAs(a), await signedInAs(b)]).toEqual([undefined, undefined]);
    count("refused", 2);
    expect(await signedInAs(other)).toBe("bystander@example.com");
  });

  it("a sign-in with GitHub or Google carries the account's current version", async () => {
    const { user } = await signedInCaller({ email: "oauth@example.com" });
    const cookie = await signInCookie("oauth@example.com", "a long enough password");
    await trpcMutation("account.signOutEverywhere", undefined, fromPeer("192.0.2.55", { cookie }));
    const jwt = authOptions().callbacks!.jwt as Jwt;
    const token = await jwt({
      token: { sub: user.id },
      user: { id: user.id, email: user.email },
      account: null,
    });
    expect(token.sv).toBe(1);
  });
});
