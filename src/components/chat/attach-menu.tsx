"use client";

import { Paperclip } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { Dialog, DialogBody, DialogContent, DialogTrigger } from "@/components/ui/dialog";
import { Field, Select } from "@/components/ui/field";
import { Spinner } from "@/components/ui/spinner";
import { MAX_ATTACHMENTS, type Attachment, type ResourceContent, type TemplateInfo } from "@/lib/schemas/mcp";
import { api, isApiError } from "@/trpc/react";
import { ArgumentForm } from "./argument-form";

function TemplateRow({
  connectorId,
  template,
  pending,
  onRead,
}: {
  connectorId: string;
  template: TemplateInfo;
  pending: boolean;
  onRead: (values: Record<string, string>) => void;
}) {
  const [open, setOpen] = useState(false);
  return (
    <li className="flex flex-col gap-2 py-2">
      <div className="flex flex-wrap items-center gap-2">
        <div className="min-w-0 grow">
          <p className="font-medium break-words">{template.name}</p>
          {template.description && <p className="text-sm break-words text-muted">{template.description}</p>}
        </div>
        <Button size="sm" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? "Close" : "Fill in"}
        </Button>
      </div>
      {open && (
        <ArgumentForm
          connectorId={connectorId}
          completionRef={{ type: "ref/resource", uri: template.uriTemplate }}
          fields={template.variables.map((v) => ({ name: v, required: true }))}
          submitLabel={`Attach ${template.name}`}
          pending={pending}
          onSubmit={onRead}
        />
      )}
    </li>
  );
}

/**
 * The composer's Attach button: browse a connector's resources and templates and attach
 * them to the next message (the model reads their text).
 */
export function AttachMenu({
  count,
  onAttach,
}: {
  /** Resources attached to the next message so far. */
  count: number;
  onAttach: (items: Attachment[]) => void;
}) {
  const [open, setOpen] = useState(false);
  const connectors = api.connectors.list.useQuery(undefined, { enabled: open });
  const enabled = (connectors.data ?? []).filter((c) => c.enabled);
  const [chosen, setChosen] = useState<string | null>(null);
  const connectorId = chosen ?? enabled[0]?.id ?? null;
  const listing = api.mcp.resources.useQuery(
    { connectorId: connectorId ?? "" },
    { enabled: open && connectorId !== null, retry: false },
  );
  const read = api.mcp.readResource.useMutation();
  const readTemplate = api.mcp.readTemplate.useMutation();
  const [error, setError] = useState<string | null>(null);
  const full = count >= MAX_ATTACHMENTS;

  async function attach(load: () => Promise<ResourceContent[]>) {
    setError(null);
    try {
      // The model reads an attachment's text; an image's data stays out of the message.
      onAttach((await load()).map(({ image: _image, ...attachment }): Attachment => attachment));
      setOpen(false);
    } catch (err) {
      setError(isApiError(err) ? err.message : "The resource could not be read.");
    }
  }

  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button className="h-11" aria-label="Attach a resource">
          <Paperclip aria-hidden="true" className="size-4" />
          <span className="hidden sm:inline">Attach</span>
        </Button>
      </DialogTrigger>
      <DialogContent title="Attach a resource" description="The agent reads what you attach with your next message.">
        <DialogBody className="flex flex-col gap-4">
          {connectors.isPending && <p className="text-sm text-muted">Loading your connectors…</p>}
          {connectors.isSuccess && enabled.length === 0 && (
            <p className="text-sm text-muted">No connector is turned on. Add one in Apps → Manage connectors.</p>
          )}
          {enabled.length > 0 && (
            <Field label="Connector">
              {(control) => (
                <Select {...control} value={connectorId ?? ""} onChange={(e) => setChosen(e.target.value)}>
                  {enabled.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
          )}
          {full && <Callout tone="warn">At most {MAX_ATTACHMENTS} resources go with one message.</Callout>}
          {error && (
            <Callout tone="danger" role="alert">
              {error}
            </Callout>
          )}
          {listing.isFetching && (
            <p className="flex items-center gap-2 text-sm text-muted" role="status">
              <Spinner /> Asking the server for its resources…
            </p>
          )}
          {listing.isError && (
            <Callout tone="danger" role="alert">
              {listing.error.message}
            </Callout>
          )}
          {listing.data && connectorId && (
            <>
              <section aria-labelledby="attach-resources">
                <h3 id="attach-resources" className="text-sm font-semibold tracking-wide text-muted uppercase">
                  Resources
                </h3>
                {listing.data.resources.length === 0 && (
                  <p className="text-sm text-muted">{listing.data.connectorName} offers no resources.</p>
                )}
                <ul className="flex flex-col divide-y divide-border">
                  {listing.data.resources.map((r) => (
                    <li key={r.uri} className="flex flex-wrap items-center gap-2 py-2">
                      <div className="min-w-0 grow">
                        <p className="font-medium break-words">{r.name}</p>
                        <p className="text-xs break-all text-muted">
                          {r.description ?? r.uri}
                          {r.mimeType ? ` · ${r.mimeType}` : ""}
                        </p>
                      </div>
                      <Button
                        size="sm"
                        disabled={full || read.isPending}
                        aria-label={`Attach ${r.name}`}
                        onClick={() => void attach(() => read.mutateAsync({ connectorId, uri: r.uri, name: r.name }))}
                      >
                        Attach
                      </Button>
                    </li>
                  ))}
                </ul>
              </section>
              {listing.data.templates.length > 0 && (
                <section aria-labelledby="attach-templates">
                  <h3 id="attach-templates" className="text-sm font-semibold tracking-wide text-muted uppercase">
                    Resource templates
                  </h3>
                  <ul className="flex flex-col divide-y divide-border">
                    {listing.data.templates.map((t) => (
                      <TemplateRow
                        key={t.uriTemplate}
                        connectorId={connectorId}
                        template={t}
                        pending={full || readTemplate.isPending}
                        onRead={(values) =>
                          void attach(() =>
                            readTemplate.mutateAsync({
                              connectorId,
                              uriTemplate: t.uriTemplate,
                              values,
                              name: `${t.name} (${Object.values(values).join(", ")})`,
                            }),
                          )
                        }
                      />
                    ))}
                  </ul>
                </section>
              )}
            </>
          )}
        </DialogBody>
      </DialogContent>
    </Dialog>
  );
}
