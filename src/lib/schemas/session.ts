import { z } from "zod";

export const Me = z.object({ id: z.string(), email: z.string(), name: z.string().nullable() });
export type Me = z.infer<typeof Me>;
