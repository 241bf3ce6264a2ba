import { z } from 'zod';
import { DEFAULT_CLIENT_COUNT } from './seed/generator.js';
import type { ClientRecord } from './store.js';
import type { SandboxLogger } from './webhooks.js';

export const knobsSchema = z.object({
  /** Added to every API request. */
  latencyMs: z.number().int().nonnegative(),
  /** Share of API requests answered with a 500 (seeded, so runs repeat). */
  errorRate: z.number().min(0).max(1),
  /** Per credentials; 0 means unlimited. */
  rateLimitPerSecond: z.number().int().nonnegative(),
  /** Every list request for this page or a later one answers 500; null: off. */
  failListPagesFrom: z.number().int().nonnegative().nullable(),
  /** List pages answered with a body that does not fit the page envelope. */
  malformedPages: z.array(z.number().int().nonnegative()),
  /**
   * How far Robaws' clock is ahead of ours (negative: behind), in milliseconds: it stamps `createdAt` and
   * `updatedAt`, answers `updatedFrom` in that time, and sends it in the `Date` header and on webhooks.
   * Stamps never go back: after the offset is lowered, changes are stamped just after the last one.
   */
  clockOffsetMs: z.number().int(),
});
export type SandboxKnobs = z.infer<typeof knobsSchema>;
export const knobsChangeSchema = knobsSchema.partial().strict();

const DEFAULT_KNOBS: SandboxKnobs = { latencyMs: 0, errorRate: 0, rateLimitPerSecond: 50, failListPagesFrom: null, malformedPages: [], clockOffsetMs: 0 };

export interface SandboxOptions extends Partial<SandboxKnobs> {
  /** 0 picks a free port. Default 0. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** How many clients to generate (default 4017), or the clients themselves. */
  clients?: number | readonly ClientRecord[];
  /** Seeds the generated clients and the injected errors. Default 1. */
  seed?: number;
  /** Basic auth credentials; default "sandbox" / "sandbox". */
  username?: string;
  password?: string;
  /** Waits before each webhook retry; default [1000, 5000, 30000]. */
  deliveryRetryDelaysMs?: readonly number[];
  /** Default 2000, Robaws' connect and read timeout. */
  deliveryTimeoutMs?: number;
  logger?: SandboxLogger;
}

/** The options the sandbox started with, defaults filled in (the knobs as they were at start). */
export type ResolvedSandboxOptions = Required<Omit<SandboxOptions, 'clients' | 'logger'>> & { clients: number; logger?: SandboxLogger };

export function resolveOptions(options: SandboxOptions): ResolvedSandboxOptions {
  const knobs = knobsSchema.parse({
    latencyMs: options.latencyMs ?? DEFAULT_KNOBS.latencyMs,
    errorRate: options.errorRate ?? DEFAULT_KNOBS.errorRate,
    rateLimitPerSecond: options.rateLimitPerSecond ?? DEFAULT_KNOBS.rateLimitPerSecond,
    failListPagesFrom: options.failListPagesFrom ?? DEFAULT_KNOBS.failListPagesFrom,
    malformedPages: options.malformedPages ?? DEFAULT_KNOBS.malformedPages,
    clockOffsetMs: options.clockOffsetMs ?? DEFAULT_KNOBS.clockOffsetMs,
  });
  const clients = options.clients ?? DEFAULT_CLIENT_COUNT;
  return {
    ...knobs,
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    clients: typeof clients === 'number' ? clients : clients.length,
    seed: options.seed ?? 1,
    username: options.username ?? 'sandbox',
    password: options.password ?? 'sandbox',
    deliveryRetryDelaysMs: options.deliveryRetryDelaysMs ?? [1000, 5000, 30_000],
    deliveryTimeoutMs: options.deliveryTimeoutMs ?? 2000,
    logger: options.logger,
  };
}
