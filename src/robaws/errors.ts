import { STATUS_CODES } from 'node:http';

/** The request an error is about, e.g. `{method: 'GET', path: '/api/v2/clients?page=0&size=100'}` (never the credentials). */
export interface RobawsRequestLabel {
  method: string;
  path: string;
}

export interface RobawsFieldError {
  field: string;
  message: string;
}

interface RobawsErrorDetails {
  request?: RobawsRequestLabel;
  status?: number;
  cause?: unknown;
}

export function describeRequest(request: RobawsRequestLabel): string {
  return `${request.method} ${request.path}`;
}

export function describeStatus(status: number, statusText?: string): string {
  return `${status} ${statusText || STATUS_CODES[status] || 'Unknown Status'}`;
}

function afterAttempts(attempts: number): string {
  return attempts === 1 ? 'after 1 attempt' : `after ${attempts} attempts`;
}

export class RobawsError extends Error {
  readonly code: string = 'ROBAWS_ERROR';
  readonly request: RobawsRequestLabel | undefined;
  readonly status: number | undefined;

  constructor(message: string, details: RobawsErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.request = details.request;
    this.status = details.status;
  }
}

export class RobawsNotFoundError extends RobawsError {
  override readonly code = 'ROBAWS_NOT_FOUND';
  constructor(
    readonly resource: string,
    readonly id: string | null,
    request: RobawsRequestLabel,
  ) {
    const what = id === null ? resource : `${resource} ${id}`;
    super(`Robaws has no ${what} (404 Not Found on ${describeRequest(request)})`, { request, status: 404 });
  }
}

export class RobawsAuthError extends RobawsError {
  override readonly code = 'ROBAWS_AUTH';
  constructor(request: RobawsRequestLabel, status: number, statusText?: string) {
    const hint = status === 401 ? "check the API user's login and password" : 'the API user is not allowed to do this';
    super(`Robaws answered ${describeStatus(status, statusText)} on ${describeRequest(request)}: ${hint}`, { request, status });
  }
}

/** Robaws rejected the data we sent (400/422); `robawsMessage` and `fieldErrors` are taken from its answer when present. */
export class RobawsValidationError extends RobawsError {
  override readonly code = 'ROBAWS_VALIDATION';
  constructor(
    request: RobawsRequestLabel,
    status: number,
    statusText: string | undefined,
    readonly robawsMessage: string | null,
    readonly fieldErrors: RobawsFieldError[],
  ) {
    const fields = fieldErrors.map((fieldError) => `${fieldError.field}: ${fieldError.message}`).join('; ');
    const said = [robawsMessage, fields && `(${fields})`].filter(Boolean).join(' ');
    super(`Robaws rejected the data of ${describeRequest(request)} (${describeStatus(status, statusText)})${said ? `: ${said}` : ''}`, {
      request,
      status,
    });
  }
}

/** A JSON Patch `test` operation failed: the record no longer holds the value the patch expected. */
export class RobawsPreconditionFailedError extends RobawsError {
  override readonly code = 'ROBAWS_PRECONDITION_FAILED';
  constructor(
    request: RobawsRequestLabel,
    status: number,
    statusText: string | undefined,
    readonly robawsMessage: string | null,
  ) {
    super(
      `Robaws answered ${describeStatus(status, statusText)} on ${describeRequest(request)}: a precondition failed, ` +
        `the record changed since it was read${robawsMessage ? ` (${robawsMessage})` : ''}`,
      { request, status },
    );
  }
}

/** A status the client has no meaning for (3xx, 405, 410, ...). */
export class RobawsUnexpectedStatusError extends RobawsError {
  override readonly code = 'ROBAWS_UNEXPECTED_STATUS';
  constructor(request: RobawsRequestLabel, status: number, statusText?: string, robawsMessage?: string | null) {
    super(`Robaws answered ${describeStatus(status, statusText)} on ${describeRequest(request)}${robawsMessage ? `: ${robawsMessage}` : ''}`, {
      request,
      status,
    });
  }
}

/** Robaws answered 2xx, but the body is not JSON or not the shape we expect. */
export class RobawsInvalidResponseError extends RobawsError {
  override readonly code = 'ROBAWS_INVALID_RESPONSE';
}

/**
 * The retryable failures. Thrown once retries are exhausted (or when the request may not be repeated);
 * `attempts` is how many times the request was sent.
 */
export abstract class RobawsTransientError extends RobawsError {
  readonly attempts: number;
  constructor(message: string, attempts: number, details: RobawsErrorDetails) {
    super(message, details);
    this.attempts = attempts;
  }
}

export class RobawsRateLimitedError extends RobawsTransientError {
  override readonly code = 'ROBAWS_RATE_LIMITED';
  constructor(
    request: RobawsRequestLabel,
    attempts: number,
    /** What the last answer's Retry-After asked for, capped; undefined without the header. */
    readonly retryAfterMs: number | undefined,
    statusText?: string,
  ) {
    super(`Robaws answered ${describeStatus(429, statusText)} on ${describeRequest(request)} ${afterAttempts(attempts)}`, attempts, {
      request,
      status: 429,
    });
  }
}

export class RobawsServerError extends RobawsTransientError {
  override readonly code = 'ROBAWS_SERVER_ERROR';
  constructor(request: RobawsRequestLabel, attempts: number, status: number, statusText?: string, note = '') {
    super(`Robaws answered ${describeStatus(status, statusText)} on ${describeRequest(request)} ${afterAttempts(attempts)}${note}`, attempts, {
      request,
      status,
    });
  }
}

export class RobawsTimeoutError extends RobawsTransientError {
  override readonly code = 'ROBAWS_TIMEOUT';
  constructor(request: RobawsRequestLabel, attempts: number, timeoutMs: number, note = '') {
    super(`Robaws did not answer ${describeRequest(request)} within ${timeoutMs} ms, ${afterAttempts(attempts)}${note}`, attempts, { request });
  }
}

export class RobawsNetworkError extends RobawsTransientError {
  override readonly code = 'ROBAWS_NETWORK';
  constructor(request: RobawsRequestLabel, attempts: number, cause: unknown, note = '') {
    super(`Could not reach Robaws for ${describeRequest(request)} (${networkCauseOf(cause)}) ${afterAttempts(attempts)}${note}`, attempts, {
      request,
      cause,
    });
  }
}

/** fetch reports every network failure as `TypeError: fetch failed`; the useful part (ECONNREFUSED, ...) is its cause. */
function networkCauseOf(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  if (!(cause instanceof Error)) return String(cause);
  const code = (cause as { code?: unknown }).code;
  return typeof code === 'string' && !cause.message.includes(code) ? `${code}: ${cause.message}` : cause.message;
}
