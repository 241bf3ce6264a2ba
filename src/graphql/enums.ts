import { $Enums } from '../generated/prisma/client.js';
import { builder } from './builder.js';

/**
 * Prisma's enums as GraphQL enums: the values come from the Prisma schema (defined once there), and
 * each carries a description for the frontend developer; a value without one does not compile.
 */
function enumOf<T extends string>(name: string, prismaEnum: Record<string, T>, descriptions: Record<T, string>, description: string) {
  const values = Object.fromEntries(Object.values(prismaEnum).map((value) => [value, { value, description: descriptions[value] }])) as {
    [K in T]: { value: K; description: string };
  };
  return builder.enumType(name, { description, values });
}

export const SyncKind = enumOf(
  'SyncKind',
  $Enums.SyncKind,
  {
    FULL: 'Every client, page by page; clients Robaws no longer has are marked gone.',
    INCREMENTAL: 'Only clients changed since the last successful full or incremental run.',
    SINGLE: 'One client.',
    PUSH: 'Local edits sent to Robaws.',
  },
  'What a sync run does.',
);

export const SyncTrigger = enumOf(
  'SyncTrigger',
  $Enums.SyncTrigger,
  {
    CRON: 'A schedule.',
    API: 'A GraphQL mutation.',
    CLI: 'npm run sync.',
    WEBHOOK: 'A Robaws webhook event (a client that may be gone is checked).',
    STARTUP: 'A server resuming, on start, a full sync that a crash interrupted.',
  },
  'What started a sync run.',
);

export const SyncStatus = enumOf(
  'SyncStatus',
  $Enums.SyncStatus,
  {
    QUEUED: 'Waiting to start.',
    RUNNING: 'Under way: see pagesDone and the counts.',
    SUCCEEDED: 'Finished.',
    FAILED: 'Stopped by an error: see error. A full sync resumes from its checkpoint when started again soon.',
    CANCELLED: 'Stopped on request.',
  },
  'Where a sync run is.',
);

export const IntakeStatus = enumOf(
  'IntakeStatus',
  $Enums.IntakeStatus,
  {
    DRAFT: 'Being filled in.',
    SUBMITTED: 'Sent for handling.',
    PROCESSING: 'Being handled.',
    COMPLETED: 'Done.',
    CANCELLED: 'Dropped.',
  },
  'Where an intake is.',
);

export const WebhookEventStatus = enumOf(
  'WebhookEventStatus',
  $Enums.WebhookEventStatus,
  {
    RECEIVED: 'Stored, waiting to be applied (or waiting for a retry: see nextAttemptAt).',
    PROCESSING: 'Being applied.',
    PROCESSED: 'Applied.',
    IGNORED: 'Not applied, on purpose: see outcome.',
    FAILED: 'Every attempt failed; see error. replayWebhookEvent tries again.',
    REJECTED: 'Refused on arrival (signature or body); an excerpt is kept for inspection, never applied.',
  },
  'Where a webhook event is.',
);

export const WebhookEventOutcome = enumOf(
  'WebhookEventOutcome',
  $Enums.WebhookEventOutcome,
  {
    CREATED: 'A new customer was stored.',
    UPDATED: "The customer's stored record changed.",
    UNCHANGED: 'The customer already had this record.',
    MERGED: "Robaws' record was merged with unpushed local edits (see the customer's conflicts).",
    STALE: 'Older than the version stored: not applied.',
    DUPLICATE: 'The same client version as an event applied already.',
    GONE: 'Robaws no longer has the client: it was marked gone.',
  },
  'What applying a webhook event did.',
);

export const SignatureVerdict = enumOf(
  'SignatureVerdict',
  $Enums.SignatureVerdict,
  {
    VALID: 'Signed with a secret we hold, within the time window.',
    MISSING: 'No Robaws-Signature header.',
    MALFORMED: 'A Robaws-Signature header that is not t=<unix seconds>,v1=<hex>.',
    EXPIRED: 'Signed more than 300 seconds away from now.',
    MISMATCH: 'The signature does not match the body with any secret we hold.',
  },
  "The check of a webhook delivery's signature.",
);
