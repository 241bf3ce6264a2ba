import { ValidationError } from '../errors.js';

/**
 * A mutation's work on its `input` argument. The modules name the fields of what they were given
 * ("email"); the API names the argument too ("input.email"), as in the variables a client sent.
 */
export async function withinInput<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw error instanceof ValidationError ? error.within('input') : error;
  }
}
