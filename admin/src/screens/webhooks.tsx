import { useState } from 'preact/hooks';
import { request } from '../api';
import { Field, Notice, TableWrap } from '../components/ui';
import { formatDate } from '../format';
import { AdminWebhookEventsDocument as EventsQuery, AdminWebhookRegistrationsDocument as RegistrationsQuery, AdminReplayWebhookEventDocument as Replay, type WebhookEventStatus } from '../generated/graphql';
import { useAction, useCan, useQuery, useSession } from '../hooks';
import { navigate, withQuery } from '../router';

const STATUSES: WebhookEventStatus[] = ['RECEIVED', 'PROCESSING', 'PROCESSED', 'FAILED', 'IGNORED', 'REJECTED'];

/** Only admin keys may list the registrations: Robaws is asked for them. */
function Registrations() {
  const { data, error } = useQuery(RegistrationsQuery, {});
  return (
    <section aria-labelledby="registrations-heading">
      <h2 id="registrations-heading">Registrations</h2>
      {error && <Notice kind="error">{error}</Notice>}
      {data && data.webhookRegistrations.length === 0 && <p>No webhook endpoint is registered with Robaws.</p>}
      <ul>
        {data?.webhookRegistrations.map((registration) => (
          <li key={registration.robawsId}>
            <code>{registration.url}</code>: {registration.events.join(', ')}
            {registration.verifiable ? '' : ' (its secret is not held here: its deliveries are rejected)'}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function WebhooksScreen({ query }: { query: URLSearchParams }) {
  const canAdmin = useCan('ADMIN');
  const { refreshCounts } = useSession();
  const status = (query.get('status') as WebhookEventStatus | null) || null;
  const { data, error, reload } = useQuery(EventsQuery, { status });
  const [message, setMessage] = useState<string | null>(null);
  const action = useAction();

  const replay = (id: string) =>
    action.act(async () => {
      const { replayWebhookEvent } = await request(Replay, { input: { id } });
      if ('message' in replayWebhookEvent) throw new Error(replayWebhookEvent.message);
      setMessage('Replayed: the event is applied again.');
      reload();
      refreshCounts();
    });

  return (
    <section>
      <h1 tabIndex={-1}>Webhooks</h1>
      {message && <Notice kind="success">{message}</Notice>}
      {(error ?? action.error) && <Notice kind="error">{error ?? action.error}</Notice>}
      <div class="filters">
        <Field id="event-status" label="Status">
          {(props) => (
            <select {...props} value={status ?? ''} onChange={(event) => navigate(withQuery('/webhooks', { status: event.currentTarget.value }), { replace: true })}>
              <option value="">Any status</option>
              {STATUSES.map((value) => (
                <option key={value} value={value}>
                  {value.toLowerCase()}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <h2>Recent events</h2>
      {data && data.webhookEvents.edges.length === 0 && <p>No events.</p>}
      {data && data.webhookEvents.edges.length > 0 && (
        <TableWrap label="Webhook events">
          <table>
            <thead>
              <tr>
                <th scope="col">Received</th>
                <th scope="col">Type</th>
                <th scope="col">Client</th>
                <th scope="col">Status</th>
                <th scope="col">Outcome</th>
                <th scope="col" class="number">Attempts</th>
                <th scope="col">Error</th>
                {canAdmin && <th scope="col">Replay</th>}
              </tr>
            </thead>
            <tbody>
              {data.webhookEvents.edges.map(({ node: event }) => (
                <tr key={event.id}>
                  <td>{formatDate(event.receivedAt)}</td>
                  <td>{event.type ?? '—'}</td>
                  <td>{event.robawsClientId ?? '—'}</td>
                  <td>
                    <span class={`status status-${event.status.toLowerCase()}`}>{event.status.toLowerCase()}</span>
                  </td>
                  <td>{event.outcome?.toLowerCase() ?? '—'}</td>
                  <td class="number">{event.attempts}</td>
                  <td>{event.error ?? (event.signature === 'VALID' ? '' : `signature ${event.signature.toLowerCase()}`)}</td>
                  {canAdmin && (
                    <td>
                      {event.status === 'FAILED' && (
                        <button type="button" disabled={action.busy} onClick={() => replay(event.id)}>
                          Replay
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {canAdmin && <Registrations />}
    </section>
  );
}
