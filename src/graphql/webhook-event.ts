import { NotFoundError, RobawsUnavailableError, ValidationError } from '../errors.js';
import type { Prisma } from '../generated/prisma/client.js';
import type { RegisteredEndpoint } from '../webhooks/registrations.js';
import { builder } from './builder.js';
import { SignatureVerdict, WebhookEventOutcome, WebhookEventStatus } from './enums.js';
import { LISTED_BODY_CHARS } from './loaders.js';
import { DEFAULT_PAGE_SIZE, maxPageSize, QUERY_LIMITS } from './limits.js';

/** A whole body may be a megabyte: a few per request at most. */
const WHOLE_BODY_COMPLEXITY = QUERY_LIMITS.complexity / 5;

builder.prismaObject('WebhookEvent', {
  description: 'A Robaws webhook delivery, stored before it was answered.',
  fields: (t) => ({
    id: t.exposeID('id'),
    eventId: t.exposeString('eventId', { nullable: true, description: "Robaws' event id; null when the delivery was rejected." }),
    type: t.exposeString('type', { nullable: true, description: 'e.g. client.updated' }),
    robawsClientId: t.exposeString('robawsClientId', { nullable: true }),
    robawsUpdatedAt: t.expose('robawsUpdatedAt', { type: 'DateTime', nullable: true }),
    signature: t.expose('signature', { type: SignatureVerdict }),
    status: t.expose('status', { type: WebhookEventStatus }),
    outcome: t.expose('outcome', { type: WebhookEventOutcome, nullable: true }),
    customer: t.relation('customer', { nullable: true, description: 'The customer applying it touched.' }),
    attempts: t.exposeInt('attempts'),
    deliveries: t.exposeInt('deliveries', { description: 'How many times Robaws delivered this event.' }),
    error: t.exposeString('error', { nullable: true }),
    nextAttemptAt: t.expose('nextAttemptAt', { type: 'DateTime', nullable: true, description: 'When a failed attempt is retried.' }),
    receivedAt: t.expose('receivedAt', { type: 'DateTime' }),
    processedAt: t.expose('processedAt', { type: 'DateTime', nullable: true }),
    durationMs: t.exposeInt('durationMs', { nullable: true, description: 'How long applying it took.' }),
    rawBody: t.string({
      description: `The body as received, up to its first ${LISTED_BODY_CHARS} characters (see rawBodyTruncated); webhookEventBody gives the whole of it. A refused delivery keeps only an excerpt.`,
      resolve: async (event, _args, context) => (await context.loaders.webhookBodyExcerpt.load(event.id)).text,
    }),
    rawBodyTruncated: t.boolean({
      description: 'Whether rawBody stops short of the stored body.',
      resolve: async (event, _args, context) => (await context.loaders.webhookBodyExcerpt.load(event.id)).truncated,
    }),
    bodyBytes: t.exposeInt('bodyBytes', { description: 'The size of the body as it was received, in bytes.' }),
    headers: t.expose('headers', { type: 'JSON' }),
  }),
});

const WebhookRegistration = builder.objectRef<RegisteredEndpoint>('WebhookRegistration').implement({
  description: 'A webhook endpoint registered with Robaws.',
  fields: (t) => ({
    robawsId: t.exposeString('robawsId'),
    url: t.exposeString('url'),
    events: t.exposeStringList('events'),
    verifiable: t.exposeBoolean('verifiable', { description: 'Whether we hold the secret its deliveries are signed with.' }),
  }),
});

const RegisterWebhooksPayload = builder.objectRef<{ endpoint: RegisteredEndpoint; created: boolean }>('RegisterWebhooksPayload').implement({
  fields: (t) => ({
    registration: t.field({ type: WebhookRegistration, resolve: (payload) => payload.endpoint }),
    created: t.exposeBoolean('created', { description: 'False when a usable registration for this URL was there already.' }),
  }),
});

const ReplayWebhookEventInput = builder.inputType('ReplayWebhookEventInput', { fields: (t) => ({ id: t.id({ required: true }) }) });
const RegisterWebhooksInput = builder.inputType('RegisterWebhooksInput', {
  fields: (t) => ({ url: t.string({ required: true, description: 'Our public URL of /api/webhooks/robaws/customers.' }) }),
});
const RemoveWebhookRegistrationInput = builder.inputType('RemoveWebhookRegistrationInput', {
  fields: (t) => ({ robawsId: t.string({ required: true }) }),
});

function webhookEventWhere(args: { status?: Prisma.WebhookEventWhereInput['status'] | null; type?: string | null }): Prisma.WebhookEventWhereInput {
  return { ...(args.status ? { status: args.status } : {}), ...(args.type ? { type: args.type } : {}) };
}

builder.queryFields((t) => ({
  webhookEvents: t.prismaConnection({
    type: 'WebhookEvent',
    cursor: 'id',
    defaultSize: DEFAULT_PAGE_SIZE,
    maxSize: (args) => maxPageSize({ ...args }),
    description: 'Webhook deliveries, newest first.',
    args: {
      status: t.arg({ type: WebhookEventStatus, required: false }),
      type: t.arg.string({ required: false, description: 'e.g. client.updated' }),
    },
    totalCount: (_parent, args, context) => context.db.webhookEvent.count({ where: webhookEventWhere(args) }),
    resolve: (query, _parent, args, context) =>
      context.db.webhookEvent.findMany({ ...query, where: webhookEventWhere(args), orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }] }),
  }),
  webhookEventBody: t.string({
    description: "One webhook event's whole stored body (of a refused delivery, the excerpt kept). Priced high: ask for one at a time.",
    errors: { types: [NotFoundError] },
    complexity: WHOLE_BODY_COMPLEXITY,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_parent, args, context) => context.webhooks.store.body(String(args.id)),
  }),
  webhookRegistrations: t.field({
    type: [WebhookRegistration],
    description: 'Our webhook endpoints as Robaws lists them.',
    authScopes: { admin: true },
    errors: { types: [RobawsUnavailableError] },
    resolve: (_parent, _args, context) => context.webhooks.registrations.list(),
  }),
}));

builder.mutationFields((t) => ({
  replayWebhookEvent: t.prismaField({
    type: 'WebhookEvent',
    description: 'Applies a stored event again, with a fresh set of attempts (rejected events never are).',
    authScopes: { admin: true },
    errors: { types: [NotFoundError, ValidationError] },
    args: { input: t.arg({ type: ReplayWebhookEventInput, required: true }) },
    resolve: async (query, _parent, args, context) => {
      const { id } = await context.webhooks.store.replay(String(args.input.id));
      const event = await context.db.webhookEvent.findUniqueOrThrow({ ...query, where: { id } });
      context.webhooks.processor.notify();
      return event;
    },
  }),
  registerWebhooks: t.field({
    type: RegisterWebhooksPayload,
    description: 'Registers client.created and client.updated with Robaws for this URL (once: a usable registration is reused) and stores the secret.',
    authScopes: { admin: true },
    errors: { types: [ValidationError, RobawsUnavailableError] },
    args: { input: t.arg({ type: RegisterWebhooksInput, required: true }) },
    resolve: (_parent, args, context) => context.webhooks.registrations.register(args.input.url),
  }),
  removeWebhookRegistration: t.boolean({
    description: 'Removes a webhook endpoint at Robaws and its stored secret.',
    authScopes: { admin: true },
    errors: { types: [NotFoundError, RobawsUnavailableError] },
    args: { input: t.arg({ type: RemoveWebhookRegistrationInput, required: true }) },
    resolve: async (_parent, args, context) => {
      await context.webhooks.registrations.remove(args.input.robawsId);
      return true;
    },
  }),
}));
