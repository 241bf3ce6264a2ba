import { ValidationError } from '../errors.js';

/** The row id inside a Relay global id, or a ValidationError at `path` when the id is of another type. */
export function localIdOf(globalId: { typename: string; id: string }, typename: 'Customer' | 'Intake', path: string): number {
  const id = Number(globalId.id);
  if (globalId.typename !== typename || !Number.isSafeInteger(id) || id <= 0) {
    throw new ValidationError([{ path, message: `Not the id of a ${typename}` }]);
  }
  return id;
}
