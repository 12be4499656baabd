import { SignUpRequest, SignUpResponse } from "@/lib/schemas/auth";
import { Me } from "@/lib/schemas/session";
import { createTRPCRouter, protectedProcedure, publicProcedure } from "@/server/api/trpc";
import { signUp } from "@/server/auth/accounts";
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

  me: protectedProcedure
    .meta({ summary: "The signed-in user.", errors: ["UNAUTHENTICATED"] })
    .output(Me)
    .query(async ({ ctx }) => {
      const user = await findUserById(ctx.user.id);
      if (!user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Your account no longer exists." });
      return { id: user.id, email: user.email, name: user.name };
    }),
});
