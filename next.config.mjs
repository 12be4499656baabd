/** @type {import('next').NextConfig} */

const dev = process.env.NODE_ENV !== "production";
const https = (process.env.NEXTAUTH_URL ?? "").startsWith("https://");

// Next inlines small bootstrap scripts and styles, hence 'unsafe-inline'; React's dev
// tooling needs eval. Nothing is loaded from other origins, and no site may frame us.
const csp = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  // Audio a tool returned plays from a data: URL (size-capped, formats browsers play).
  "media-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "object-src 'none'",
].join("; ");

const securityHeaders = [
  { key: "Content-Security-Policy", value: csp },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
  ...(https ? [{ key: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains" }] : []),
];

// What MCP App frames may be granted (src/lib/schemas/mcp-apps.ts, APP_PERMISSIONS).
const appDelegation = "camera=*, microphone=*, geolocation=*, clipboard-write=*";

const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // PGlite ships Wasm and data files it loads from its own folder; pg and pino have
  // optional native or worker parts. All must run from node_modules, not the bundle.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pglite-prisma-adapter",
    "pg",
    "pino",
    "@prisma/client",
    "@prisma/adapter-pg",
  ],
  // Lint and type checks run as their own CI steps (npm run lint, npm run typecheck).
  eslint: { ignoreDuringBuilds: true },
  typescript: { ignoreBuildErrors: true },
  async headers() {
    // An MCP App's frame brings its own policy (src/server/connectors/app-frame.ts): it must
    // be framable by this app, and its policy must not list 'self'.
    return [
      { source: "/:path((?!api/mcp-apps/frame).*)", headers: securityHeaders },
      // The signed-in pages (one document across client-side navigation) show MCP Apps. A
      // feature their server declared reaches an app's frame only if this page may delegate
      // it: Chromium checks the page's policy against the frame's origin, which the sandbox
      // makes opaque, so only `*` delegates. No frame gets a feature without its own `allow`
      // attribute (set to what its server declared) and the frame's own policy (the same).
      { source: "/dashboard/:path*", headers: [{ key: "Permissions-Policy", value: appDelegation }] },
    ];
  },
};

export default nextConfig;
