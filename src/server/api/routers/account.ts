import { ChangePasswordRequest, SignUpRequest, SignUpResponse } from "@/lib/schemas/auth";
import { z } from "zod";
import { Me } from "@/lib/schemas/session";
import { createTRPCRouter, protectedProcedure, publicProcedure } from "@/server/api/trpc";
import { changePassword, signOutEverywhere, signUp } from "@/server/auth/accounts";
import { limitSignUps } from "@/server/auth/rate-limit";
import { findUserById } from "@/server/db/users";
import { TRPCError } from "@trpc/server";

export const accountRouter = createTRPCRouter({
  signUp: publicProcedure
    .meta({
      summary: "Create an account with email and password.",
      errors: ["VALIDATION", "EMAIL_TAKEN", "RATE_LIMITED"],
    })
    .input(SignUpRequest)
    .output(SignUpResponse)
    .mutation(async ({ ctx, input }) => {
      await limitSignUps(ctx.ip);
      return signUp(input);
    }),

  changePassword: protectedProcedure
    .meta({
      summary: "Change the password; every session ends, this one included (sign in again with the new one).",
      errors: ["VALIDATION", "INVALID_CREDENTIALS", "RATE_LIMITED"],
    })
    .input(ChangePasswordRequest)
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await changePassword(ctx.user.id, input, ctx.ip);
      return { ok: true as const };
    }),

  signOutEverywhere: protectedProcedure
    .meta({ summary: "End every session of the signed-in user, on every device.", errors: ["UNAUTHENTICATED"] })
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx }) => {
      await signOutEverywhere(ctx.user.id);
      return { ok: true as const };
    }),

  me: protectedProcedure
    .meta({ summary: "The signed-in user.", errors: ["UNAUTHENTICATED"] })
    .output(Me)
    .query(async ({ ctx }) => {
      const user = await findUserById(ctx.user.id);
      if (!user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Your account no longer exists." });
      return { id: user.id, email: user.email, name: user.name };
    }),
});
