import { encodeGlobalID } from '@pothos/plugin-relay';
import { CustomersHaveIntakesError, NotFoundError, RobawsUnavailableError, ValidationError, type FieldIssue } from '../errors.js';
import { builder } from './builder.js';

/**
 * The expected failures of mutations and single lookups: union members next to the result, each
 * implementing Error. Lists answer theirs as GraphQL errors instead (see src/http/graphql-errors.ts).
 */

type ErrorCodeValue = NotFoundError['code'] | ValidationError['code'] | RobawsUnavailableError['code'] | CustomersHaveIntakesError['code'];

const ERROR_CODES: Record<ErrorCodeValue, string> = {
  NOT_FOUND: 'The id or key given names nothing (see NotFoundError).',
  VALIDATION_FAILED: 'Some input does not fit: each field problem is listed with its path (see ValidationError).',
  ROBAWS_UNAVAILABLE: 'Robaws could not be reached or kept failing; nothing was lost here, try again later.',
  CUSTOMERS_HAVE_INTAKES: 'Deleting these customers would leave intakes without a customer (see CustomersHaveIntakesError).',
};

const ErrorCode = builder.enumType('ErrorCode', {
  description: 'What kind of expected failure an Error is: switch on it, show the message.',
  values: Object.fromEntries(Object.entries(ERROR_CODES).map(([code, description]) => [code, { description }])) as Record<ErrorCodeValue, { description: string }>,
});

const ErrorInterface = builder.interfaceRef<Error & { code: ErrorCodeValue }>('Error').implement({
  description: 'An expected failure of a mutation or a single lookup, answered in place of its result.',
  fields: (t) => ({
    code: t.field({ type: ErrorCode, description: 'What kind of failure it is.', resolve: (error) => error.code }),
    message: t.exposeString('message', { description: 'A sentence to show the user, in English.' }),
  }),
});

builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  description: 'The id or key given names nothing (any more).',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof NotFoundError,
  fields: (t) => ({
    entity: t.exposeString('entity', { description: 'What was looked for, e.g. Customer or SyncRun.' }),
    key: t.exposeString('key', { description: 'The key that names nothing, as it was looked up.' }),
  }),
});

builder.objectType(RobawsUnavailableError, {
  name: 'RobawsUnavailableError',
  description: 'Robaws could not be reached, or kept failing after retries; nothing local was lost. Try again later.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof RobawsUnavailableError,
  fields: () => ({}),
});

const FieldIssueRef = builder.objectRef<FieldIssue>('FieldIssue').implement({
  description: 'One problem with one input field: show the message next to that field of the form.',
  fields: (t) => ({
    path: t.exposeString('path', {
      description:
        'Where the problem is, as a dotted path from the argument, as in the variables sent: "input.email", "input.ids.2", "limit"; just the argument ("input") for a problem with the input as a whole, empty for the arguments as a whole.',
    }),
    message: t.exposeString('message', { description: 'What is wrong, in a sentence to show the user.' }),
  }),
});

builder.objectType(ValidationError, {
  name: 'ValidationError',
  description: 'Some input does not fit; nothing was changed. Every field problem is listed.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof ValidationError,
  fields: (t) => ({
    issues: t.field({ type: [FieldIssueRef], description: 'Each problem, with the path of its input field.', resolve: (error) => error.issues }),
  }),
});

builder.objectType(CustomersHaveIntakesError, {
  name: 'CustomersHaveIntakesError',
  description: 'Some of the customers to delete have intakes; nothing was deleted. Delete with force to keep those intakes without a customer.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof CustomersHaveIntakesError,
  fields: (t) => ({
    customerIds: t.idList({ description: 'Global ids of the customers that have intakes.', resolve: (error) => error.customerIds.map((id) => encodeGlobalID('Customer', id)) }),
    intakeCount: t.exposeInt('intakeCount', { description: 'How many intakes they have in all.' }),
  }),
});
