import { PageHeader, PageMain } from "@/components/layout/page";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { apiReference } from "@/server/api/reference";

export const dynamic = "force-dynamic";

function Schema({ value, label }: { value: unknown; label: string }) {
  // Scrolls on its own: focusable so keyboard users can scroll it too.
  return (
    <pre tabIndex={0} aria-label={label} className="max-h-96 overflow-auto rounded-lg bg-subtle p-3 text-xs">
      {value ? JSON.stringify(value, null, 2) : "none"}
    </pre>
  );
}

export default function ApiReferencePage() {
  const procs = apiReference();
  return (
    <PageMain>
      <PageHeader
        title="API reference"
        description={
          <>
            Every tRPC procedure at <code>/api/trpc/&lt;path&gt;</code>, generated from the same schemas the app uses.
            Errors carry <code>data.appCode</code>.
          </>
        }
      />
      {procs.map((p) => (
        <Card as="section" key={p.path} aria-labelledby={`proc-${p.path}`} className="flex min-w-0 flex-col gap-2">
          <div className="flex flex-wrap items-center gap-2">
            <h2 id={`proc-${p.path}`} className="min-w-0 font-mono text-base font-semibold break-all">
              {p.path}
            </h2>
            <Badge tone="accent">{p.type}</Badge>
            <Badge>{p.auth}</Badge>
          </div>
          <p className="text-sm">{p.summary}</p>
          <p className="flex flex-wrap items-center gap-1 text-sm">
            <span className="text-muted">Errors:</span>
            {p.errors.map((e) => (
              <code key={e} className="rounded bg-subtle px-1.5 py-0.5 text-xs">
                {e}
              </code>
            ))}
          </p>
          <Tabs defaultValue="input">
            <TabsList label={`${p.path} schemas`}>
              <TabsTrigger value="input">Input</TabsTrigger>
              <TabsTrigger value="output">Output</TabsTrigger>
            </TabsList>
            <TabsContent value="input">
              <Schema value={p.input} label={`${p.path} input schema`} />
            </TabsContent>
            <TabsContent value="output">
              <Schema value={p.output} label={`${p.path} output schema`} />
            </TabsContent>
          </Tabs>
        </Card>
      ))}
    </PageMain>
  );
}
