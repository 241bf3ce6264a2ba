import { API_SCOPES, METRICS_SCOPE, type ApiScope, type Caller } from '../auth/api-keys.js';
import { builder } from './builder.js';

/** `viewer`: who is calling. The admin page asks it first, to learn what the signed-in key may do. */

const SCOPE_DESCRIPTIONS: Record<ApiScope, string> = {
  read: 'Reads everything but webhook registrations.',
  write: 'Read, and edits: customers, conflicts, active flags, intakes, duplicate dismissals.',
  admin: 'Write, and syncs, pushes, deletions and webhooks.',
};

const ApiScopeEnum = builder.enumType('ApiScope', {
  description: 'What an API key may do; each scope includes the ones before it (READ < WRITE < ADMIN).',
  values: Object.fromEntries(API_SCOPES.map((scope) => [scope.toUpperCase(), { value: scope, description: SCOPE_DESCRIPTIONS[scope] }])) as Record<
    Uppercase<ApiScope>,
    { value: ApiScope; description: string }
  >,
});

const Viewer = builder.objectRef<Caller>('Viewer').implement({
  description: 'The caller: the scope of the API key the request presents.',
  fields: (t) => ({
    scope: t.field({
      type: ApiScopeEnum,
      description: 'What the key may do; ADMIN where no keys are configured (the API is open).',
      resolve: (caller) => {
        // Unreachable: the Query type asks for the read scope, so a caller without one (or with only metrics) is refused before.
        if (!caller.scope || caller.scope === METRICS_SCOPE) throw new Error('viewer resolved for a caller without an API scope');
        return caller.scope;
      },
    }),
    keyId: t.string({
      nullable: true,
      description: "The key's id: the first 8 hex digits of its sha256, as the server log names keys; null where the API is open.",
      resolve: (caller) => caller.keyId,
    }),
  }),
});

builder.queryField('viewer', (t) =>
  t.field({ type: Viewer, description: 'Who is calling: the scope of the API key presented.', resolve: (_parent, _args, context) => context.caller }),
);
