import { encodeGlobalID } from '@pothos/plugin-relay';
import { NotFoundError, RobawsUnavailableError } from '../errors.js';
import type { Prisma } from '../generated/prisma/client.js';
import type { RegisteredEndpoint } from '../webhooks/registrations.js';
import { builder } from './builder.js';
import { SignatureVerdict, WebhookEventOutcome, WebhookEventStatus } from './enums.js';
import { rowIdOf } from './ids.js';
import { withinInput } from './inputs.js';
import { LISTED_BODY_CHARS } from './loaders.js';
import { PAGE_SIZE, QUERY_LIMITS } from './limits.js';

/** A whole body may be a megabyte: a few per request at most. */
const WHOLE_BODY_COMPLEXITY = QUERY_LIMITS.complexity / 5;

const WebhookEventRef = builder.prismaNode('WebhookEvent', {
  id: { field: 'id' },
  description: 'A Robaws webhook delivery, stored before it was answered, and what applying it did.',
  fields: (t) => ({
    eventId: t.exposeString('eventId', { nullable: true, description: "Robaws' event id; null when the delivery was rejected." }),
    type: t.exposeString('type', { nullable: true, description: 'The event type, e.g. client.updated; null when the delivery was rejected.' }),
    robawsClientId: t.exposeString('robawsClientId', { nullable: true, description: 'The Robaws client the event is about.' }),
    robawsUpdatedAt: t.expose('robawsUpdatedAt', { type: 'DateTime', nullable: true, description: 'When Robaws changed the client, by its clock.' }),
    signature: t.expose('signature', { type: SignatureVerdict, description: "The check of the delivery's signature." }),
    status: t.expose('status', { type: WebhookEventStatus, description: 'Where the event is.' }),
    outcome: t.expose('outcome', { type: WebhookEventOutcome, nullable: true, description: 'What applying it did; null until applied.' }),
    customer: t.relation('customer', { nullable: true, description: 'The customer applying it touched.' }),
    attempts: t.exposeInt('attempts', { description: 'Attempts to apply it so far.' }),
    deliveries: t.exposeInt('deliveries', { description: 'How many times Robaws delivered this event.' }),
    error: t.exposeString('error', { nullable: true, description: 'Why the last attempt failed, or why the delivery was rejected.' }),
    nextAttemptAt: t.expose('nextAttemptAt', { type: 'DateTime', nullable: true, description: 'When a failed attempt is retried.' }),
    receivedAt: t.expose('receivedAt', { type: 'DateTime', description: 'When the delivery arrived.' }),
    processedAt: t.expose('processedAt', { type: 'DateTime', nullable: true, description: 'When it was applied (or given up on).' }),
    durationMs: t.exposeInt('durationMs', { nullable: true, description: 'How long applying it took, in milliseconds.' }),
    rawBody: t.string({
      description: `The body as received, up to its first ${LISTED_BODY_CHARS} characters (see rawBodyTruncated); webhookEventBody gives the whole of it. A refused delivery keeps only an excerpt.`,
      resolve: async (event, _args, context) => (await context.loaders.webhookBodyExcerpt.load(event.id)).text,
    }),
    rawBodyTruncated: t.boolean({
      description: 'Whether rawBody stops short of the stored body.',
      resolve: async (event, _args, context) => (await context.loaders.webhookBodyExcerpt.load(event.id)).truncated,
    }),
    bodyBytes: t.exposeInt('bodyBytes', { description: 'The size of the body as it was received, in bytes.' }),
    headers: t.expose('headers', { type: 'JSON', description: 'The request headers as received, as an object.' }),
  }),
});

const WebhookEventConnection = builder.connectionObject(
  { type: WebhookEventRef, name: 'WebhookEventConnection', description: 'A page of webhook events.' },
  { name: 'WebhookEventEdge', description: 'One webhook event of a page, with its cursor.' },
);

const WebhookEventBody = builder.objectRef<{ id: string; body: string }>('WebhookEventBody').implement({
  description: "One webhook event's whole stored body.",
  fields: (t) => ({
    webhookEventId: t.id({ description: "The event's global id.", resolve: (event) => encodeGlobalID('WebhookEvent', event.id) }),
    body: t.exposeString('body', { description: 'The body as received (of a refused delivery: the excerpt kept).' }),
  }),
});

const WebhookRegistration = builder.objectRef<RegisteredEndpoint>('WebhookRegistration').implement({
  description: 'A webhook endpoint registered with Robaws.',
  fields: (t) => ({
    robawsId: t.exposeString('robawsId', { description: "The endpoint's id at Robaws: what removeWebhookRegistration takes." }),
    url: t.exposeString('url', { description: 'Where Robaws delivers.' }),
    events: t.exposeStringList('events', { description: 'The event types delivered, e.g. client.updated.' }),
    verifiable: t.exposeBoolean('verifiable', { description: 'Whether we hold the secret its deliveries are signed with (otherwise they are rejected).' }),
  }),
});

const RegisterWebhooksPayload = builder.objectRef<{ endpoint: RegisteredEndpoint; created: boolean }>('RegisterWebhooksPayload').implement({
  description: 'The registration for the URL.',
  fields: (t) => ({
    registration: t.field({ type: WebhookRegistration, description: 'The endpoint Robaws now delivers to.', resolve: (payload) => payload.endpoint }),
    created: t.exposeBoolean('created', { description: 'False when a usable registration for this URL was there already.' }),
  }),
});

const RemoveWebhookRegistrationPayload = builder.objectRef<{ robawsId: string }>('RemoveWebhookRegistrationPayload').implement({
  description: 'A removed webhook registration.',
  fields: (t) => ({ robawsId: t.exposeString('robawsId', { description: "The removed endpoint's id at Robaws." }) }),
});

const ReplayWebhookEventInput = builder.inputType('ReplayWebhookEventInput', {
  description: 'The event to apply again.',
  fields: (t) => ({ id: t.id({ required: true, description: "The event's global id." }) }),
});
const RegisterWebhooksInput = builder.inputType('RegisterWebhooksInput', {
  description: 'Where Robaws should deliver.',
  fields: (t) => ({ url: t.string({ required: true, description: 'Our public http(s) URL of /api/webhooks/robaws/customers.' }) }),
});
const RemoveWebhookRegistrationInput = builder.inputType('RemoveWebhookRegistrationInput', {
  description: 'The registration to remove.',
  fields: (t) => ({ robawsId: t.string({ required: true, description: "The endpoint's id at Robaws (WebhookRegistration.robawsId)." }) }),
});

function webhookEventWhere(args: { status?: Prisma.WebhookEventWhereInput['status'] | null; type?: string | null }): Prisma.WebhookEventWhereInput {
  return { ...(args.status ? { status: args.status } : {}), ...(args.type ? { type: args.type } : {}) };
}

builder.queryFields((t) => ({
  webhookEvents: t.prismaConnection(
    {
      type: 'WebhookEvent',
      cursor: 'id',
      ...PAGE_SIZE,
      description: 'Webhook deliveries, newest first.',
      args: {
        status: t.arg({ type: WebhookEventStatus, required: false, description: 'Only events in this status, e.g. FAILED.' }),
        type: t.arg.string({ required: false, description: 'Only events of this type, e.g. client.updated.' }),
      },
      totalCount: (_parent, args, context) => context.db.webhookEvent.count({ where: webhookEventWhere(args) }),
      resolve: (query, _parent, args, context) =>
        context.db.webhookEvent.findMany({ ...query, where: webhookEventWhere(args), orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }] }),
    },
    WebhookEventConnection,
  ),
  webhookEventBody: t.field({
    type: WebhookEventBody,
    description: "One webhook event's whole stored body. Priced high: ask for one at a time.",
    errors: { types: [NotFoundError] },
    complexity: WHOLE_BODY_COMPLEXITY,
    args: { id: t.arg.id({ required: true, description: "The event's global id." }) },
    resolve: async (_parent, args, context) => {
      const id = rowIdOf(String(args.id), 'WebhookEvent', 'id');
      return { id, body: await context.webhooks.store.body(id) };
    },
  }),
  webhookRegistrations: t.field({
    type: [WebhookRegistration],
    description: 'Our webhook endpoints as Robaws lists them. When Robaws cannot be reached: a GraphQL error with extensions.code ROBAWS_UNAVAILABLE.',
    authScopes: { admin: true },
    resolve: (_parent, _args, context) => context.webhooks.registrations.list(),
  }),
}));

builder.mutationFields((t) => ({
  replayWebhookEvent: t.prismaField({
    type: 'WebhookEvent',
    description: 'Applies a stored event again, with a fresh set of attempts (rejected events never are).',
    authScopes: { admin: true },
    errors: { types: [NotFoundError] },
    args: { input: t.arg({ type: ReplayWebhookEventInput, required: true, description: 'The event to apply again.' }) },
    resolve: (query, _parent, { input }, context) =>
      withinInput(async () => {
        const { id } = await context.webhooks.store.replay(rowIdOf(String(input.id), 'WebhookEvent', 'id'));
        const event = await context.db.webhookEvent.findUniqueOrThrow({ ...query, where: { id } });
        context.webhooks.processor.notify();
        return event;
      }),
  }),
  registerWebhooks: t.field({
    type: RegisterWebhooksPayload,
    description: 'Registers client.created and client.updated with Robaws for this URL (once: a usable registration is reused) and stores the secret.',
    authScopes: { admin: true },
    errors: { types: [RobawsUnavailableError] },
    args: { input: t.arg({ type: RegisterWebhooksInput, required: true, description: 'Where Robaws should deliver.' }) },
    resolve: (_parent, { input }, context) => withinInput(() => context.webhooks.registrations.register(input.url)),
  }),
  removeWebhookRegistration: t.field({
    type: RemoveWebhookRegistrationPayload,
    description: 'Removes a webhook endpoint at Robaws and its stored secret.',
    authScopes: { admin: true },
    errors: { types: [NotFoundError, RobawsUnavailableError] },
    args: { input: t.arg({ type: RemoveWebhookRegistrationInput, required: true, description: 'The registration to remove.' }) },
    resolve: (_parent, { input }, context) =>
      withinInput(async () => {
        await context.webhooks.registrations.remove(input.robawsId);
        return { robawsId: input.robawsId };
      }),
  }),
}));
