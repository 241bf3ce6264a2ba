import { PothosValidationError } from '@pothos/core';
import { GraphQLError, type ExecutionResult } from 'graphql';
import { handleStreamOrSingleExecutionResult, type Plugin } from 'graphql-yoga';
import { DomainError, ValidationError } from '../errors.js';
import type { GraphQLContext } from '../graphql/context.js';

export const UNEXPECTED_ERROR_MESSAGE = 'Unexpected error.';

/**
 * What a client may read of an error thrown in a field. Expected failures that no result union
 * caught (a list's bad argument, a domain error, a bad cursor) keep their message with
 * `extensions.code`; anything else is
 * logged with the request id and reaches the client only as "Unexpected error." with that id, so
 * no stack trace or SQL leaves the server. Yoga's own masking stays on behind this.
 */
function clientError(error: GraphQLError, context: GraphQLContext): GraphQLError {
  const original = error.originalError;
  const location = { nodes: error.nodes, source: error.source, positions: error.positions, path: error.path };
  // Pothos' own errors are GraphQL errors without a code: bad cursors, both `before` and `after`.
  if (original instanceof PothosValidationError && !original.extensions.code) {
    return new GraphQLError(original.message, { ...location, extensions: { code: 'BAD_USER_INPUT' } });
  }
  if (!original || original instanceof GraphQLError) return error;
  // Lists answer their expected failures here: a bad argument as BAD_USER_INPUT, with each field problem.
  if (original instanceof ValidationError) {
    return new GraphQLError(original.message, { ...location, extensions: { code: 'BAD_USER_INPUT', issues: original.issues } });
  }
  if (original instanceof DomainError) {
    return new GraphQLError(original.message, { ...location, extensions: { code: original.code } });
  }
  context.logger.error({ err: original, path: error.path?.join('.') }, 'unexpected error in a GraphQL field');
  return new GraphQLError(UNEXPECTED_ERROR_MESSAGE, { ...location, extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: context.requestId } });
}

export function useClientErrors(): Plugin<GraphQLContext> {
  const handleResult = ({ args, result, setResult }: { args: { contextValue: GraphQLContext }; result: ExecutionResult; setResult: (result: ExecutionResult) => void }) => {
    if (!result.errors?.length) return;
    setResult({ ...result, errors: result.errors.map((error) => clientError(error, args.contextValue)) });
  };
  return {
    onExecute: () => ({ onExecuteDone: (payload) => handleStreamOrSingleExecutionResult(payload, handleResult) }),
    onSubscribe: () => ({ onSubscribeResult: (payload) => handleStreamOrSingleExecutionResult(payload, handleResult) }),
  };
}
