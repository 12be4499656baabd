"use client";

import { ArrowLeft, RefreshCw, Search } from "lucide-react";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { Input } from "@/components/ui/field";
import { RelativeTime } from "@/components/ui/relative-time";
import { Spinner } from "@/components/ui/spinner";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { api } from "@/trpc/react";
import { relationKey, RelationDetails } from "./relation-details";
import { searchRelations } from "./schema-search";

// The diagram library and its layout engine load only when the Diagram tab is opened.
const SchemaDiagram = dynamic(() => import("./schema-diagram").then((m) => m.SchemaDiagram), {
  ssr: false,
  loading: () => <p className="p-3 text-sm text-muted">Loading the diagram…</p>,
});

/** A database's tables and views, searchable, and a diagram of their foreign keys. */
export function SchemaBrowser({ id }: { id: string }) {
  const schema = api.databases.schema.useQuery({ id }, { retry: false });
  const utils = api.useUtils();
  const refresh = api.databases.refreshSchema.useMutation({
    onSuccess: (data) => {
      utils.databases.schema.setData({ id }, data);
      void utils.databases.list.invalidate();
    },
  });
  const [query, setQuery] = useState("");
  const matches = useMemo(() => searchRelations(schema.data?.relations ?? [], query), [schema.data, query]);
  const searching = query.trim() !== "";

  const back = (
    <Link href="/dashboard/databases" className="inline-flex items-center gap-1 self-start text-sm">
      <ArrowLeft aria-hidden="true" className="size-4" />
      All databases
    </Link>
  );
  if (schema.isPending)
    return (
      <>
        {back}
        <p className="flex items-center gap-2 text-sm text-muted">
          <Spinner /> Reading the schema…
        </p>
      </>
    );
  if (schema.isError)
    return (
      <>
        {back}
        <h1 className="text-2xl font-semibold tracking-tight">Schema</h1>
        <Callout tone="danger" role="alert">
          The schema could not be read: {schema.error.message}
        </Callout>
      </>
    );
  const { database, relations, edges, refreshedAt } = schema.data;
  return (
    <>
      {back}
      <div className="flex flex-wrap items-end gap-3">
        <div className="min-w-0 grow">
          <h1 className="text-2xl font-semibold tracking-tight break-words">{database.name}</h1>
          <p className="mt-1 text-sm text-muted">
            {relations.length} tables and views, {edges.length} foreign key{edges.length === 1 ? "" : "s"} · read{" "}
            <RelativeTime date={refreshedAt} />
          </p>
        </div>
        <Button onClick={() => refresh.mutate({ id })} disabled={refresh.isPending}>
          {refresh.isPending ? <Spinner /> : <RefreshCw aria-hidden="true" className="size-4" />}
          {refresh.isPending ? "Reading…" : "Read the schema again"}
        </Button>
      </div>
      {refresh.error && (
        <Callout tone="danger" role="alert">
          {refresh.error.message}
        </Callout>
      )}
      <Tabs defaultValue="tables" className="flex min-w-0 flex-col gap-4">
        <TabsList label="Schema views">
          <TabsTrigger value="tables">Tables and views</TabsTrigger>
          <TabsTrigger value="diagram">Diagram</TabsTrigger>
        </TabsList>
        <TabsContent value="tables" className="flex min-w-0 flex-col gap-3">
          <div className="relative">
            <Search aria-hidden="true" className="pointer-events-none absolute top-3 left-3 size-4 text-muted" />
            <Input
              type="search"
              className="pl-9"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              placeholder="Search tables, columns, types and comments"
              aria-label="Search the schema"
            />
          </div>
          <p className="text-sm text-muted" aria-live="polite" data-testid="schema-search-count">
            {searching
              ? `${matches.length} of ${relations.length} tables and views match “${query.trim()}”.`
              : `${relations.length} tables and views.`}
          </p>
          <div className="flex min-w-0 flex-col gap-2" data-testid="schema-relations">
            {matches.map((m) => (
              <RelationDetails
                key={relationKey(m.relation)}
                relation={m.relation}
                highlight={m.columns}
                open={searching && m.columns.size > 0}
              />
            ))}
          </div>
        </TabsContent>
        <TabsContent value="diagram" className="min-w-0">
          <SchemaDiagram relations={relations} edges={edges} />
          <p className="mt-2 text-sm text-muted">
            Drag to pan, pinch or use the buttons to zoom. The same foreign keys are listed under each table in “Tables
            and views”.
          </p>
        </TabsContent>
      </Tabs>
    </>
  );
}
