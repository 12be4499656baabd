import { z } from "zod";

export const PASSWORD_MIN_LENGTH = 10;

export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "Email address is too long")
  .pipe(z.email("Enter a valid email address, like name@example.com"));

export const Password = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `Password must be at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(200, "Password must be at most 200 characters");

export const SignUpRequest = z.object({
  name: z.string().trim().max(100, "Name must be at most 100 characters").optional(),
  email: Email,
  password: Password,
});
export type SignUpRequest = z.infer<typeof SignUpRequest>;

export const SignUpResponse = z.object({ id: z.string(), email: z.string() });
export type SignUpResponse = z.infer<typeof SignUpResponse>;

export const ChangePasswordRequest = z
  .object({ currentPassword: z.string().min(1, "Enter your current password"), newPassword: Password })
  .refine((v) => v.currentPassword !== v.newPassword, {
    message: "The new password must differ from the current one",
    path: ["newPassword"],
  });
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequest>;

export const SignInRequest = z.object({ email: Email, password: z.string().min(1, "Enter your password") });

/** Codes the credentials provider reports to the sign-in form. */
export const SIGN_IN_ERRORS = {
  INVALID_CREDENTIALS: "Wrong email or password.",
  RATE_LIMITED: "Too many failed sign-ins. Wait a little and try again.",
  VALIDATION: "Enter a valid email address and your password.",
} as const;
