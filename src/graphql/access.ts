import { AuthScopeFailureType, type AuthFailure, type ForbiddenResult } from '@pothos/plugin-scope-auth';
import { GraphQLError, type GraphQLResolveInfo } from 'graphql';
import { API_SCOPES, grants, type ApiScope } from '../auth/api-keys.js';
import type { GraphQLContext } from './context.js';

/** The scopes of the caller's key, for the scope-auth plugin: queries need read, edits write, syncs, pushes and deletes admin. */
export function authScopesOf(context: GraphQLContext): Record<ApiScope, boolean> {
  return { read: grants(context.caller.scope, 'read'), write: grants(context.caller.scope, 'write'), admin: grants(context.caller.scope, 'admin') };
}

function scopesIn(failure: AuthFailure): ApiScope[] {
  if (failure.kind === AuthScopeFailureType.AuthScope) return API_SCOPES.filter((scope) => scope === failure.scope);
  if (failure.kind === AuthScopeFailureType.AnyAuthScopes || failure.kind === AuthScopeFailureType.AllAuthScopes) return failure.failures.flatMap(scopesIn);
  return [];
}

/** A missing permission: a GraphQL error with `extensions.code` FORBIDDEN that names the scope needed. */
export function forbiddenError(_parent: unknown, context: GraphQLContext, info: GraphQLResolveInfo, result: ForbiddenResult): GraphQLError {
  const needed = scopesIn(result.failure).sort((a, b) => API_SCOPES.indexOf(b) - API_SCOPES.indexOf(a))[0] ?? 'admin';
  const held = context.caller.scope;
  return new GraphQLError(`${info.parentType.name}.${info.fieldName} needs an API key with the ${needed} scope (this key has ${held ?? 'none'})`, {
    extensions: { code: 'FORBIDDEN', requiredScope: needed, scope: held },
  });
}

/**
 * The options of a field only admin keys may use. The Mutation type asks for write; an admin key has
 * write too, so the type's check is skipped and a refusal names the one scope that matters.
 */
export const ADMIN_ONLY = { authScopes: { admin: true }, skipTypeScopes: true } as const;
