import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import ErrorsPlugin from '@pothos/plugin-errors';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { CountryCodeResolver, DateTimeResolver, JSONResolver } from 'graphql-scalars';
import type PrismaTypes from '../generated/pothos-types.js';
import { getDatamodel } from '../generated/pothos-types.js';
import { authScopesOf, forbiddenError } from './access.js';
import type { GraphQLContext } from './context.js';
import { complexityError, fieldComplexity, QUERY_LIMITS } from './limits.js';

export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  PrismaTypes: PrismaTypes;
  DefaultFieldNullability: false;
  AuthScopes: { read: boolean; write: boolean; admin: boolean };
  Scalars: {
    CountryCode: { Input: string; Output: string };
    DateTime: { Input: Date; Output: Date };
    JSON: { Input: unknown; Output: unknown };
    ID: { Input: string; Output: string | number };
  };
}>({
  plugins: [ScopeAuthPlugin, ErrorsPlugin, PrismaPlugin, RelayPlugin, ComplexityPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    authScopes: authScopesOf,
    authorizeOnSubscribe: true,
    unauthorizedError: forbiddenError,
  },
  complexity: { limit: QUERY_LIMITS, fieldComplexity, complexityError },
  errors: { defaultTypes: [] },
  prisma: {
    client: (context) => context.db,
    dmmf: getDatamodel(),
    exposeDescriptions: true,
    filterConnectionTotalCount: true,
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
  },
});

builder.addScalarType('DateTime', DateTimeResolver);
builder.addScalarType('JSON', JSONResolver);
builder.addScalarType('CountryCode', CountryCodeResolver);
// Root scopes: reading needs read, changing anything write; syncs, pushes and deletes ask for admin on the field.
builder.queryType({ authScopes: { read: true } });
builder.mutationType({ authScopes: { write: true } });
builder.subscriptionType({ authScopes: { read: true } });
