// Signed-out visitors of /dashboard/* go to sign-in and come back afterwards.
import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { secrets } from "@/server/platform/secrets";

export async function middleware(req: NextRequest) {
  const token = await getToken({ req, secret: secrets().authSecret });
  if (token) return NextResponse.next();
  const url = req.nextUrl.clone();
  url.pathname = "/signin";
  url.search = `?callbackUrl=${encodeURIComponent(req.nextUrl.pathname + req.nextUrl.search)}`;
  return NextResponse.redirect(url);
}

export const config = { matcher: ["/dashboard/:path*"], runtime: "nodejs" };
