import type { Db } from '../db/client.js';
import { NotFoundError, RobawsUnavailableError, ValidationError } from '../errors.js';
import type { Logger } from '../log.js';
import type { RobawsApi } from '../robaws/client.js';
import { RobawsError, RobawsNotFoundError } from '../robaws/errors.js';
import { CLIENT_EVENT_TYPES, type RobawsWebhookEndpoint } from '../robaws/types.js';
import type { WebhookSecrets } from './secrets.js';

/**
 * Our webhook endpoints at Robaws, and the secret of each (Robaws shows it once, when it is created).
 * Robaws' own list is the truth: an endpoint it no longer has is forgotten here.
 */

export interface RegisteredEndpoint {
  robawsId: string;
  url: string;
  events: string[];
  /** Whether its deliveries can be verified: we hold its secret (or ROBAWS_WEBHOOK_SECRET is set). */
  verifiable: boolean;
}

function parseEndpointUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ValidationError([{ path: 'url', message: `"${url}" is not an absolute URL` }]);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new ValidationError([{ path: 'url', message: 'The URL must be http or https' }]);
  return parsed.toString();
}

/** Any Robaws failure but a 404 becomes the one domain error the API and the CLI show. */
async function atRobaws<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof RobawsError && !(error instanceof RobawsNotFoundError)) {
      throw new RobawsUnavailableError(`Robaws refused or failed the webhook request: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

export class WebhookRegistrations {
  constructor(private readonly deps: { db: Db; robaws: RobawsApi; secrets: WebhookSecrets; logger: Logger }) {}

  /** Registers `client.created` and `client.updated` for `url`, unless an endpoint we can verify is there already. */
  async register(url: string): Promise<{ endpoint: RegisteredEndpoint; created: boolean }> {
    const { db, robaws, secrets, logger } = this.deps;
    const target = parseEndpointUrl(url);
    const known = await this.reconcile();
    const atUrl = known.filter((endpoint) => endpoint.url === target);
    const usable = atUrl.find((endpoint) => endpoint.verifiable && CLIENT_EVENT_TYPES.every((event) => endpoint.events.includes(event)));
    if (usable) return { endpoint: usable, created: false };
    // An endpoint whose secret we lack can never be verified, and one missing an event misses changes: replace them.
    for (const stale of atUrl) {
      await this.removeAtRobaws(stale.robawsId);
      logger.warn({ robawsId: stale.robawsId, url: target }, 'replaced a webhook endpoint we could not use');
    }
    const created = await atRobaws(() => robaws.createWebhookEndpoint({ url: target, events: [...CLIENT_EVENT_TYPES] }));
    await db.webhookEndpoint.create({ data: { robawsId: created.id, url: created.url, events: created.events, secret: created.secret } });
    secrets.invalidate();
    logger.info({ robawsId: created.id, url: created.url, events: created.events }, 'webhook endpoint registered with Robaws');
    return { endpoint: { robawsId: created.id, url: created.url, events: created.events, verifiable: true }, created: true };
  }

  async list(): Promise<RegisteredEndpoint[]> {
    return this.reconcile();
  }

  async remove(robawsId: string): Promise<void> {
    const local = await this.deps.db.webhookEndpoint.findUnique({ where: { robawsId } });
    const removedAtRobaws = await this.removeAtRobaws(robawsId);
    if (!removedAtRobaws && !local) throw new NotFoundError('Webhook endpoint', robawsId);
    this.deps.logger.info({ robawsId }, 'webhook endpoint removed');
  }

  /**
   * Robaws' endpoints, each marked verifiable or not. Nothing is deleted here: a secret whose endpoint
   * this Robaws does not list may belong to another server (or another sandbox) and stays until its
   * own endpoint is removed.
   */
  private async reconcile(): Promise<RegisteredEndpoint[]> {
    const { db, robaws, secrets } = this.deps;
    const remote: RobawsWebhookEndpoint[] = await atRobaws(() => robaws.listWebhookEndpoints());
    const stored = new Set((await db.webhookEndpoint.findMany({ select: { robawsId: true } })).map((endpoint) => endpoint.robawsId));
    return remote.map((endpoint) => ({
      robawsId: endpoint.id,
      url: endpoint.url,
      events: endpoint.events,
      verifiable: stored.has(endpoint.id) || secrets.hasConfiguredSecret,
    }));
  }

  /** Answers false when Robaws did not have it. */
  private async removeAtRobaws(robawsId: string): Promise<boolean> {
    let removed = true;
    try {
      await atRobaws(() => this.deps.robaws.deleteWebhookEndpoint(robawsId));
    } catch (error) {
      if (!(error instanceof RobawsNotFoundError)) throw error;
      removed = false;
    }
    await this.deps.db.webhookEndpoint.deleteMany({ where: { robawsId } });
    this.deps.secrets.invalidate();
    return removed;
  }
}
