import { useState } from 'preact/hooks';
import { request } from '../api';
import { Link, Notice, RoleBadge, TableWrap } from '../components/ui';
import { fieldLabel, formatDate } from '../format';
import { AdminCustomerDocument as CustomerQuery, AdminResolveConflictDocument as ResolveConflict, AdminPushCustomerDocument as PushCustomer, AdminSetActiveDocument as SetActive, type AdminCustomerQuery, type ConflictSide, type CustomerField } from '../generated/graphql';
import { useAction, useCan, useQuery, useSession } from '../hooks';
import { CustomerForm, formVersion } from './customer-form';

export type CustomerDetail = Extract<AdminCustomerQuery['customer'], { __typename: 'Customer' }>;

const PUSH_OUTCOMES: Record<string, string> = {
  PUSHED: 'Pushed: Robaws now holds the edits.',
  NOTHING_TO_PUSH: 'Nothing to push: Robaws already has these values.',
  CONFLICT: 'Not pushed: some fields changed in Robaws too. Settle them below.',
  REJECTED: 'Robaws refused the values',
};

function Conflicts({ customer, onChanged }: { customer: CustomerDetail; onChanged(message: string): void }) {
  const canWrite = useCan('WRITE');
  const { busy, error, act } = useAction();
  const resolve = (field: CustomerField, keep: ConflictSide) =>
    act(async () => {
      const { resolveConflict } = await request(ResolveConflict, { input: { id: customer.id, fields: [field], keep } });
      if ('message' in resolveConflict) throw new Error(resolveConflict.message);
      onChanged(`Kept ${keep === 'LOCAL' ? 'our' : "Robaws'"} ${fieldLabel(field)}.`);
    });
  if (customer.conflict.length === 0) return null;
  return (
    <section aria-labelledby="conflicts-heading">
      <h2 id="conflicts-heading">Conflicts</h2>
      <p>These fields changed both here and in Robaws. Keep one value of each.</p>
      {error && <Notice kind="error">{error}</Notice>}
      <TableWrap label="Fields in conflict">
        <table>
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Ours</th>
              <th scope="col">Robaws'</th>
              <th scope="col">Found</th>
              {canWrite && <th scope="col">Keep</th>}
            </tr>
          </thead>
          <tbody>
            {customer.conflict.map((conflict) => (
              <tr key={conflict.field}>
                <th scope="row">{fieldLabel(conflict.field)}</th>
                <td>{conflict.local ?? '—'}</td>
                <td>{conflict.remote ?? '—'}</td>
                <td>{formatDate(conflict.detectedAt)}</td>
                {canWrite && (
                  <td class="actions">
                    <button type="button" disabled={busy} onClick={() => resolve(conflict.field, 'LOCAL')} aria-label={`Keep our ${fieldLabel(conflict.field)}`}>
                      Keep ours
                    </button>
                    <button type="button" disabled={busy} onClick={() => resolve(conflict.field, 'REMOTE')} aria-label={`Keep Robaws' ${fieldLabel(conflict.field)}`}>
                      Keep Robaws'
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}

function Details({ customer }: { customer: CustomerDetail }) {
  const rows: Array<[string, string | null | undefined]> = [
    ['Robaws client id', customer.robawsClientId],
    ['E-mail', customer.email],
    ['Phone', customer.phone],
    ['Mobile', customer.mobile],
    ['VAT number', customer.vatNumber],
    ['Website', customer.website],
    ['Address', customer.address.line],
    ['Language', customer.language],
    ['Currency', customer.currency],
    ['Client type', customer.clientType],
    ['Last synced', formatDate(customer.lastSyncedAt)],
    ['Edited here', formatDate(customer.localChangedAt)],
    ['Last pushed', formatDate(customer.lastPushedToRobawsAt)],
  ];
  if (customer.goneFromRobawsAt) rows.push(['Gone from Robaws', formatDate(customer.goneFromRobawsAt)]);
  return (
    <dl class="details">
      {rows.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value || '—'}</dd>
        </div>
      ))}
    </dl>
  );
}

export function CustomerScreen({ id }: { id: string }) {
  const { refreshCounts } = useSession();
  const canWrite = useCan('WRITE');
  const canAdmin = useCan('ADMIN');
  const { data, error, reload } = useQuery(CustomerQuery, { id });
  const [message, setMessage] = useState<{ text: string; kind: 'success' | 'error' } | null>(null);
  const action = useAction();
  const changed = (text: string, kind: 'success' | 'error' = 'success') => {
    setMessage({ text, kind });
    reload();
    refreshCounts();
  };

  if (error) return <Notice kind="error">{error}</Notice>;
  if (!data) return <p class="loading">Loading…</p>;
  const customer = data.customer;
  if (customer.__typename !== 'Customer') {
    return (
      <>
        <h1 tabIndex={-1}>Customer not found</h1>
        <Notice kind="error">{'message' in customer ? customer.message : 'Not found'}</Notice>
      </>
    );
  }

  const push = () =>
    action.act(async () => {
      const { pushCustomer } = await request(PushCustomer, { input: { id: customer.id } });
      if (pushCustomer.__typename !== 'PushCustomerPayload') throw new Error('message' in pushCustomer ? pushCustomer.message : 'The push failed');
      const pushed = pushCustomer.outcome === 'PUSHED' || pushCustomer.outcome === 'NOTHING_TO_PUSH';
      changed(`${PUSH_OUTCOMES[pushCustomer.outcome] ?? pushCustomer.outcome}${pushCustomer.refusal ? `: ${pushCustomer.refusal}` : ''}`, pushed ? 'success' : 'error');
    });
  const toggleActive = () =>
    action.act(async () => {
      const { setCustomersActive } = await request(SetActive, { input: { ids: [customer.id], active: !customer.isActive } });
      if ('message' in setCustomersActive) throw new Error(setCustomersActive.message);
      changed(customer.isActive ? 'Marked inactive here.' : 'Marked active here.');
    });

  return (
    <article class="customer">
      <p class="breadcrumb">
        <Link to="/customers">Customers</Link>
      </p>
      <h1 tabIndex={-1}>
        {customer.name} <RoleBadge role={customer.role} color={customer.roleBadgeColor} />
      </h1>
      <p class="subtitle">
        {customer.isActive ? 'Active here' : 'Inactive here'}
        {customer.robawsActive ? '' : ' · inactive in Robaws'}
        {customer.pendingChanges.length > 0 && ` · ${customer.pendingChanges.length} unpushed ${customer.pendingChanges.length === 1 ? 'edit' : 'edits'}`}
      </p>
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      {action.error && <Notice kind="error">{action.error}</Notice>}
      {customer.pushError && <Notice kind="error">Robaws refused the last push: {customer.pushError}</Notice>}
      <div class="toolbar">
        {canAdmin && (
          <button type="button" class="primary" disabled={action.busy || customer.pendingChanges.length === 0} onClick={push}>
            Push to Robaws
          </button>
        )}
        {canWrite && (
          <button type="button" disabled={action.busy} onClick={toggleActive}>
            {customer.isActive ? 'Mark inactive' : 'Mark active'}
          </button>
        )}
      </div>
      <Details customer={customer} />
      {customer.dataIssues.length > 0 && (
        <section aria-labelledby="issues-heading">
          <h2 id="issues-heading">Data issues</h2>
          <ul class="issues">
            {customer.dataIssues.map((issue) => (
              <li key={issue.field}>
                <strong>{fieldLabel(issue.field)}</strong> “{issue.value}”: {issue.message}
              </li>
            ))}
          </ul>
        </section>
      )}
      <Conflicts customer={customer} onChanged={changed} />
      {customer.pendingChanges.length > 0 && (
        <section aria-labelledby="pending-heading">
          <h2 id="pending-heading">Pending changes</h2>
          <ul>
            {customer.pendingChanges.map((change) => (
              <li key={change.field}>
                {fieldLabel(change.field)}, edited {formatDate(change.editedAt)}
              </li>
            ))}
          </ul>
        </section>
      )}
      {canWrite && <CustomerForm key={formVersion(customer)} customer={customer} roles={data.customerRoles.map((role) => role.role)} onSaved={() => changed('Saved. The changes wait for a push to Robaws.')} />}
      <section aria-labelledby="intakes-heading">
        <h2 id="intakes-heading">Intakes ({customer.intakes.totalCount})</h2>
        {customer.intakes.edges.length === 0 ? (
          <p>No intakes.</p>
        ) : (
          <ul>
            {customer.intakes.edges.map(({ node }) => (
              <li key={node.id}>
                {formatDate(node.createdAt)}: {node.status.toLowerCase()}
                {node.contactEmail ? `, ${node.contactEmail}` : ''}
              </li>
            ))}
          </ul>
        )}
      </section>
    </article>
  );
}
