// Tailwind CSS v4 runs as a PostCSS plugin in Next's build: the output is one stylesheet,
// which the Content-Security-Policy allows (no inline styles or scripts of its own).
export default { plugins: { "@tailwindcss/postcss": {} } };
