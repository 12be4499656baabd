import { apiReference } from "@/server/api/reference";

export const dynamic = "force-dynamic";

export default function ApiReferencePage() {
  const procs = apiReference();
  return (
    <main className="container stack">
      <h1>API reference</h1>
      <p className="muted">
        Every tRPC procedure at <code>/api/trpc/&lt;path&gt;</code>, generated from the same schemas the app uses.
        Errors carry <code>data.appCode</code>.
      </p>
      {procs.map((p) => (
        <section key={p.path} className="panel stack" aria-labelledby={`proc-${p.path}`}>
          <h2 id={`proc-${p.path}`}>
            <code>{p.path}</code>{" "}
            <span className="muted small">
              {p.type}, {p.auth}
            </span>
          </h2>
          <p>{p.summary}</p>
          <p className="small">
            Errors:{" "}
            {p.errors.map((e) => (
              <code key={e} className="chip small">
                {e}
              </code>
            ))}
          </p>
          <details>
            <summary>Input</summary>
            <pre className="schema">{p.input ? JSON.stringify(p.input, null, 2) : "none"}</pre>
          </details>
          <details>
            <summary>Output</summary>
            <pre className="schema">{p.output ? JSON.stringify(p.output, null, 2) : "none"}</pre>
          </details>
        </section>
      ))}
    </main>
  );
}
