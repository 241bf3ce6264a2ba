import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { encodeGlobalID } from '@pothos/plugin-relay';
import {
  buildSchema,
  getNamedType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isUnionType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
} from 'graphql';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEYS, createGraphQLApp, type GraphQLApp } from '../support/graphql-app.js';
import { createHarness, type Harness } from '../support/harness.js';

/**
 * Generated from schema.graphql: every root Query and Mutation field, with the smallest selection
 * (`__typename` on any object, union or interface), called with arguments filled from one probe at a
 * time: known and unknown ids of every Node type, ids out of range or malformed, NUL characters, 1 MB
 * strings, empty values, negative and huge numbers. No answer may be an internal error, and a mutation
 * refused (an Error union member, or a GraphQL error) must leave the database as it was.
 */

const SCHEMA = buildSchema(readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8'));
const MEGABYTE = 'x'.repeat(1024 * 1024);
const UUID_NOBODY_HAS = '00000000-0000-4000-8000-000000000000';
const base64 = (text: string) => Buffer.from(text).toString('base64');

/** The value a probe gives each kind of argument. */
interface Probe {
  name: string;
  id: string;
  text: string;
  int: number;
  float: number;
  list: (item: unknown) => unknown[];
  /** Whether arguments and input fields that may be left out are given (false: left out). */
  optional: 'given' | 'omitted' | 'null';
}

const one = (item: unknown) => [item];

function probes(known: { customer: string; intake: string; syncRun: string; webhookEvent: string }): Probe[] {
  const plain = { text: 'no such thing', int: 1, float: 0.5, list: one, optional: 'given' } as const;
  return [
    ...Object.entries(known).map(([type, id]) => ({ ...plain, name: `a known ${type} id`, id, text: '1001' })),
    { ...plain, name: 'an unknown Customer id', id: encodeGlobalID('Customer', 999_999) },
    { ...plain, name: 'an unknown Intake id', id: encodeGlobalID('Intake', 999_999) },
    { ...plain, name: 'an unknown SyncRun id', id: encodeGlobalID('SyncRun', UUID_NOBODY_HAS) },
    { ...plain, name: 'an unknown WebhookEvent id', id: encodeGlobalID('WebhookEvent', UUID_NOBODY_HAS) },
    { ...plain, name: 'required arguments only', id: encodeGlobalID('Customer', 999_999), optional: 'omitted' },
    { ...plain, name: 'null for everything optional', id: encodeGlobalID('Customer', 999_999), optional: 'null' },
    { ...plain, name: 'ids and numbers out of range', id: encodeGlobalID('Customer', 2_147_483_648), text: '2147483648', int: 2_147_483_647, float: 1e308 },
    { ...plain, name: 'a malformed id, NUL characters, negative numbers', id: 'not-a-global-id', text: 'a\u0000b', int: -1, float: -1 },
    { ...plain, name: 'ids of no Node type or with a bad row id', id: base64('Nothing:1'), text: 'Customer:abc', int: -2_147_483_648, float: -1e308 },
    { ...plain, name: 'ids with a row id that is no number or uuid', id: base64('Customer:abc'), text: '%_\\', int: 0, float: 0 },
    { ...plain, name: '1 MB strings', id: MEGABYTE, text: MEGABYTE },
    { ...plain, name: 'empty values', id: '', text: '', int: 0, float: 0, list: () => [] },
    { ...plain, name: 'long lists', id: encodeGlobalID('Customer', 999_999), list: (item) => Array.from({ length: 501 }, () => item) },
    { ...plain, name: 'numbers beyond 32 bits', id: encodeGlobalID('Customer', 999_999), int: 2 ** 53 },
  ];
}

/**
 * A value for `type` from `probe`; undefined when the probe leaves it out. `focus`, a path of argument
 * and input field names, leaves out everything optional but what lies on it: one bad value then meets
 * the resolver alone, not behind another one refused first.
 */
function valueOf(type: GraphQLInputType, probe: Probe, focus: readonly string[] | null): unknown {
  if (isNonNullType(type)) return valueOf(type.ofType, { ...probe, optional: 'given' }, focus);
  if (probe.optional === 'omitted') return undefined;
  if (probe.optional === 'null') return null;
  if (isListType(type)) return probe.list(valueOf(type.ofType, probe, focus));
  if (isInputObjectType(type)) return fieldsOf(Object.values(type.getFields()), probe, focus);
  if (isEnumType(type)) return type.getValues()[0]!.name;
  const scalars: Record<string, unknown> = {
    ID: probe.id,
    String: probe.text,
    CountryCode: probe.text,
    Currency: probe.text,
    Int: probe.int,
    Float: probe.float,
    Boolean: true,
    DateTime: new Date(0).toISOString(),
    JSON: {},
  };
  if (!(type.name in scalars)) throw new Error(`the walk has no probe for the scalar ${type.name}: add one`);
  return scalars[type.name];
}

/** Arguments (or input fields) by name: the required ones, and the optional ones the focus allows. */
function fieldsOf(fields: ReadonlyArray<{ name: string; type: GraphQLInputType }>, probe: Probe, focus: readonly string[] | null): Record<string, unknown> {
  return Object.fromEntries(
    fields.flatMap((field) => {
      const onFocus = focus === null || focus[0] === field.name;
      if (!onFocus && !isNonNullType(field.type)) return [];
      const value = valueOf(field.type, onFocus ? probe : { ...probe, optional: 'given' }, onFocus && focus ? focus.slice(1) : focus === null ? null : []);
      return value === undefined ? [] : [[field.name, value]];
    }),
  );
}

/** Every path to an optional argument or input field, two levels deep: the focuses a probe is tried with. */
function optionalPaths(fields: ReadonlyArray<{ name: string; type: GraphQLInputType }>, depth = 2): string[][] {
  return fields.flatMap((field) => {
    const named = getNamedType(field.type);
    const inner = depth > 1 && isInputObjectType(named) ? optionalPaths(Object.values(named.getFields()), depth - 1).map((path) => [field.name, ...path]) : [];
    return [...(isNonNullType(field.type) ? [] : [[field.name]]), ...inner];
  });
}

/** The variables each probe gives a field: everything at once, then each optional argument or input field alone. */
function variablesOf(field: GraphQLField<unknown, unknown>, probe: Probe): Array<Record<string, unknown>> {
  const focuses = probe.optional === 'given' ? [null, ...optionalPaths(field.args)] : [null];
  return focuses.map((focus) => fieldsOf(field.args, probe, focus));
}

/** The field called with every argument as a variable, selecting as little as a valid document allows. */
function documentFor(operation: 'query' | 'mutation', field: GraphQLField<unknown, unknown>): string {
  const variables = field.args.map((arg) => `$${arg.name}: ${arg.type}`).join(', ');
  const args = field.args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  const selection = isCompositeType(getNamedType(field.type)) ? ' { __typename }' : '';
  return `${operation} Walk${variables ? `(${variables})` : ''} { ${field.name}${args ? `(${args})` : ''}${selection} }`;
}

interface Answer {
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions?: { code?: string } }> };
}

/** Error types: the members of result unions that implement Error. */
const ERROR_TYPES = new Set(SCHEMA.getPossibleTypes(SCHEMA.getType('Error') as never).map((type) => type.name));

/** Whether a mutation's answer says it did nothing: a GraphQL error, or an Error in place of its result. */
function refused(answer: Answer, field: string): boolean {
  if (answer.body.errors?.length) return true;
  const result = answer.body.data?.[field] as { __typename?: string } | undefined;
  return result?.__typename !== undefined && ERROR_TYPES.has(result.__typename);
}

const TABLES = ['customers', 'intakes', 'sync_runs', 'webhook_events', 'webhook_endpoints', 'duplicate_dismissals'];
/** syncSingle records its attempt as a run even when Robaws has no such client (every attempt is a run, kept). */
const RECORDED_ATTEMPTS: Record<string, string> = { syncSingle: 'sync_runs' };

let harness: Harness;
let api: GraphQLApp;
let sql: pg.Client;
let allProbes: Probe[];

beforeAll(async () => {
  harness = await createHarness({ sandbox: { clients: 30 } });
  const { run } = await harness.sync.run({ kind: 'FULL', trigger: 'API' });
  const { db } = harness.database;
  const customer = await db.customer.findFirstOrThrow({ where: { robawsClientId: '1001' } });
  const intake = await db.intake.create({ data: { robawsClientId: customer.robawsClientId, customerName: customer.name } });
  const event = await db.webhookEvent.create({ data: { id: randomUUID(), rawBody: '{}', bodyBytes: 2, signature: 'VALID', status: 'FAILED' } });
  allProbes = probes({
    customer: encodeGlobalID('Customer', customer.id),
    intake: encodeGlobalID('Intake', intake.id),
    syncRun: encodeGlobalID('SyncRun', run.id),
    webhookEvent: encodeGlobalID('WebhookEvent', event.id),
  });
  // 1 MB strings in several input fields at once must reach the resolvers, not the body limit.
  api = await createGraphQLApp(harness, { env: { GRAPHQL_MAX_BODY_BYTES: String(64 * 1024 * 1024) } });
  sql = new pg.Client({ connectionString: harness.database.url });
  await sql.connect();
}, 120_000);

afterAll(async () => {
  await sql?.end();
  await harness?.close();
});

async function call(document: string, variables: Record<string, unknown>): Promise<Answer> {
  const response = await api.app.fetch(
    new Request('http://app/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEYS.admin}` },
      body: JSON.stringify({ query: document, variables }),
    }),
  );
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Answer['body']) : {} };
}

/** Every row of the tables the API writes, once no sync is running (a run a walked mutation started ends first). */
async function databaseState(mutation: string): Promise<string> {
  await expect.poll(async () => (await sql.query("SELECT count(*)::int AS n FROM sync_runs WHERE status IN ('QUEUED', 'RUNNING')")).rows[0].n, { timeout: 30_000 }).toBe(0);
  const tables = TABLES.filter((table) => RECORDED_ATTEMPTS[mutation] !== table);
  const states = await Promise.all(tables.map(async (table) => (await sql.query(`SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS md5 FROM ${table} t`)).rows[0].md5));
  return states.join(',');
}

function internalErrors(answer: Answer): string[] {
  if (answer.status >= 500) return [`HTTP ${answer.status}`];
  return (answer.body.errors ?? []).filter((error) => error.extensions?.code === 'INTERNAL_SERVER_ERROR').map((error) => error.message);
}

function rootFields(type: GraphQLObjectType | null | undefined): Array<GraphQLField<unknown, unknown>> {
  return Object.values(type?.getFields() ?? {});
}

describe('every root field of schema.graphql, walked', () => {
  it('the schema has the roots the walk reads', () => {
    expect(rootFields(SCHEMA.getQueryType()).length).toBeGreaterThan(10);
    expect(rootFields(SCHEMA.getMutationType()).length).toBeGreaterThan(10);
    expect(isObjectType(SCHEMA.getType('Customer')) && isUnionType(SCHEMA.getType('CustomerResult'))).toBe(true);
  });

  it.each(rootFields(SCHEMA.getQueryType()).map((field) => [field.name, field] as const))('query %s answers no internal error, whatever its arguments', async (_name, field) => {
    const failures: string[] = [];
    for (const probe of allProbes) {
      for (const variables of variablesOf(field, probe)) {
        for (const error of internalErrors(await call(documentFor('query', field), variables))) failures.push(`${probe.name} (${Object.keys(variables)}): ${error}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it.each(rootFields(SCHEMA.getMutationType()).map((field) => [field.name, field] as const))(
    'mutation %s answers no internal error, and changes nothing when it refuses',
    async (_name, field) => {
      const failures: string[] = [];
      for (const probe of allProbes) {
        for (const variables of variablesOf(field, probe)) {
          const before = await databaseState(field.name);
          const answer = await call(documentFor('mutation', field), variables);
          const tried = `${probe.name} (${JSON.stringify(variables).slice(0, 120)})`;
          for (const error of internalErrors(answer)) failures.push(`${tried}: ${error}`);
          if (refused(answer, field.name) && (await databaseState(field.name)) !== before) failures.push(`${tried}: refused, yet the database changed`);
        }
      }
      expect(failures).toEqual([]);
    },
    120_000,
  );
});
