import { z } from 'zod';
import type { RobawsClientPage, RobawsClientRecord } from './client.js';
import { RobawsInvalidResponseError, describeRequest, type RobawsFieldError, type RobawsRequestLabel } from './errors.js';
import { objectWithArrayTexts } from './json-members.js';
import { robawsClientSchema, robawsPageEnvelopeSchema } from './types.js';

/**
 * Reading Robaws' answers: every body is checked against its schema, and a malformed one becomes a
 * typed error that names the request and the field, never a crash further on.
 */

/** Robaws may ask for a long Retry-After; we never wait longer than this per retry, so a stuck answer cannot stall a sync for hours. */
const RETRY_AFTER_CAP_MS = 120_000;

/**
 * Checks a list answer. A malformed envelope throws RobawsInvalidResponseError naming the field; a malformed
 * item is reported in `invalid` (with its index and, when readable, its id) while the others are kept.
 */
export function parseClientPage(
  body: unknown,
  requested: { page: number; size: number },
  request?: RobawsRequestLabel,
): Omit<RobawsClientPage, 'robawsTime'> {
  return checkedPage(body, requested, request, readItem);
}

/**
 * A list answer read from its text. Items for which `isKnown` answers true (the caller holds that very
 * text already) are counted in `known` and neither parsed nor checked; the others are read as
 * `parseClientPage` reads them, each keeping its text.
 */
export function parseClientPageText(
  text: string,
  requested: { page: number; size: number },
  request: RobawsRequestLabel,
  isKnown?: (itemJson: string) => boolean,
): Omit<RobawsClientPage, 'robawsTime'> {
  const split = isKnown ? objectWithArrayTexts(text, 'items') : null;
  if (!split) return parseClientPage(parseJsonBody(text, request), requested, request);
  return checkedPage({ ...split.members, items: split.elements }, requested, request, (element, index, page) => {
    const json = element as string;
    if (isKnown!(json)) {
      page.known++;
      return;
    }
    let item: unknown;
    try {
      item = JSON.parse(json);
    } catch (error) {
      // The page is not JSON then: said as for any body that is not.
      throw notJsonError(text, request, error);
    }
    readItem(item, index, page, json);
  });
}

function checkedPage(
  body: unknown,
  requested: { page: number; size: number },
  request: RobawsRequestLabel | undefined,
  read: (item: unknown, index: number, page: Omit<RobawsClientPage, 'robawsTime'>) => void,
): Omit<RobawsClientPage, 'robawsTime'> {
  const envelope = robawsPageEnvelopeSchema.safeParse(body);
  if (!envelope.success) {
    throw new RobawsInvalidResponseError(
      `Robaws sent a malformed page${request ? ` for ${describeRequest(request)}` : ''}: ${formatZodIssues(envelope.error.issues)}`,
      { request },
    );
  }
  const { items, totalItems } = envelope.data;
  const size = envelope.data.size ?? requested.size;
  const page: Omit<RobawsClientPage, 'robawsTime'> = {
    page: envelope.data.page ?? requested.page,
    size,
    totalItems,
    totalPages: Math.ceil(totalItems / size),
    records: [],
    invalid: [],
    known: 0,
  };
  items.forEach((item, index) => read(item, index, page));
  return page;
}

function readItem(item: unknown, index: number, page: Pick<RobawsClientPage, 'records' | 'invalid'>, json?: string): void {
  const parsed = robawsClientSchema.safeParse(item);
  if (parsed.success) page.records.push({ client: parsed.data, raw: item as Record<string, unknown>, ...(json === undefined ? {} : { json }) });
  else page.invalid.push({ index, id: readableIdOf(item), raw: item, reason: formatZodIssues(parsed.error.issues) });
}

export function parseClientRecord(body: unknown, request: RobawsRequestLabel): RobawsClientRecord {
  const client = parseOrThrow(robawsClientSchema, body, 'client', request);
  return { client, raw: body as Record<string, unknown> };
}

export function parseOrThrow<T extends z.ZodType>(schema: T, body: unknown, what: string, request: RobawsRequestLabel): z.output<T> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  throw new RobawsInvalidResponseError(
    `Robaws sent a malformed ${what} for ${describeRequest(request)}: ${formatZodIssues(parsed.error.issues)}`,
    { request },
  );
}

function readableIdOf(item: unknown): string | null {
  if (item === null || typeof item !== 'object' || !('id' in item)) return null;
  const { id } = item;
  return typeof id === 'number' || (typeof id === 'string' && id !== '') ? String(id) : null;
}

/** `totalItems: Invalid input: expected number, received string`; a union lists why each alternative failed. */
export function formatZodIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => {
      const path = issue.path.length > 0 ? issue.path.map(String).join('.') : '(body)';
      const alternatives =
        issue.code === 'invalid_union' && issue.errors.length > 0
          ? ` (${issue.errors.map((branch) => branch.map((inner) => inner.message).join(', ')).join(' | ')})`
          : '';
      return `${path}: ${issue.message}${alternatives}`;
    })
    .join('; ');
}

export function parseJsonBody(text: string, request: RobawsRequestLabel): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw notJsonError(text, request, error);
  }
}

function notJsonError(text: string, request: RobawsRequestLabel, error: unknown): RobawsInvalidResponseError {
  const excerpt = text.length > 80 ? `${text.slice(0, 80)}...` : text;
  return new RobawsInvalidResponseError(
    `Robaws sent a body that is not JSON for ${describeRequest(request)} (${(error as Error).message}): ${JSON.stringify(excerpt)}`,
    { request, cause: error },
  );
}

export function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

const robawsErrorBodySchema = z.looseObject({
  message: z.string().optional().catch(undefined),
  errors: z.array(z.unknown()).optional().catch(undefined),
});
const robawsFieldErrorSchema = z.looseObject({ field: z.string(), message: z.string() });

export function robawsMessageOf(body: unknown): string | null {
  const parsed = robawsErrorBodySchema.safeParse(body);
  return parsed.success ? (parsed.data.message ?? null) : null;
}

/** Field errors as in `{"errors":[{"field":"email","message":"not a valid e-mail"}]}`; entries of another shape are skipped. */
export function fieldErrorsOf(body: unknown): RobawsFieldError[] {
  const parsed = robawsErrorBodySchema.safeParse(body);
  if (!parsed.success) return [];
  return (parsed.data.errors ?? []).flatMap((entry) => {
    const fieldError = robawsFieldErrorSchema.safeParse(entry);
    return fieldError.success ? [{ field: fieldError.data.field, message: fieldError.data.message }] : [];
  });
}

/** Retry-After in seconds or as an HTTP-date, in ms from now, capped at RETRY_AFTER_CAP_MS; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  const ms = /^\d+(\.\d+)?$/.test(value) ? Number(value) * 1000 : Date.parse(value) - now;
  if (Number.isNaN(ms)) return undefined;
  return Math.min(Math.max(ms, 0), RETRY_AFTER_CAP_MS);
}
