/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** What an API key may do; each scope includes the ones before it (READ < WRITE < ADMIN). */
export type ApiScope =
  /** Write, and syncs, pushes, deletions and webhooks. */
  | 'ADMIN'
  /** Reads everything but webhook registrations. */
  | 'READ'
  /** Read, and edits: customers, conflicts, active flags, intakes, duplicate dismissals. */
  | 'WRITE';

/** The run to cancel. */
export type CancelSyncRunInput = {
  /** The run's global id. */
  id: string;
};

/** Which value of a field in conflict to keep: ours or Robaws'. */
export type ConflictSide =
  /** Keep our value; it is pushed over Robaws' on the next push. */
  | 'LOCAL'
  /** Take Robaws' value; our edit is dropped. */
  | 'REMOTE';

/** A new intake. Choosing a customer fills the customer name and contact details from it, unless given here. */
export type CreateIntakeInput = {
  /** An e-mail address; filled from the customer when left out. */
  contactEmail?: string | null | undefined;
  /** A phone number in any usual format; filled from the customer when left out. */
  contactPhone?: string | null | undefined;
  /** At most 255 characters; filled from the customer when left out. */
  customerName?: string | null | undefined;
  /** Free text, at most 5000 characters. */
  notes?: string | null | undefined;
  /** The customer: its Robaws client id, as customerOptions gives it (`value`). */
  robawsClientId?: string | null | undefined;
  /** Where it starts; DRAFT when left out. */
  status?: IntakeStatus | null | undefined;
};

/** A customer field that can be edited here and pushed to Robaws. */
export type CustomerField =
  /** Customer.address.city */
  | 'CITY'
  /** Customer.address.country */
  | 'COUNTRY'
  /** Customer.address.countryCode */
  | 'COUNTRY_CODE'
  /** Customer.currency */
  | 'CURRENCY'
  /** Customer.email */
  | 'EMAIL'
  /** Customer.language */
  | 'LANGUAGE'
  /** Customer.mobile */
  | 'MOBILE'
  /** Customer.name */
  | 'NAME'
  /** Customer.phone */
  | 'PHONE'
  /** Customer.address.postalCode */
  | 'POSTAL_CODE'
  /** Customer.role */
  | 'ROLE'
  /** Customer.address.street */
  | 'STREET'
  /** Customer.address.streetNumber */
  | 'STREET_NUMBER'
  /** Customer.vatNumber */
  | 'VAT_NUMBER'
  /** Customer.website */
  | 'WEBSITE';

/** Which customers to list: every condition given must hold; leave a condition out to not filter on it. */
export type CustomerFilter = {
  /** A two-letter country code (any case), or part of the country name. */
  country?: string | null | undefined;
  /** Robaws no longer has them (true), or still has them (false). */
  goneFromRobaws?: boolean | null | undefined;
  /** With fields in conflict (true) or none (false). */
  hasConflict?: boolean | null | undefined;
  /** With at least one intake (true) or none (false). */
  hasIntakes?: boolean | null | undefined;
  /** With edits not yet pushed to Robaws (true) or none (false). */
  hasPendingChanges?: boolean | null | undefined;
  /** Active (true) or inactive (false) here. */
  isActive?: boolean | null | undefined;
  /** Any of these roles (see customerRoles). */
  roles?: Array<string> | null | undefined;
  /** Part of the name, e-mail or VAT number; case and accents ignored, a VAT number typed in any format. */
  search?: string | null | undefined;
};

/** How the customer list is sorted; ties are broken by id, so that paging never skips or repeats a customer. */
export type CustomerOrder = {
  /** Which way. */
  direction?: OrderDirection | null | undefined;
  /** What to sort by. */
  field: CustomerOrderField;
};

/** What the customer list is sorted by. */
export type CustomerOrderField =
  /** By when they were first stored here. */
  | 'CREATED_AT'
  /** By how many intakes they have. */
  | 'INTAKES_COUNT'
  /** By when a sync last read them (the default, newest first). */
  | 'LAST_SYNCED_AT'
  /** By name, in the database collation. */
  | 'NAME';

/** Customers that are not one company. */
export type DismissDuplicateGroupInput = {
  /** Global ids of the customers (DuplicateGroup.customers), 2 to 500. */
  customerIds: Array<string>;
};

/** What two customers have in common. */
export type DuplicateReasonKind =
  /** The same e-mail address. */
  | 'SAME_EMAIL'
  /** The same name once legal forms (BV, NV, GmbH, Ltd, LLC...), case, accents and punctuation are ignored. */
  | 'SAME_NAME'
  /** The same phone or mobile number. */
  | 'SAME_PHONE'
  /** The same VAT number, however written. */
  | 'SAME_VAT'
  /** Names with a trigram similarity of at least 0.7. */
  | 'SIMILAR_NAME';

/** Where an intake is. */
export type IntakeStatus =
  /** Dropped. */
  | 'CANCELLED'
  /** Done. */
  | 'COMPLETED'
  /** Being filled in. */
  | 'DRAFT'
  /** Being handled. */
  | 'PROCESSING'
  /** Sent for handling. */
  | 'SUBMITTED';

/** Sort order. */
export type OrderDirection =
  /** Smallest, earliest or A first. */
  | 'ASC'
  /** Largest, latest or Z first. */
  | 'DESC';

/** The customer to push. */
export type PushCustomerInput = {
  /** The customer's global id. */
  id: string;
};

/** What pushing one customer did. */
export type PushOutcome =
  /** Some fields changed in Robaws too: they were not sent; see conflictFields and resolveConflict. */
  | 'CONFLICT'
  /** No unpushed edits (or Robaws already had them). */
  | 'NOTHING_TO_PUSH'
  /** Robaws now holds our edits. */
  | 'PUSHED'
  /** Robaws refused the values: see message. */
  | 'REJECTED';

/** The event to apply again. */
export type ReplayWebhookEventInput = {
  /** The event's global id. */
  id: string;
};

/** Fields in conflict to settle, all the same way. */
export type ResolveConflictInput = {
  /** Fields in conflict (see Customer.conflict); at least one. */
  fields: Array<CustomerField>;
  /** The customer's global id. */
  id: string;
  /** Keep ours (LOCAL) or Robaws' (REMOTE). */
  keep: ConflictSide;
};

/** The colour of a role's badge in lists, named after Bootstrap's theme colours. */
export type RoleBadgeColor =
  /** The danger colour (red). */
  | 'DANGER'
  /** Neutral gray: roles without a colour of their own, and customers without a role. */
  | 'GRAY'
  /** The info colour (light blue). */
  | 'INFO'
  /** The theme's primary colour (blue). */
  | 'PRIMARY'
  /** The secondary colour (dark gray). */
  | 'SECONDARY'
  /** The success colour (green). */
  | 'SUCCESS'
  /** The warning colour (orange). */
  | 'WARNING';

/** Customers to mark active or inactive. */
export type SetCustomersActiveInput = {
  /** true: active; false: inactive. */
  active: boolean;
  /** Global ids of customers; 1 to 500. */
  ids: Array<string>;
};

/** The check of a webhook delivery's signature. */
export type SignatureVerdict =
  /** Signed more than 300 seconds away from now. */
  | 'EXPIRED'
  /** A Robaws-Signature header that is not t=<unix seconds>,v1=<hex>. */
  | 'MALFORMED'
  /** The signature does not match the body with any secret we hold. */
  | 'MISMATCH'
  /** No Robaws-Signature header. */
  | 'MISSING'
  /** Signed with a secret we hold, within the time window. */
  | 'VALID';

/** What a sync run does. */
export type SyncKind =
  /** Every client, page by page; clients Robaws no longer has are marked gone. */
  | 'FULL'
  /** Only clients changed since the last successful full or incremental run. */
  | 'INCREMENTAL'
  /** Local edits sent to Robaws. */
  | 'PUSH'
  /** One client. */
  | 'SINGLE';

/** Where a sync run is. */
export type SyncStatus =
  /** Stopped on request. */
  | 'CANCELLED'
  /** Stopped by an error: see error. A full sync resumes from its checkpoint when started again soon. */
  | 'FAILED'
  /** Waiting to start. */
  | 'QUEUED'
  /** Under way: see pagesDone and the counts. */
  | 'RUNNING'
  /** Finished. */
  | 'SUCCEEDED';

/** What started a sync run. */
export type SyncTrigger =
  /** A GraphQL mutation. */
  | 'API'
  /** npm run sync. */
  | 'CLI'
  /** A schedule. */
  | 'CRON'
  /** A server resuming, on start, a full sync that a crash interrupted. */
  | 'STARTUP'
  /** A Robaws webhook event (a client that may be gone is checked). */
  | 'WEBHOOK';

/** The customer form. Fields left out stay as they are; null clears a field. Values are checked and normalized as a sync stores them; each problem comes back in a ValidationError at input.<field>. */
export type UpdateCustomerInput = {
  /** At most 255 characters. */
  city?: string | null | undefined;
  /** The country name; at most 255 characters. */
  country?: string | null | undefined;
  /** ISO 3166-1 alpha-2, e.g. BE; phones and VAT numbers in the same edit are read in its format. */
  countryCode?: string | null | undefined;
  /** EUR, USD or GBP; cannot be cleared. */
  currency?: string | null | undefined;
  /** An e-mail address; stored lower case. */
  email?: string | null | undefined;
  /** The customer's global id. */
  id: string;
  /** nl, fr, en or de. */
  language?: string | null | undefined;
  /** As phone. */
  mobile?: string | null | undefined;
  /** At most 255 characters; cannot be cleared. */
  name?: string | null | undefined;
  /** Any usual format; read in the customer's country unless it starts with +; stored E.164. */
  phone?: string | null | undefined;
  /** At most 20 characters. */
  postalCode?: string | null | undefined;
  /** A known role (see customerRoles) or a new one in upper case; null clears it. */
  role?: string | null | undefined;
  /** The street, without its number; at most 255 characters. */
  street?: string | null | undefined;
  /** At most 50 characters. */
  streetNumber?: string | null | undefined;
  /** Any usual format; checked (format and check digits) against the customer's country. */
  vatNumber?: string | null | undefined;
  /** A web address; https:// is added when no scheme is given. */
  website?: string | null | undefined;
};

/** What applying a webhook event did. */
export type WebhookEventOutcome =
  /** A new customer was stored. */
  | 'CREATED'
  /** The same client version as an event applied already. */
  | 'DUPLICATE'
  /** Robaws no longer has the client: it was marked gone. */
  | 'GONE'
  /** Robaws' record was merged with unpushed local edits (see the customer's conflicts). */
  | 'MERGED'
  /** Older than the version stored: not applied. */
  | 'STALE'
  /** The customer already had this record. */
  | 'UNCHANGED'
  /** The customer's stored record changed. */
  | 'UPDATED';

/** Where a webhook event is. */
export type WebhookEventStatus =
  /** Every attempt failed; see error. replayWebhookEvent tries again. */
  | 'FAILED'
  /** Not applied, on purpose: see outcome. */
  | 'IGNORED'
  /** Applied. */
  | 'PROCESSED'
  /** Being applied. */
  | 'PROCESSING'
  /** Stored, waiting to be applied (or waiting for a retry: see nextAttemptAt). */
  | 'RECEIVED'
  /** Refused on arrival (signature or body); an excerpt is kept for inspection, never applied. */
  | 'REJECTED';

export type AdminViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type AdminViewerQuery = { viewer: { scope: ApiScope, keyId: string | null } };

export type AdminCountsQueryVariables = Exact<{ [key: string]: never; }>;


export type AdminCountsQuery = { customerStats: { total: number }, duplicateCustomers: { totalCount: number }, webhookEvents: { totalCount: number }, intakes: { totalCount: number } };

export type AdminCustomerOptionsQueryVariables = Exact<{
  search?: string | null | undefined;
}>;


export type AdminCustomerOptionsQuery = { customerOptions: Array<{ label: string, value: string }> };

export type AdminUpdateCustomerMutationVariables = Exact<{
  input: UpdateCustomerInput;
}>;


export type AdminUpdateCustomerMutation = { updateCustomer:
    | { __typename: 'Customer' }
    | { __typename: 'NotFoundError', message: string }
    | { __typename: 'ValidationError', message: string, issues: Array<{ path: string, message: string }> }
   };

export type AdminCustomerQueryVariables = Exact<{
  id: string;
}>;


export type AdminCustomerQuery = { customer:
    | { __typename: 'Customer', id: string, name: string, role: string | null, roleBadgeColor: RoleBadgeColor, email: string | null, phone: string | null, mobile: string | null, vatNumber: string | null, website: string | null, language: string | null, currency: string, isActive: boolean, robawsActive: boolean, robawsClientId: string, clientType: string | null, lastSyncedAt: string, localChangedAt: string | null, lastPushedToRobawsAt: string | null, goneFromRobawsAt: string | null, pushError: string | null, address: { street: string | null, streetNumber: string | null, postalCode: string | null, city: string | null, country: string | null, countryCode: string | null, line: string | null }, dataIssues: Array<{ field: string, message: string, value: string }>, pendingChanges: Array<{ field: CustomerField, editedAt: string }>, conflict: Array<{ field: CustomerField, local: string | null, remote: string | null, detectedAt: string }>, intakes: { totalCount: number, edges: Array<{ node: { id: string, status: IntakeStatus, customerName: string | null, contactEmail: string | null, createdAt: string } }> } }
    | { __typename: 'NotFoundError', message: string }
    | { __typename: 'ValidationError', message: string }
  , customerRoles: Array<{ role: string }> };

export type AdminResolveConflictMutationVariables = Exact<{
  input: ResolveConflictInput;
}>;


export type AdminResolveConflictMutation = { resolveConflict:
    | { __typename: 'Customer' }
    | { __typename: 'NotFoundError', message: string }
    | { __typename: 'ValidationError', message: string }
   };

export type AdminPushCustomerMutationVariables = Exact<{
  input: PushCustomerInput;
}>;


export type AdminPushCustomerMutation = { pushCustomer:
    | { __typename: 'NotFoundError', message: string }
    | { __typename: 'PushCustomerPayload', outcome: PushOutcome, pushedFields: Array<CustomerField>, conflictFields: Array<CustomerField>, refusal: string | null }
    | { __typename: 'RobawsUnavailableError', message: string }
    | { __typename: 'ValidationError', message: string }
   };

export type AdminSetActiveMutationVariables = Exact<{
  input: SetCustomersActiveInput;
}>;


export type AdminSetActiveMutation = { setCustomersActive:
    | { __typename: 'NotFoundError', message: string }
    | { __typename: 'SetCustomersActivePayload' }
    | { __typename: 'ValidationError', message: string }
   };

export type AdminCustomersQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
  filter?: CustomerFilter | null | undefined;
  orderBy?: CustomerOrder | null | undefined;
}>;


export type AdminCustomersQuery = { customers: { totalCount: number, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null }, edges: Array<{ node: { id: string, name: string, role: string | null, roleBadgeColor: RoleBadgeColor, email: string | null, vatNumber: string | null, isActive: boolean, intakesCount: number, goneFromRobawsAt: string | null, address: { city: string | null, countryCode: string | null }, pendingChanges: Array<{ field: CustomerField }>, conflict: Array<{ field: CustomerField }> } }> }, customerRoles: Array<{ role: string, count: number }> };

export type AdminDuplicatesQueryVariables = Exact<{
  after?: string | null | undefined;
}>;


export type AdminDuplicatesQuery = { duplicateCustomers: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { score: number, reasons: Array<DuplicateReasonKind>, customers: Array<{ id: string, name: string, role: string | null, roleBadgeColor: RoleBadgeColor, email: string | null, phone: string | null, vatNumber: string | null, address: { city: string | null } }>, matches: Array<{ score: number, customers: Array<{ id: string }>, reasons: Array<{ kind: DuplicateReasonKind, value: string }> }> } }> } };

export type AdminDismissDuplicatesMutationVariables = Exact<{
  input: DismissDuplicateGroupInput;
}>;


export type AdminDismissDuplicatesMutation = { dismissDuplicateGroup:
    | { __typename: 'DuplicateDismissal' }
    | { __typename: 'NotFoundError', message: string }
    | { __typename: 'ValidationError', message: string }
   };

export type AdminIntakesQueryVariables = Exact<{ [key: string]: never; }>;


export type AdminIntakesQuery = { intakes: { totalCount: number, edges: Array<{ node: { id: string, status: IntakeStatus, customerName: string | null, contactEmail: string | null, contactPhone: string | null, createdAt: string, customer: { id: string } | null } }> } };

export type AdminPickedCustomerQueryVariables = Exact<{
  robawsClientId: string;
}>;


export type AdminPickedCustomerQuery = { customer:
    | { __typename: 'Customer', name: string, email: string | null, phone: string | null, mobile: string | null }
    | { __typename: 'NotFoundError' }
    | { __typename: 'ValidationError' }
   };

export type AdminCreateIntakeMutationVariables = Exact<{
  input: CreateIntakeInput;
}>;


export type AdminCreateIntakeMutation = { createIntake:
    | { __typename: 'Intake', id: string, customerName: string | null }
    | { __typename: 'ValidationError', message: string, issues: Array<{ path: string, message: string }> }
   };

export type AdminSyncRunFragment = { id: string, kind: SyncKind, status: SyncStatus, trigger: SyncTrigger, dryRun: boolean, createdAt: string, startedAt: string | null, finishedAt: string | null, durationMs: number | null, pagesDone: number, pagesTotal: number | null, progress: number | null, fetched: number, created: number, updated: number, unchanged: number, skipped: number, conflicts: number, failed: number, markedGone: number, revived: number, pushed: number, error: string | null, failures: Array<{ robawsClientId: string | null, reason: string }> };

export type AdminSyncRunsQueryVariables = Exact<{ [key: string]: never; }>;


export type AdminSyncRunsQuery = { syncRuns: { totalCount: number, edges: Array<{ node: { id: string, kind: SyncKind, status: SyncStatus, trigger: SyncTrigger, dryRun: boolean, createdAt: string, startedAt: string | null, finishedAt: string | null, durationMs: number | null, pagesDone: number, pagesTotal: number | null, progress: number | null, fetched: number, created: number, updated: number, unchanged: number, skipped: number, conflicts: number, failed: number, markedGone: number, revived: number, pushed: number, error: string | null, failures: Array<{ robawsClientId: string | null, reason: string }> } }> } };

export type AdminSyncRunProgressSubscriptionVariables = Exact<{
  id: string;
}>;


export type AdminSyncRunProgressSubscription = { syncRunProgress: { id: string, kind: SyncKind, status: SyncStatus, trigger: SyncTrigger, dryRun: boolean, createdAt: string, startedAt: string | null, finishedAt: string | null, durationMs: number | null, pagesDone: number, pagesTotal: number | null, progress: number | null, fetched: number, created: number, updated: number, unchanged: number, skipped: number, conflicts: number, failed: number, markedGone: number, revived: number, pushed: number, error: string | null, failures: Array<{ robawsClientId: string | null, reason: string }> } };

export type AdminRunFullSyncMutationVariables = Exact<{ [key: string]: never; }>;


export type AdminRunFullSyncMutation = { runFullSync:
    | { __typename: 'SyncRunStart', run: { id: string, kind: SyncKind, status: SyncStatus, trigger: SyncTrigger, dryRun: boolean, createdAt: string, startedAt: string | null, finishedAt: string | null, durationMs: number | null, pagesDone: number, pagesTotal: number | null, progress: number | null, fetched: number, created: number, updated: number, unchanged: number, skipped: number, conflicts: number, failed: number, markedGone: number, revived: number, pushed: number, error: string | null, failures: Array<{ robawsClientId: string | null, reason: string }> } }
    | { __typename: 'ValidationError', message: string }
   };

export type AdminRunIncrementalSyncMutationVariables = Exact<{ [key: string]: never; }>;


export type AdminRunIncrementalSyncMutation = { runIncrementalSync:
    | { __typename: 'SyncRunStart', run: { id: string, kind: SyncKind, status: SyncStatus, trigger: SyncTrigger, dryRun: boolean, createdAt: string, startedAt: string | null, finishedAt: string | null, durationMs: number | null, pagesDone: number, pagesTotal: number | null, progress: number | null, fetched: number, created: number, updated: number, unchanged: number, skipped: number, conflicts: number, failed: number, markedGone: number, revived: number, pushed: number, error: string | null, failures: Array<{ robawsClientId: string | null, reason: string }> } }
    | { __typename: 'ValidationError', message: string }
   };

export type AdminPushPendingMutationVariables = Exact<{ [key: string]: never; }>;


export type AdminPushPendingMutation = { pushPendingCustomers:
    | { __typename: 'SyncRunStart', run: { id: string, kind: SyncKind, status: SyncStatus, trigger: SyncTrigger, dryRun: boolean, createdAt: string, startedAt: string | null, finishedAt: string | null, durationMs: number | null, pagesDone: number, pagesTotal: number | null, progress: number | null, fetched: number, created: number, updated: number, unchanged: number, skipped: number, conflicts: number, failed: number, markedGone: number, revived: number, pushed: number, error: string | null, failures: Array<{ robawsClientId: string | null, reason: string }> } }
    | { __typename: 'ValidationError', message: string }
   };

export type AdminCancelSyncRunMutationVariables = Exact<{
  input: CancelSyncRunInput;
}>;


export type AdminCancelSyncRunMutation = { cancelSyncRun:
    | { __typename: 'NotFoundError', message: string }
    | { __typename: 'SyncRun' }
    | { __typename: 'ValidationError', message: string }
   };

export type AdminWebhookEventsQueryVariables = Exact<{
  status?: WebhookEventStatus | null | undefined;
}>;


export type AdminWebhookEventsQuery = { webhookEvents: { totalCount: number, edges: Array<{ node: { id: string, receivedAt: string, type: string | null, status: WebhookEventStatus, outcome: WebhookEventOutcome | null, robawsClientId: string | null, attempts: number, error: string | null, signature: SignatureVerdict } }> } };

export type AdminWebhookRegistrationsQueryVariables = Exact<{ [key: string]: never; }>;


export type AdminWebhookRegistrationsQuery = { webhookRegistrations: Array<{ robawsId: string, url: string, events: Array<string>, verifiable: boolean }> };

export type AdminReplayWebhookEventMutationVariables = Exact<{
  input: ReplayWebhookEventInput;
}>;


export type AdminReplayWebhookEventMutation = { replayWebhookEvent:
    | { __typename: 'NotFoundError', message: string }
    | { __typename: 'ValidationError', message: string }
    | { __typename: 'WebhookEvent' }
   };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const AdminSyncRunFragmentDoc = new TypedDocumentString(`
    fragment AdminSyncRun on SyncRun {
  id
  kind
  status
  trigger
  dryRun
  createdAt
  startedAt
  finishedAt
  durationMs
  pagesDone
  pagesTotal
  progress
  fetched
  created
  updated
  unchanged
  skipped
  conflicts
  failed
  markedGone
  revived
  pushed
  error
  failures {
    robawsClientId
    reason
  }
}
    `, {"fragmentName":"AdminSyncRun"}) as unknown as TypedDocumentString<AdminSyncRunFragment, unknown>;
export const AdminViewerDocument = new TypedDocumentString(`
    query AdminViewer {
  viewer {
    scope
    keyId
  }
}
    `) as unknown as TypedDocumentString<AdminViewerQuery, AdminViewerQueryVariables>;
export const AdminCountsDocument = new TypedDocumentString(`
    query AdminCounts {
  customerStats {
    total
  }
  duplicateCustomers(first: 1) {
    totalCount
  }
  webhookEvents(first: 1, status: FAILED) {
    totalCount
  }
  intakes(first: 1) {
    totalCount
  }
}
    `) as unknown as TypedDocumentString<AdminCountsQuery, AdminCountsQueryVariables>;
export const AdminCustomerOptionsDocument = new TypedDocumentString(`
    query AdminCustomerOptions($search: String) {
  customerOptions(search: $search, limit: 10) {
    label
    value
  }
}
    `) as unknown as TypedDocumentString<AdminCustomerOptionsQuery, AdminCustomerOptionsQueryVariables>;
export const AdminUpdateCustomerDocument = new TypedDocumentString(`
    mutation AdminUpdateCustomer($input: UpdateCustomerInput!) {
  updateCustomer(input: $input) {
    __typename
    ... on Error {
      message
    }
    ... on ValidationError {
      issues {
        path
        message
      }
    }
  }
}
    `) as unknown as TypedDocumentString<AdminUpdateCustomerMutation, AdminUpdateCustomerMutationVariables>;
export const AdminCustomerDocument = new TypedDocumentString(`
    query AdminCustomer($id: ID!) {
  customer(id: $id) {
    __typename
    ... on Error {
      message
    }
    ... on Customer {
      id
      name
      role
      roleBadgeColor
      email
      phone
      mobile
      vatNumber
      website
      language
      currency
      isActive
      robawsActive
      robawsClientId
      clientType
      lastSyncedAt
      localChangedAt
      lastPushedToRobawsAt
      goneFromRobawsAt
      pushError
      address {
        street
        streetNumber
        postalCode
        city
        country
        countryCode
        line
      }
      dataIssues {
        field
        message
        value
      }
      pendingChanges {
        field
        editedAt
      }
      conflict {
        field
        local
        remote
        detectedAt
      }
      intakes(first: 20) {
        totalCount
        edges {
          node {
            id
            status
            customerName
            contactEmail
            createdAt
          }
        }
      }
    }
  }
  customerRoles {
    role
  }
}
    `) as unknown as TypedDocumentString<AdminCustomerQuery, AdminCustomerQueryVariables>;
export const AdminResolveConflictDocument = new TypedDocumentString(`
    mutation AdminResolveConflict($input: ResolveConflictInput!) {
  resolveConflict(input: $input) {
    __typename
    ... on Error {
      message
    }
  }
}
    `) as unknown as TypedDocumentString<AdminResolveConflictMutation, AdminResolveConflictMutationVariables>;
export const AdminPushCustomerDocument = new TypedDocumentString(`
    mutation AdminPushCustomer($input: PushCustomerInput!) {
  pushCustomer(input: $input) {
    __typename
    ... on Error {
      message
    }
    ... on PushCustomerPayload {
      outcome
      refusal: message
      pushedFields
      conflictFields
    }
  }
}
    `) as unknown as TypedDocumentString<AdminPushCustomerMutation, AdminPushCustomerMutationVariables>;
export const AdminSetActiveDocument = new TypedDocumentString(`
    mutation AdminSetActive($input: SetCustomersActiveInput!) {
  setCustomersActive(input: $input) {
    __typename
    ... on Error {
      message
    }
  }
}
    `) as unknown as TypedDocumentString<AdminSetActiveMutation, AdminSetActiveMutationVariables>;
export const AdminCustomersDocument = new TypedDocumentString(`
    query AdminCustomers($first: Int, $after: String, $last: Int, $before: String, $filter: CustomerFilter, $orderBy: CustomerOrder) {
  customers(
    first: $first
    after: $after
    last: $last
    before: $before
    filter: $filter
    orderBy: $orderBy
  ) {
    totalCount
    pageInfo {
      hasNextPage
      hasPreviousPage
      startCursor
      endCursor
    }
    edges {
      node {
        id
        name
        role
        roleBadgeColor
        email
        vatNumber
        isActive
        intakesCount
        goneFromRobawsAt
        address {
          city
          countryCode
        }
        pendingChanges {
          field
        }
        conflict {
          field
        }
      }
    }
  }
  customerRoles {
    role
    count
  }
}
    `) as unknown as TypedDocumentString<AdminCustomersQuery, AdminCustomersQueryVariables>;
export const AdminDuplicatesDocument = new TypedDocumentString(`
    query AdminDuplicates($after: String) {
  duplicateCustomers(first: 10, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        score
        reasons
        customers {
          id
          name
          role
          roleBadgeColor
          email
          phone
          vatNumber
          address {
            city
          }
        }
        matches {
          score
          customers {
            id
          }
          reasons {
            kind
            value
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<AdminDuplicatesQuery, AdminDuplicatesQueryVariables>;
export const AdminDismissDuplicatesDocument = new TypedDocumentString(`
    mutation AdminDismissDuplicates($input: DismissDuplicateGroupInput!) {
  dismissDuplicateGroup(input: $input) {
    __typename
    ... on Error {
      message
    }
  }
}
    `) as unknown as TypedDocumentString<AdminDismissDuplicatesMutation, AdminDismissDuplicatesMutationVariables>;
export const AdminIntakesDocument = new TypedDocumentString(`
    query AdminIntakes {
  intakes(first: 50) {
    totalCount
    edges {
      node {
        id
        status
        customerName
        contactEmail
        contactPhone
        createdAt
        customer {
          id
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<AdminIntakesQuery, AdminIntakesQueryVariables>;
export const AdminPickedCustomerDocument = new TypedDocumentString(`
    query AdminPickedCustomer($robawsClientId: String!) {
  customer(robawsClientId: $robawsClientId) {
    __typename
    ... on Customer {
      name
      email
      phone
      mobile
    }
  }
}
    `) as unknown as TypedDocumentString<AdminPickedCustomerQuery, AdminPickedCustomerQueryVariables>;
export const AdminCreateIntakeDocument = new TypedDocumentString(`
    mutation AdminCreateIntake($input: CreateIntakeInput!) {
  createIntake(input: $input) {
    __typename
    ... on Error {
      message
    }
    ... on ValidationError {
      issues {
        path
        message
      }
    }
    ... on Intake {
      id
      customerName
    }
  }
}
    `) as unknown as TypedDocumentString<AdminCreateIntakeMutation, AdminCreateIntakeMutationVariables>;
export const AdminSyncRunsDocument = new TypedDocumentString(`
    query AdminSyncRuns {
  syncRuns(first: 20) {
    totalCount
    edges {
      node {
        ...AdminSyncRun
      }
    }
  }
}
    fragment AdminSyncRun on SyncRun {
  id
  kind
  status
  trigger
  dryRun
  createdAt
  startedAt
  finishedAt
  durationMs
  pagesDone
  pagesTotal
  progress
  fetched
  created
  updated
  unchanged
  skipped
  conflicts
  failed
  markedGone
  revived
  pushed
  error
  failures {
    robawsClientId
    reason
  }
}`) as unknown as TypedDocumentString<AdminSyncRunsQuery, AdminSyncRunsQueryVariables>;
export const AdminSyncRunProgressDocument = new TypedDocumentString(`
    subscription AdminSyncRunProgress($id: ID!) {
  syncRunProgress(id: $id) {
    ...AdminSyncRun
  }
}
    fragment AdminSyncRun on SyncRun {
  id
  kind
  status
  trigger
  dryRun
  createdAt
  startedAt
  finishedAt
  durationMs
  pagesDone
  pagesTotal
  progress
  fetched
  created
  updated
  unchanged
  skipped
  conflicts
  failed
  markedGone
  revived
  pushed
  error
  failures {
    robawsClientId
    reason
  }
}`) as unknown as TypedDocumentString<AdminSyncRunProgressSubscription, AdminSyncRunProgressSubscriptionVariables>;
export const AdminRunFullSyncDocument = new TypedDocumentString(`
    mutation AdminRunFullSync {
  runFullSync {
    __typename
    ... on SyncRunStart {
      run {
        ...AdminSyncRun
      }
    }
    ... on Error {
      message
    }
  }
}
    fragment AdminSyncRun on SyncRun {
  id
  kind
  status
  trigger
  dryRun
  createdAt
  startedAt
  finishedAt
  durationMs
  pagesDone
  pagesTotal
  progress
  fetched
  created
  updated
  unchanged
  skipped
  conflicts
  failed
  markedGone
  revived
  pushed
  error
  failures {
    robawsClientId
    reason
  }
}`) as unknown as TypedDocumentString<AdminRunFullSyncMutation, AdminRunFullSyncMutationVariables>;
export const AdminRunIncrementalSyncDocument = new TypedDocumentString(`
    mutation AdminRunIncrementalSync {
  runIncrementalSync {
    __typename
    ... on SyncRunStart {
      run {
        ...AdminSyncRun
      }
    }
    ... on Error {
      message
    }
  }
}
    fragment AdminSyncRun on SyncRun {
  id
  kind
  status
  trigger
  dryRun
  createdAt
  startedAt
  finishedAt
  durationMs
  pagesDone
  pagesTotal
  progress
  fetched
  created
  updated
  unchanged
  skipped
  conflicts
  failed
  markedGone
  revived
  pushed
  error
  failures {
    robawsClientId
    reason
  }
}`) as unknown as TypedDocumentString<AdminRunIncrementalSyncMutation, AdminRunIncrementalSyncMutationVariables>;
export const AdminPushPendingDocument = new TypedDocumentString(`
    mutation AdminPushPending {
  pushPendingCustomers {
    __typename
    ... on SyncRunStart {
      run {
        ...AdminSyncRun
      }
    }
    ... on Error {
      message
    }
  }
}
    fragment AdminSyncRun on SyncRun {
  id
  kind
  status
  trigger
  dryRun
  createdAt
  startedAt
  finishedAt
  durationMs
  pagesDone
  pagesTotal
  progress
  fetched
  created
  updated
  unchanged
  skipped
  conflicts
  failed
  markedGone
  revived
  pushed
  error
  failures {
    robawsClientId
    reason
  }
}`) as unknown as TypedDocumentString<AdminPushPendingMutation, AdminPushPendingMutationVariables>;
export const AdminCancelSyncRunDocument = new TypedDocumentString(`
    mutation AdminCancelSyncRun($input: CancelSyncRunInput!) {
  cancelSyncRun(input: $input) {
    __typename
    ... on Error {
      message
    }
  }
}
    `) as unknown as TypedDocumentString<AdminCancelSyncRunMutation, AdminCancelSyncRunMutationVariables>;
export const AdminWebhookEventsDocument = new TypedDocumentString(`
    query AdminWebhookEvents($status: WebhookEventStatus) {
  webhookEvents(first: 50, status: $status) {
    totalCount
    edges {
      node {
        id
        receivedAt
        type
        status
        outcome
        robawsClientId
        attempts
        error
        signature
      }
    }
  }
}
    `) as unknown as TypedDocumentString<AdminWebhookEventsQuery, AdminWebhookEventsQueryVariables>;
export const AdminWebhookRegistrationsDocument = new TypedDocumentString(`
    query AdminWebhookRegistrations {
  webhookRegistrations {
    robawsId
    url
    events
    verifiable
  }
}
    `) as unknown as TypedDocumentString<AdminWebhookRegistrationsQuery, AdminWebhookRegistrationsQueryVariables>;
export const AdminReplayWebhookEventDocument = new TypedDocumentString(`
    mutation AdminReplayWebhookEvent($input: ReplayWebhookEventInput!) {
  replayWebhookEvent(input: $input) {
    __typename
    ... on Error {
      message
    }
  }
}
    `) as unknown as TypedDocumentString<AdminReplayWebhookEventMutation, AdminReplayWebhookEventMutationVariables>;