import { encodeGlobalID } from '@pothos/plugin-relay';
import { CustomersHaveIntakesError, NotFoundError, RobawsUnavailableError, ValidationError, type FieldIssue } from '../errors.js';
import { builder } from './builder.js';

/** Every expected failure a field can return implements Error. */
export const ErrorInterface = builder.interfaceRef<Error & { code?: string }>('Error').implement({
  fields: (t) => ({
    message: t.exposeString('message'),
    code: t.string({ resolve: (error) => error.code ?? 'ERROR' }),
  }),
});

builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof NotFoundError,
  fields: (t) => ({
    entity: t.exposeString('entity'),
    key: t.exposeString('key'),
  }),
});

builder.objectType(RobawsUnavailableError, {
  name: 'RobawsUnavailableError',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof RobawsUnavailableError,
  fields: () => ({}),
});

const FieldIssueRef = builder.objectRef<FieldIssue>('FieldIssue').implement({
  fields: (t) => ({
    path: t.exposeString('path', { description: 'The input field, dotted; empty for the input as a whole.' }),
    message: t.exposeString('message'),
  }),
});

builder.objectType(ValidationError, {
  name: 'ValidationError',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof ValidationError,
  fields: (t) => ({
    issues: t.field({ type: [FieldIssueRef], resolve: (error) => error.issues }),
  }),
});

builder.objectType(CustomersHaveIntakesError, {
  name: 'CustomersHaveIntakesError',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof CustomersHaveIntakesError,
  fields: (t) => ({
    customerIds: t.idList({ description: 'Global ids of the customers that have intakes.', resolve: (error) => error.customerIds.map((id) => encodeGlobalID('Customer', id)) }),
    intakeCount: t.exposeInt('intakeCount'),
  }),
});
