"use client";

import { useEffect, useId, useRef, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { Select } from "@/components/ui/field";
import { Spinner } from "@/components/ui/spinner";
import { Switch } from "@/components/ui/switch";
import { POLICY_LABELS, ToolPolicy, type ToolSettingView } from "@/lib/schemas/tool-policy";
import { api, isApiError } from "@/trpc/react";
import { ToolReviewDialog } from "./tool-review-dialog";

function ToolRow({
  tool: t,
  connectorId,
  onReview,
}: {
  tool: ToolSettingView;
  connectorId: string;
  onReview: () => void;
}) {
  const utils = api.useUtils();
  const policyId = useId();
  const [error, setError] = useState<string | null>(null);
  const update = api.toolPolicy.update.useMutation({
    onMutate: () => setError(null),
    onError: (err) => setError(isApiError(err) ? err.message : "The setting could not be saved."),
    onSettled: () => utils.toolPolicy.list.invalidate({ connectorId }),
  });
  const name = t.title || t.name;
  const ref = { kind: "connector" as const, connectorId, toolName: t.name };
  // The control shows the value being saved until the list is fetched again.
  const pending = update.isPending ? update.variables : undefined;
  const enabled = pending?.enabled ?? t.enabled;
  const policy = pending?.policy ?? t.policy;
  return (
    <li className="flex min-w-0 flex-col gap-2 py-3" data-testid="tool-setting" aria-label={name}>
      <div className="flex min-w-0 flex-wrap items-center gap-x-2 gap-y-1">
        <span className="min-w-0 font-medium break-words">{name}</span>
        {t.title && t.title !== t.name && <code className="text-xs text-muted">{t.name}</code>}
        {t.changed && (
          <Badge tone="warn" dot data-testid="tool-changed">
            Changed — review
          </Badge>
        )}
      </div>
      {t.description && <p className="text-sm break-words text-muted">{t.description}</p>}
      {t.changed && (
        <Callout tone="warn" className="flex flex-wrap items-center gap-2 text-sm">
          <span className="min-w-0 grow">
            The server changed this tool. The agent does not use it until you review it.
          </span>
          <Button size="sm" onClick={onReview} aria-label={`Review the change to ${name}`}>
            Review change
          </Button>
        </Callout>
      )}
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <Switch
          checked={enabled}
          disabled={update.isPending}
          label={`Use ${name}`}
          onCheckedChange={(checked) => update.mutate({ tool: ref, enabled: checked })}
        />
        <div className="flex min-w-0 items-center gap-2">
          <label htmlFor={policyId} className="text-sm">
            Approval
          </label>
          <Select
            id={policyId}
            className="h-9 w-auto min-w-0"
            value={policy}
            disabled={update.isPending || !enabled}
            aria-label={`Approval for ${name}`}
            onChange={(e) => update.mutate({ tool: ref, policy: ToolPolicy.parse(e.target.value) })}
          >
            {ToolPolicy.options.map((p) => (
              <option key={p} value={p}>
                {POLICY_LABELS[p]}
              </option>
            ))}
          </Select>
        </div>
      </div>
      {error && (
        <Callout tone="danger" role="alert">
          {error}
        </Callout>
      )}
    </li>
  );
}

/**
 * A connector's tools, each with on/off and when it runs: always, after the user allows
 * each call, or never; a tool the server changed is marked, with its review.
 */
export function ToolSettingsList({
  connectorId,
  connectorName,
  version,
}: {
  connectorId: string;
  connectorName: string;
  /** Changes when the connector's stored tools may have (a test again): the list is read again. */
  version?: string;
}) {
  const list = api.toolPolicy.list.useQuery({ connectorId });
  const [reviewing, setReviewing] = useState<string | null>(null);
  const { refetch } = list;
  const seen = useRef(version);
  useEffect(() => {
    if (seen.current === version) return;
    seen.current = version;
    void refetch();
  }, [version, refetch]);
  if (list.isPending)
    return (
      <p className="flex items-center gap-2 py-2 text-sm text-muted">
        <Spinner /> Loading tools…
      </p>
    );
  if (list.error)
    return (
      <Callout tone="danger" role="alert" className="my-2">
        {list.error.message}
      </Callout>
    );
  return (
    <>
      <ul className="flex flex-col divide-y divide-border text-sm" aria-label={`Tools of ${connectorName}`}>
        {list.data.length === 0 && <li className="py-2 text-muted">This server offers no tools.</li>}
        {list.data.map((t) => (
          <ToolRow key={t.name} tool={t} connectorId={connectorId} onReview={() => setReviewing(t.name)} />
        ))}
      </ul>
      {reviewing && (
        <ToolReviewDialog connectorId={connectorId} toolName={reviewing} onClose={() => setReviewing(null)} />
      )}
    </>
  );
}
