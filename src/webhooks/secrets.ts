import type { Db } from '../db/client.js';

/**
 * The secrets a delivery may be signed with: ROBAWS_WEBHOOK_SECRET when set, and the secret of every
 * endpoint registered through us. Cached, because every delivery needs them; a registration made by
 * another process is seen when the cache expires or when a signature does not match (see `refreshIfOlderThan`).
 */
export class WebhookSecrets {
  private cached: { secrets: string[]; loadedAt: number } | null = null;
  private loading: Promise<string[]> | null = null;

  constructor(
    private readonly db: Db,
    private readonly configured: string | undefined,
    private readonly maxAgeMs = 30_000,
  ) {}

  /** Whether ROBAWS_WEBHOOK_SECRET is set (an endpoint registered elsewhere may be signed with it). */
  get hasConfiguredSecret(): boolean {
    return this.configured !== undefined;
  }

  async current(): Promise<string[]> {
    if (this.cached && Date.now() - this.cached.loadedAt < this.maxAgeMs) return this.cached.secrets;
    return this.load();
  }

  /** Reloads when the cached list is older than `ageMs`; answers whether it did. */
  async refreshIfOlderThan(ageMs: number): Promise<boolean> {
    if (this.cached && Date.now() - this.cached.loadedAt < ageMs) return false;
    await this.load();
    return true;
  }

  invalidate(): void {
    this.cached = null;
  }

  private load(): Promise<string[]> {
    this.loading ??= (async () => {
      try {
        const endpoints = await this.db.webhookEndpoint.findMany({ select: { secret: true } });
        const secrets = [...new Set([...(this.configured ? [this.configured] : []), ...endpoints.map((endpoint) => endpoint.secret)])];
        this.cached = { secrets, loadedAt: Date.now() };
        return secrets;
      } finally {
        this.loading = null;
      }
    })();
    return this.loading;
  }
}
