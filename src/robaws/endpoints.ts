/**
 * Facts about the Robaws API that are ASSUMED (see docs/robaws-api.md, "Assumed"): each lives in one
 * constant here so that checking it against live Robaws is a one-line change.
 */

export const ROBAWS_API_BASE_PATH = '/api/v2';
export const ROBAWS_CLIENTS_PATH = `${ROBAWS_API_BASE_PATH}/clients`;
export const ROBAWS_WEBHOOK_ENDPOINTS_PATH = `${ROBAWS_API_BASE_PATH}/webhook-endpoints`;

/** Statuses with which Robaws refuses a JSON Patch whose `test` operation failed (409 or 412; 422 is read as a validation error). */
export const ROBAWS_PRECONDITION_FAILED_STATUSES: readonly number[] = [409, 412];

export const MERGE_PATCH_CONTENT_TYPE = 'application/merge-patch+json';
export const JSON_PATCH_CONTENT_TYPE = 'application/json-patch+json';

/** Robaws' own default is 10; we always ask for full pages. */
export const ROBAWS_DEFAULT_PAGE_SIZE = 100;
export const ROBAWS_MAX_PAGE_SIZE = 100;
