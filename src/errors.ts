/**
 * Expected failures of the domain. Services throw these; the GraphQL layer returns them as typed
 * results (see src/graphql/errors.ts), the CLI prints them, HTTP routes map them to 4xx.
 */
export class DomainError extends Error {
  readonly code: string = 'DOMAIN_ERROR';
}

export class NotFoundError extends DomainError {
  override readonly code = 'NOT_FOUND';
  override name = 'NotFoundError';
  constructor(
    readonly entity: string,
    readonly key: string,
    message = `${entity} ${key} does not exist`,
  ) {
    super(message);
  }
}

/** Robaws could not be reached or kept failing after retries; nothing local was lost. */
export class RobawsUnavailableError extends DomainError {
  override readonly code = 'ROBAWS_UNAVAILABLE';
  override name = 'RobawsUnavailableError';
}

export interface FieldIssue {
  path: string;
  message: string;
}

/** Input that does not fit, with one message per field. */
export class ValidationError extends DomainError {
  override readonly code = 'VALIDATION_FAILED';
  override name = 'ValidationError';
  constructor(readonly issues: FieldIssue[]) {
    super(issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join('; '));
  }

  /** The same issues with their paths under `prefix`: the modules name fields of their input, the API names its arguments. */
  within(prefix: string): ValidationError {
    return new ValidationError(this.issues.map((issue) => ({ path: issue.path ? `${prefix}.${issue.path}` : prefix, message: issue.message })));
  }
}

/** Deleting these customers would detach intakes from them; `force` does it anyway. */
export class CustomersHaveIntakesError extends DomainError {
  override readonly code = 'CUSTOMERS_HAVE_INTAKES';
  override name = 'CustomersHaveIntakesError';
  constructor(readonly customerIds: number[], readonly intakeCount: number) {
    super(`${customerIds.length} of these customers have intakes (${intakeCount} in all); delete with force to keep the intakes without a customer`);
  }
}

/** An error's message (or the value itself, thrown as something else), for a run's or an event's error column. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
