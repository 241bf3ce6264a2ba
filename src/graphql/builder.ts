import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import ErrorsPlugin from '@pothos/plugin-errors';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import { ValidationError } from '../errors.js';
import type PrismaTypes from '../generated/pothos-types.js';
import { getDatamodel } from '../generated/pothos-types.js';
import { authScopesOf, forbiddenError } from './access.js';
import type { GraphQLContext } from './context.js';
import { complexityError, fieldComplexity, QUERY_LIMITS } from './limits.js';
import { CountryCodeScalar, CurrencyScalar } from './scalars.js';
import TextArgumentsPlugin from './text-arguments.js';

export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  PrismaTypes: PrismaTypes;
  DefaultFieldNullability: false;
  AuthScopes: { read: boolean; write: boolean; admin: boolean };
  Connection: { totalCount: number | (() => number | Promise<number>) };
  Scalars: {
    CountryCode: { Input: string; Output: string };
    Currency: { Input: string; Output: string };
    DateTime: { Input: Date; Output: Date };
    JSON: { Input: unknown; Output: unknown };
    ID: { Input: string; Output: string | number };
  };
}>({
  // Order matters: the argument check runs inside the errors plugin, so that its ValidationError is a typed result.
  plugins: [ScopeAuthPlugin, ErrorsPlugin, TextArgumentsPlugin, PrismaPlugin, RelayPlugin, ComplexityPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    authScopes: authScopesOf,
    authorizeOnSubscribe: true,
    unauthorizedError: forbiddenError,
  },
  complexity: { limit: QUERY_LIMITS, fieldComplexity, complexityError },
  // A field with expected failures answers its result or one of its errors directly, in a union named after the field.
  errors: {
    defaultTypes: [ValidationError],
    directResult: true,
    defaultUnionOptions: {
      name: ({ fieldName }) => `${fieldName[0]!.toUpperCase()}${fieldName.slice(1)}Result`,
      description: 'The result, or one of the expected failures listed here (each implements Error: select `... on Error { code message }`).',
    },
  },
  prisma: {
    client: (context) => context.db,
    dmmf: getDatamodel(),
    exposeDescriptions: true,
    filterConnectionTotalCount: true,
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    // node and nodes are defined in nodes.ts: an id that names nothing answers null there, never an error.
    nodeQueryOptions: false,
    nodesQueryOptions: false,
    nodeTypeOptions: { description: 'An object with a global id: any of them can be fetched again with node(id:).' },
    idFieldOptions: { description: 'The global id: what node, nodes and every mutation take.' },
    pageInfoTypeOptions: { description: 'Where a page stands in its list: pass endCursor as `after` for the next page, startCursor as `before` for the previous one.' },
    hasNextPageFieldOptions: { description: 'Whether there are items after this page (when paging forwards with first/after).' },
    hasPreviousPageFieldOptions: { description: 'Whether there are items before this page (when paging backwards with last/before).' },
    startCursorFieldOptions: { description: "The first item's cursor; null for an empty page." },
    endCursorFieldOptions: { description: "The last item's cursor; null for an empty page." },
    firstArgOptions: { description: 'Page forwards: at most this many items from the start (or after `after`); 1 to 500, 50 when neither first nor last is given.' },
    afterArgOptions: { description: 'A cursor (pageInfo.endCursor of the page before): start after that item.' },
    lastArgOptions: { description: 'Page backwards: at most this many items from the end (or before `before`); 1 to 500.' },
    beforeArgOptions: { description: 'A cursor (pageInfo.startCursor of the page after): end before that item.' },
    edgesFieldOptions: { description: 'The items of this page, each with its cursor.' },
    pageInfoFieldOptions: { description: 'Cursors and whether there is more, for the next request.' },
    cursorFieldOptions: { description: 'This item\'s place in the list, for `after` and `before`.' },
    nodeFieldOptions: { description: 'The item.' },
    defaultConnectionTypeOptions: { description: 'One page of a list, with the total and the cursors to ask for the next.' },
    defaultEdgeTypeOptions: { description: 'One item of a page, with its cursor.' },
  },
});

builder.addScalarType('DateTime', DateTimeResolver);
builder.addScalarType('JSON', JSONResolver);
builder.addScalarType('CountryCode', CountryCodeScalar);
builder.addScalarType('Currency', CurrencyScalar);

// Every connection counts the whole list it pages through.
builder.globalConnectionField('totalCount', (t) =>
  t.int({
    description: 'How many items the whole list holds (with the filters given), on every page.',
    resolve: (connection) => (typeof connection.totalCount === 'function' ? connection.totalCount() : connection.totalCount),
  }),
);

// Root scopes: reading needs read, changing anything write; syncs, pushes and deletes ask for admin on the field.
builder.queryType({ authScopes: { read: true } });
builder.mutationType({ authScopes: { write: true } });
builder.subscriptionType({ authScopes: { read: true } });
