"use client";

/** A server's tools by name with their descriptions. */
export function ToolList({
  tools,
  label,
  className = "",
  empty,
}: {
  tools: { name: string; description?: string }[];
  label?: string;
  className?: string;
  empty?: string;
}) {
  return (
    <ul className={`tool-list ${className}`.trim()} aria-label={label}>
      {tools.length === 0 && empty && <li className="muted">{empty}</li>}
      {tools.map((t) => (
        <li key={t.name}>
          <code>{t.name}</code>
          {t.description && <span className="muted"> {t.description}</span>}
        </li>
      ))}
    </ul>
  );
}
