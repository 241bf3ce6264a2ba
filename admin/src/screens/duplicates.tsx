import { useState } from 'preact/hooks';
import { request } from '../api';
import { Link, Notice, Pager, RoleBadge } from '../components/ui';
import { fieldLabel } from '../format';
import { useAction, useCan, useQuery, useSession } from '../hooks';
import { AdminDuplicatesDocument as DuplicatesQuery, AdminDismissDuplicatesDocument as Dismiss } from '../generated/graphql';

const percent = (score: number) => `${Math.round(score * 100)}%`;

export function DuplicatesScreen() {
  const canWrite = useCan('WRITE');
  const { refreshCounts } = useSession();
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const { data, error, reload } = useQuery(DuplicatesQuery, { after: cursors[cursors.length - 1] ?? null });
  const [message, setMessage] = useState<string | null>(null);
  const action = useAction();

  const dismiss = (customers: ReadonlyArray<{ id: string; name: string }>) =>
    action.act(async () => {
      const { dismissDuplicateGroup } = await request(Dismiss, { input: { customerIds: customers.map((customer) => customer.id) } });
      if ('message' in dismissDuplicateGroup) throw new Error(dismissDuplicateGroup.message);
      setMessage(`Dismissed: ${customers.map((customer) => customer.name).join(' and ')} are not one company.`);
      reload();
      refreshCounts();
    });

  const connection = data?.duplicateCustomers;
  return (
    <section>
      <h1 tabIndex={-1}>Duplicates</h1>
      <p>Customers that are probably one company entered more than once, the likeliest first.</p>
      {message && <Notice kind="success">{message}</Notice>}
      {(error ?? action.error) && <Notice kind="error">{error ?? action.error}</Notice>}
      {connection && (
        <>
          <p role="status" class="total">
            {connection.totalCount} {connection.totalCount === 1 ? 'group' : 'groups'}
          </p>
          <ol class="groups">
            {connection.edges.map(({ node: group }) => {
              const names = group.customers.map((customer) => customer.name).join(' and ');
              return (
                <li key={group.customers.map((customer) => customer.id).join()} class="group">
                  <h2>
                    {names} <span class="score">{percent(group.score)} alike</span>
                  </h2>
                  <p class="reasons">{group.reasons.map((reason) => fieldLabel(reason)).join(', ')}</p>
                  <ul class="group-customers">
                    {group.customers.map((customer) => (
                      <li key={customer.id}>
                        <Link to={`/customers/${encodeURIComponent(customer.id)}`}>{customer.name}</Link>{' '}
                        <RoleBadge role={customer.role} color={customer.roleBadgeColor} />
                        <span class="muted">{[customer.address.city, customer.email, customer.phone, customer.vatNumber].filter(Boolean).join(' · ')}</span>
                      </li>
                    ))}
                  </ul>
                  <details>
                    <summary>Why ({group.matches.length} {group.matches.length === 1 ? 'match' : 'matches'})</summary>
                    <ul>
                      {group.matches.map((match) => (
                        <li key={match.customers.map((customer) => customer.id).join()}>
                          {percent(match.score)}: {match.reasons.map((reason) => `${fieldLabel(reason.kind)} (${reason.value})`).join(', ')}
                        </li>
                      ))}
                    </ul>
                  </details>
                  {canWrite && (
                    <button type="button" disabled={action.busy} onClick={() => dismiss(group.customers)} aria-label={`Not duplicates: ${names}`}>
                      Not duplicates
                    </button>
                  )}
                </li>
              );
            })}
          </ol>
          <Pager
            label="Duplicate pages"
            hasPrevious={cursors.length > 1}
            hasNext={connection.pageInfo.hasNextPage}
            onPrevious={() => setCursors(cursors.slice(0, -1))}
            onNext={() => setCursors([...cursors, connection.pageInfo.endCursor ?? null])}
          />
        </>
      )}
    </section>
  );
}
