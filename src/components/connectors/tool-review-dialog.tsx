"use client";

import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { Dialog, DialogBody, DialogClose, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { Spinner } from "@/components/ui/spinner";
import { api, isApiError } from "@/trpc/react";
import { DefinitionDiff } from "./definition-diff";

/**
 * A tool whose definition changed since the user accepted it: the two side by side.
 * Accepting pins the tool to the definition shown (and no other); until then the agent
 * does not use it.
 */
export function ToolReviewDialog({
  connectorId,
  toolName,
  onClose,
}: {
  connectorId: string;
  toolName: string;
  onClose: () => void;
}) {
  const utils = api.useUtils();
  const review = api.toolPolicy.review.useQuery({ connectorId, toolName });
  const accept = api.toolPolicy.accept.useMutation({
    onSuccess: async () => {
      await utils.toolPolicy.list.invalidate({ connectorId });
      onClose();
    },
    onError: () => void review.refetch(),
  });
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent
        wide
        title={review.data ? `Review ${review.data.label}` : "Review the change"}
        description="The server changed this tool since you accepted it. The agent does not use it until you accept the change."
      >
        <DialogBody>
          {review.isPending ? (
            <p className="flex items-center gap-2 text-sm text-muted">
              <Spinner /> Loading the definitions…
            </p>
          ) : review.error ? (
            <Callout tone="danger" role="alert">
              {review.error.message}
            </Callout>
          ) : (
            <DefinitionDiff before={review.data.pinned} after={review.data.current} />
          )}
          {accept.error && (
            <Callout tone="danger" role="alert" className="mt-3">
              {isApiError(accept.error) ? accept.error.message : "The change could not be accepted."}
            </Callout>
          )}
        </DialogBody>
        <DialogFooter>
          <DialogClose asChild>
            <Button>Keep it held back</Button>
          </DialogClose>
          <Button
            variant="primary"
            disabled={!review.data || accept.isPending}
            onClick={() => review.data && accept.mutate({ connectorId, toolName, hash: review.data.currentHash })}
          >
            {accept.isPending && <Spinner />}
            Accept the change
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
