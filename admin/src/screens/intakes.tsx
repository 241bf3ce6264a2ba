import { useState } from 'preact/hooks';
import { request } from '../api';
import { CustomerPicker, type PickedCustomer } from '../components/customer-picker';
import { Field, issuesByField, Link, Notice, TableWrap } from '../components/ui';
import { formatDate } from '../format';
import { AdminIntakesDocument as IntakesQuery, AdminPickedCustomerDocument as PickedCustomerQuery, AdminCreateIntakeDocument as CreateIntake, type IntakeStatus } from '../generated/graphql';
import { useAction, useCan, useQuery, useSession } from '../hooks';

const STATUSES: IntakeStatus[] = ['DRAFT', 'SUBMITTED', 'PROCESSING', 'COMPLETED', 'CANCELLED'];
const EMPTY = { customerName: '', contactEmail: '', contactPhone: '', notes: '', status: 'DRAFT' as IntakeStatus };

function IntakeForm({ onCreated }: { onCreated(name: string): void }) {
  const [customer, setCustomer] = useState<PickedCustomer | null>(null);
  const [values, setValues] = useState(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formKey, setFormKey] = useState(0);
  const { busy, error, act } = useAction();
  const set = (key: keyof typeof EMPTY) => (event: { currentTarget: { value: string } }) => setValues({ ...values, [key]: event.currentTarget.value });

  // Choosing a customer fills the contact fields from it; they stay editable.
  const onPick = (picked: PickedCustomer | null) => {
    setCustomer(picked);
    if (!picked) return;
    void act(async () => {
      const { customer: found } = await request(PickedCustomerQuery, { robawsClientId: picked.value });
      if (found.__typename !== 'Customer') return;
      setValues((current) => ({ ...current, customerName: found.name, contactEmail: found.email ?? '', contactPhone: found.phone ?? found.mobile ?? '' }));
    });
  };

  const submit = (event: Event) => {
    event.preventDefault();
    void act(async () => {
      const text = (value: string) => value.trim() || undefined;
      const { createIntake } = await request(CreateIntake, {
        input: {
          robawsClientId: customer?.value,
          customerName: text(values.customerName),
          contactEmail: text(values.contactEmail),
          contactPhone: text(values.contactPhone),
          notes: text(values.notes),
          status: values.status,
        },
      });
      if (createIntake.__typename === 'ValidationError') return setErrors(issuesByField(createIntake.issues));
      setErrors({});
      setValues(EMPTY);
      setCustomer(null);
      setFormKey(formKey + 1);
      onCreated(createIntake.customerName ?? 'an intake without a customer');
    });
  };

  return (
    <section aria-labelledby="new-intake-heading">
      <h2 id="new-intake-heading">New intake</h2>
      <form class="intake-form" onSubmit={submit} noValidate>
        {error && <Notice kind="error">{error}</Notice>}
        <CustomerPicker key={formKey} id="intake-customer" error={errors.robawsClientId} onPick={onPick} />
        <div class="grid">
          <Field id="intake-name" label="Customer name" error={errors.customerName}>
            {(props) => <input {...props} value={values.customerName} onInput={set('customerName')} />}
          </Field>
          <Field id="intake-email" label="Contact e-mail" error={errors.contactEmail}>
            {(props) => <input {...props} type="email" value={values.contactEmail} onInput={set('contactEmail')} />}
          </Field>
          <Field id="intake-phone" label="Contact phone" error={errors.contactPhone}>
            {(props) => <input {...props} type="tel" value={values.contactPhone} onInput={set('contactPhone')} />}
          </Field>
          <Field id="intake-status" label="Status" error={errors.status}>
            {(props) => (
              <select {...props} value={values.status} onChange={set('status')}>
                {STATUSES.map((status) => (
                  <option key={status} value={status}>
                    {status.toLowerCase()}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <Field id="intake-notes" label="Notes" error={errors.notes}>
          {(props) => <textarea {...props} rows={3} value={values.notes} onInput={set('notes')} />}
        </Field>
        <button type="submit" class="primary" disabled={busy}>
          Create intake
        </button>
      </form>
    </section>
  );
}

export function IntakesScreen() {
  const canWrite = useCan('WRITE');
  const { refreshCounts } = useSession();
  const { data, error, reload } = useQuery(IntakesQuery, {});
  const [message, setMessage] = useState<string | null>(null);
  const created = (name: string) => {
    setMessage(`Created an intake for ${name}.`);
    reload();
    refreshCounts();
  };
  return (
    <section>
      <h1 tabIndex={-1}>Intakes</h1>
      {message && <Notice kind="success">{message}</Notice>}
      {canWrite && <IntakeForm onCreated={created} />}
      <h2>Latest intakes</h2>
      {error && <Notice kind="error">{error}</Notice>}
      {data && data.intakes.edges.length === 0 && <p>No intakes yet.</p>}
      {data && data.intakes.edges.length > 0 && (
        <TableWrap label="Intakes">
          <table>
            <thead>
              <tr>
                <th scope="col">Created</th>
                <th scope="col">Customer</th>
                <th scope="col">Contact</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {data.intakes.edges.map(({ node: intake }) => (
                <tr key={intake.id}>
                  <td>{formatDate(intake.createdAt)}</td>
                  <td>{intake.customer ? <Link to={`/customers/${encodeURIComponent(intake.customer.id)}`}>{intake.customerName}</Link> : (intake.customerName ?? '—')}</td>
                  <td>{[intake.contactEmail, intake.contactPhone].filter(Boolean).join(' · ') || '—'}</td>
                  <td>{intake.status.toLowerCase()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}
