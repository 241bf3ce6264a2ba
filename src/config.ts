import { existsSync } from 'node:fs';
import { isSupportedCountry, type CountryCode } from 'libphonenumber-js/max';
import { validate as isValidCron } from 'node-cron';
import { z } from 'zod';
import { parseApiKeys, type ApiKey } from './auth/api-keys.js';

/**
 * The one place that reads the environment. Every variable is documented in README.md.
 * A bad value stops start-up with one message naming every bad variable and what it allows.
 */

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');
const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();
const nonNegativeInt = z.coerce.number().int().nonnegative();
const optionalString = z.string().trim().min(1).optional();
/** What both the in-process sandbox and `npm run sandbox` read; only the port's default differs. */
const sandboxVariables = {
  SANDBOX_CLIENTS: z.coerce.number().int().min(2).default(4017),
  SANDBOX_SEED: z.coerce.number().int().default(1),
  SANDBOX_LATENCY_MS: nonNegativeInt.default(0),
  SANDBOX_CLOCK_OFFSET_SECONDS: z.coerce.number().int().default(0),
};
const cronExpression = z
  .string()
  .trim()
  .refine((value) => value.split(/\s+/).length === 5 && isValidCron(value), 'must be a five-field cron expression (minute hour day-of-month month day-of-week)');
const timeZone = z.string().refine((value) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as Europe/Brussels');

/**
 * Every variable, in groups: a command's --help lists the groups it reads (src/cli/help.ts), and each
 * group is a section of README.md's Configuration table.
 */
const variableGroups = {
  general: {
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  },
  log: {
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
    LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  },
  http: {
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: port.default(4000),
    API_KEYS: optionalString,
    GRAPHQL_MAX_BODY_BYTES: positiveInt.default(1024 * 1024),
    CORS_ORIGINS: z
      .string()
      .transform((value) => value.split(',').map((origin) => origin.trim()))
      .refine((origins) => origins.every(isOrigin), 'must be a comma-separated list of origins such as https://intake.example.com (scheme, host and port; no path)')
      .optional(),
    GRAPHIQL_ENABLED: booleanFlag.optional(),
    GRAPHQL_INTROSPECTION_ENABLED: booleanFlag.optional(),
  },
  database: {
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
    EMBEDDED_PG_DATA_DIR: z.string().min(1).default('./.data/postgres'),
    EMBEDDED_PG_PORT: port.optional(),
    RUN_MIGRATIONS_ON_START: booleanFlag.default(true),
  },
  robaws: {
    ROBAWS_BASE_URL: z.url({ protocol: /^https?$/ }).default('https://app.robaws.com'),
    ROBAWS_USERNAME: optionalString,
    ROBAWS_PASSWORD: optionalString,
    ROBAWS_TIMEOUT_MS: positiveInt.default(10_000),
    ROBAWS_MAX_RETRIES: nonNegativeInt.default(4),
    ROBAWS_REQUESTS_PER_SECOND: positiveInt.default(8),
    ROBAWS_MAX_CONCURRENCY: positiveInt.default(4),
    ROBAWS_ROLE_FIELD_ID: optionalString,
    DEFAULT_PHONE_COUNTRY: z
      .string()
      .transform((value) => value.toUpperCase())
      .refine((value): value is CountryCode => isSupportedCountry(value), 'must be a two-letter country code libphonenumber knows, such as BE')
      .default('BE'),
  },
  sandbox: {
    ...sandboxVariables,
    SANDBOX_PORT: port.default(0),
  },
  sync: {
    SYNC_PAGE_SIZE: z.coerce.number().int().min(1).max(100).default(100),
    SYNC_PAGE_CONCURRENCY: positiveInt.default(4),
    SYNC_WRITE_BATCH_SIZE: positiveInt.default(500),
    SYNC_INCREMENTAL_OVERLAP_SECONDS: nonNegativeInt.default(120),
    SYNC_RESUME_MAX_AGE_MINUTES: nonNegativeInt.default(360),
    SYNC_PUSH_CONCURRENCY: positiveInt.default(4),
  },
  webhooks: {
    ROBAWS_WEBHOOK_SECRET: optionalString,
    WEBHOOK_RATE_LIMIT_PER_MINUTE: positiveInt.default(30_000),
    WEBHOOK_MAX_ATTEMPTS: positiveInt.default(8),
    WEBHOOK_RETRY_BASE_SECONDS: positiveInt.default(5),
    WEBHOOK_RETRY_MAX_SECONDS: positiveInt.default(3600),
    WEBHOOK_CONCURRENCY: positiveInt.default(8),
    WEBHOOK_LEASE_SECONDS: positiveInt.default(60),
    WEBHOOK_REFUSALS_RECORDED_PER_MINUTE: positiveInt.default(60),
    WEBHOOK_REFUSED_KEEP_DAYS: positiveInt.default(30),
    WEBHOOK_REFUSED_KEEP_MAX: positiveInt.default(1000),
  },
  schedules: {
    SCHEDULER_ENABLED: booleanFlag.default(true),
    SCHEDULE_CATCH_UP: booleanFlag.default(true),
    SCHEDULE_TIME_ZONE: timeZone.default('Europe/Brussels'),
    SCHEDULE_INCREMENTAL_SYNC_CRON: cronExpression.default('0 3 * * *'),
    SCHEDULE_INCREMENTAL_SYNC_ENABLED: booleanFlag.default(true),
    SCHEDULE_FULL_SYNC_CRON: cronExpression.default('0 4 * * 0'),
    SCHEDULE_FULL_SYNC_ENABLED: booleanFlag.default(true),
    SCHEDULE_PUSH_CRON: cronExpression.default('0 22 * * *'),
    SCHEDULE_PUSH_ENABLED: booleanFlag.default(true),
  },
};

const environmentSchema = z.object({
  ...variableGroups.general,
  ...variableGroups.log,
  ...variableGroups.http,
  ...variableGroups.database,
  ...variableGroups.robaws,
  ...variableGroups.sandbox,
  ...variableGroups.sync,
  ...variableGroups.webhooks,
  ...variableGroups.schedules,
});

export type VariableGroup = keyof typeof variableGroups;

/** A variable as a command's --help lists it: its name and its default (null: unset by default). */
export interface VariableInfo {
  name: string;
  default: string | null;
}

function defaultOf(schema: z.ZodType): string | null {
  const parsed = schema.safeParse(undefined);
  return parsed.success && parsed.data !== undefined ? String(parsed.data) : null;
}

function variablesIn(shape: Record<string, z.ZodType>): VariableInfo[] {
  return Object.entries(shape).map(([name, schema]) => ({ name, default: defaultOf(schema) }));
}

/** The variables of these groups, group by group. */
export function variablesOf(groups: readonly VariableGroup[]): Array<{ group: VariableGroup; variables: VariableInfo[] }> {
  return groups.map((group) => ({ group, variables: variablesIn(variableGroups[group]) }));
}

export const VARIABLE_GROUPS = Object.keys(variableGroups) as VariableGroup[];

function isOrigin(value: string): boolean {
  try {
    return new URL(value).origin === value;
  } catch {
    return false;
  }
}

export type Environment = z.infer<typeof environmentSchema>;

export interface Config {
  env: Environment['NODE_ENV'];
  http: { host: string; port: number };
  log: { level: Environment['LOG_LEVEL']; format: Environment['LOG_FORMAT'] };
  database: { url: string | undefined; embeddedDataDir: string; embeddedPort: number | undefined; migrateOnStart: boolean };
  robaws: {
    mode: 'LIVE' | 'SANDBOX';
    baseUrl: string;
    username: string | undefined;
    password: string | undefined;
    timeoutMs: number;
    maxRetries: number;
    requestsPerSecond: number;
    maxConcurrency: number;
  };
  /** How Robaws records and typed values are read: the country for national phone numbers, the role field's id if Robaws keys it so. */
  normalization: { defaultCountry: CountryCode; roleFieldId: string | null };
  webhooks: WebhookConfig;
  schedules: ScheduleConfig;
  sandbox: SandboxConfig;
  sync: {
    pageSize: number;
    pageConcurrency: number;
    writeBatchSize: number;
    incrementalOverlapMs: number;
    resumeMaxAgeMs: number;
    pushConcurrency: number;
  };
  /** No keys (never in production): the API is open, and start-up says so loudly. */
  api: { keys: ApiKey[] };
  graphql: {
    /** Larger request bodies are refused with 413 before they are read. */
    maxBodyBytes: number;
    /** Browser origins allowed to call the API from other sites; none by default. */
    corsOrigins: string[];
    /** GraphiQL at /graphql; off in production unless turned on. */
    graphiql: boolean;
    /** Introspection and schema hints in error messages; off in production unless turned on. */
    introspection: boolean;
  };
}

export interface SandboxConfig {
  clients: number;
  seed: number;
  latencyMs: number;
  /** How far the sandbox's clock is ahead of ours (negative: behind), as Robaws' clock may be. */
  clockOffsetMs: number;
  port: number;
}

export interface WebhookConfig {
  /** Accepted besides the secrets of the endpoints registered through us. */
  secret: string | undefined;
  rateLimitPerMinute: number;
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
  concurrency: number;
  leaseMs: number;
  /** Refused deliveries are kept (an excerpt each) for inspection, within these bounds. */
  refusals: { recordedPerMinute: number; keepMs: number; keepMax: number };
}

export interface ScheduleConfig {
  enabled: boolean;
  /** On start, run once each job whose last success is older than its period (see src/jobs/scheduler.ts). */
  catchUp: boolean;
  timeZone: string;
  jobs: Record<'incrementalSync' | 'fullSync' | 'push', { cron: string; enabled: boolean }>;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Empty strings count as unset, so `FOO=` in a .env file means "use the default". */
function withoutEmptyValues(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''));
}

/** Checks across variables, made on the raw values so they are reported together with the rest. */
function crossVariableProblems(env: Record<string, string>): string[] {
  const problems: string[] = [];
  if (Boolean(env.ROBAWS_USERNAME) !== Boolean(env.ROBAWS_PASSWORD)) {
    const missing = env.ROBAWS_USERNAME ? 'ROBAWS_PASSWORD' : 'ROBAWS_USERNAME';
    problems.push(`${missing}: ROBAWS_USERNAME and ROBAWS_PASSWORD go together: set both (live Robaws) or neither (sandbox)`);
  }
  const apiKeys = env.API_KEYS ? parseApiKeys(env.API_KEYS) : { keys: [], problems: [] };
  problems.push(...apiKeys.problems.map((problem) => `API_KEYS: ${problem}`));
  if (apiKeys.keys.length === 0 && env.NODE_ENV === 'production') {
    problems.push('API_KEYS: at least one valid key is required when NODE_ENV=production (without keys the API is open to anyone who can reach it)');
  }
  return problems;
}

function schemaProblems(issues: readonly z.core.$ZodIssue[], given: Record<string, string>): string[] {
  return issues.map((issue) => {
    const variable = issue.path.join('.') || '(environment)';
    return `${variable}: ${issue.message}${given[variable] === undefined ? '' : ` (got "${given[variable]}")`}`;
  });
}

function sandboxConfig(env: Pick<Environment, keyof typeof sandboxVariables | 'SANDBOX_PORT'>): SandboxConfig {
  return {
    clients: env.SANDBOX_CLIENTS,
    seed: env.SANDBOX_SEED,
    latencyMs: env.SANDBOX_LATENCY_MS,
    clockOffsetMs: env.SANDBOX_CLOCK_OFFSET_SECONDS * 1000,
    port: env.SANDBOX_PORT,
  };
}

export function parseConfig(rawEnv: NodeJS.ProcessEnv): Config {
  const given = withoutEmptyValues(rawEnv);
  const result = environmentSchema.safeParse(given);
  const problems = [...schemaProblems(result.success ? [] : result.error.issues, given), ...crossVariableProblems(given)];
  if (!result.success || problems.length > 0) throw new ConfigError(problems);
  const env = result.data;
  return {
    env: env.NODE_ENV,
    http: { host: env.HOST, port: env.PORT },
    log: { level: env.LOG_LEVEL, format: env.LOG_FORMAT },
    database: {
      url: env.DATABASE_URL,
      embeddedDataDir: env.EMBEDDED_PG_DATA_DIR,
      embeddedPort: env.EMBEDDED_PG_PORT,
      migrateOnStart: env.RUN_MIGRATIONS_ON_START,
    },
    robaws: {
      mode: env.ROBAWS_USERNAME ? 'LIVE' : 'SANDBOX',
      baseUrl: env.ROBAWS_BASE_URL,
      username: env.ROBAWS_USERNAME,
      password: env.ROBAWS_PASSWORD,
      timeoutMs: env.ROBAWS_TIMEOUT_MS,
      maxRetries: env.ROBAWS_MAX_RETRIES,
      requestsPerSecond: env.ROBAWS_REQUESTS_PER_SECOND,
      maxConcurrency: env.ROBAWS_MAX_CONCURRENCY,
    },
    normalization: { defaultCountry: env.DEFAULT_PHONE_COUNTRY as CountryCode, roleFieldId: env.ROBAWS_ROLE_FIELD_ID ?? null },
    webhooks: {
      secret: env.ROBAWS_WEBHOOK_SECRET,
      rateLimitPerMinute: env.WEBHOOK_RATE_LIMIT_PER_MINUTE,
      maxAttempts: env.WEBHOOK_MAX_ATTEMPTS,
      retryBaseMs: env.WEBHOOK_RETRY_BASE_SECONDS * 1000,
      retryMaxMs: env.WEBHOOK_RETRY_MAX_SECONDS * 1000,
      concurrency: env.WEBHOOK_CONCURRENCY,
      leaseMs: env.WEBHOOK_LEASE_SECONDS * 1000,
      refusals: {
        recordedPerMinute: env.WEBHOOK_REFUSALS_RECORDED_PER_MINUTE,
        keepMs: env.WEBHOOK_REFUSED_KEEP_DAYS * 86_400_000,
        keepMax: env.WEBHOOK_REFUSED_KEEP_MAX,
      },
    },
    schedules: {
      enabled: env.SCHEDULER_ENABLED,
      catchUp: env.SCHEDULE_CATCH_UP,
      timeZone: env.SCHEDULE_TIME_ZONE,
      jobs: {
        incrementalSync: { cron: env.SCHEDULE_INCREMENTAL_SYNC_CRON, enabled: env.SCHEDULE_INCREMENTAL_SYNC_ENABLED },
        fullSync: { cron: env.SCHEDULE_FULL_SYNC_CRON, enabled: env.SCHEDULE_FULL_SYNC_ENABLED },
        push: { cron: env.SCHEDULE_PUSH_CRON, enabled: env.SCHEDULE_PUSH_ENABLED },
      },
    },
    sandbox: sandboxConfig(env),
    sync: {
      pageSize: env.SYNC_PAGE_SIZE,
      pageConcurrency: env.SYNC_PAGE_CONCURRENCY,
      writeBatchSize: env.SYNC_WRITE_BATCH_SIZE,
      incrementalOverlapMs: env.SYNC_INCREMENTAL_OVERLAP_SECONDS * 1000,
      resumeMaxAgeMs: env.SYNC_RESUME_MAX_AGE_MINUTES * 60_000,
      pushConcurrency: env.SYNC_PUSH_CONCURRENCY,
    },
    api: { keys: env.API_KEYS ? parseApiKeys(env.API_KEYS).keys : [] },
    graphql: {
      maxBodyBytes: env.GRAPHQL_MAX_BODY_BYTES,
      corsOrigins: env.CORS_ORIGINS ?? [],
      graphiql: env.GRAPHIQL_ENABLED ?? env.NODE_ENV !== 'production',
      introspection: env.GRAPHQL_INTROSPECTION_ENABLED ?? env.NODE_ENV !== 'production',
    },
  };
}

/** Reads `.env` (when present) into the environment without overriding what is already set, then parses. */
export function loadConfig(envFile = '.env'): Config {
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  return parseConfig(process.env);
}

const sandboxProcessVariables = { ...sandboxVariables, SANDBOX_PORT: port.default(4010) };
const sandboxProcessSchema = z.object(sandboxProcessVariables);

/** What `npm run sandbox` reads. */
export function sandboxProcessVariablesInfo(): VariableInfo[] {
  return variablesIn(sandboxProcessVariables);
}

/** `npm run sandbox`: the sandbox as a process of its own reads only its own variables, on a fixed port by default. */
export function parseSandboxProcessConfig(rawEnv: NodeJS.ProcessEnv): SandboxConfig {
  const given = withoutEmptyValues(rawEnv);
  const result = sandboxProcessSchema.safeParse(given);
  if (!result.success) throw new ConfigError(schemaProblems(result.error.issues, given));
  return sandboxConfig(result.data);
}

export function loadSandboxProcessConfig(): SandboxConfig {
  return parseSandboxProcessConfig(process.env);
}
