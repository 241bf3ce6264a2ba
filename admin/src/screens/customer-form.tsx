import { useState } from 'preact/hooks';
import { request } from '../api';
import { Field, issuesByField, Notice } from '../components/ui';
import { AdminUpdateCustomerDocument as UpdateCustomer, type UpdateCustomerInput } from '../generated/graphql';
import { useAction } from '../hooks';
import type { CustomerDetail } from './customer';

type EditableKey = Exclude<keyof UpdateCustomerInput, 'id'>;

/** The form's fields, in the order shown, each with its label and how the customer holds it. */
const FIELDS: Array<{ key: EditableKey; label: string; type?: 'email' | 'tel'; value(customer: CustomerDetail): string | null | undefined }> = [
  { key: 'name', label: 'Name', value: (customer) => customer.name },
  { key: 'role', label: 'Role', value: (customer) => customer.role },
  { key: 'email', label: 'E-mail', type: 'email', value: (customer) => customer.email },
  { key: 'phone', label: 'Phone', type: 'tel', value: (customer) => customer.phone },
  { key: 'mobile', label: 'Mobile', type: 'tel', value: (customer) => customer.mobile },
  { key: 'vatNumber', label: 'VAT number', value: (customer) => customer.vatNumber },
  { key: 'website', label: 'Website', value: (customer) => customer.website },
  { key: 'street', label: 'Street', value: (customer) => customer.address.street },
  { key: 'streetNumber', label: 'Number', value: (customer) => customer.address.streetNumber },
  { key: 'postalCode', label: 'Postal code', value: (customer) => customer.address.postalCode },
  { key: 'city', label: 'City', value: (customer) => customer.address.city },
  { key: 'country', label: 'Country', value: (customer) => customer.address.country },
  { key: 'countryCode', label: 'Country code', value: (customer) => customer.address.countryCode },
  { key: 'language', label: 'Language', value: (customer) => customer.language },
  { key: 'currency', label: 'Currency', value: (customer) => customer.currency },
];

/** Changes whenever the stored customer does: the form starts again from what is stored. */
export function formVersion(customer: CustomerDetail): string {
  return JSON.stringify(initialValues(customer));
}

function initialValues(customer: CustomerDetail): Record<EditableKey, string> {
  return Object.fromEntries(FIELDS.map((field) => [field.key, field.value(customer) ?? ''])) as Record<EditableKey, string>;
}

/** The edit form: sends only the fields changed (an emptied field is cleared) and shows each field's problem beside it. */
export function CustomerForm({ customer, roles, onSaved }: { customer: CustomerDetail; roles: string[]; onSaved(): void }) {
  const initial = initialValues(customer);
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<string | null>(null);
  const { busy, error, act } = useAction();

  const submit = (event: Event) => {
    event.preventDefault();
    const changes = Object.fromEntries(
      FIELDS.filter((field) => values[field.key].trim() !== initial[field.key]).map((field) => [field.key, values[field.key].trim() || null]),
    ) as Partial<UpdateCustomerInput>;
    setNotice(null);
    if (Object.keys(changes).length === 0) {
      setErrors({});
      setNotice('Nothing changed.');
      return;
    }
    void act(async () => {
      const { updateCustomer } = await request(UpdateCustomer, { input: { id: customer.id, ...changes } });
      if (updateCustomer.__typename === 'ValidationError') {
        const byField = issuesByField(updateCustomer.issues);
        setErrors(byField);
        setNotice(updateCustomer.message);
        // The first field in trouble takes the focus, so that its message is read out.
        const first = FIELDS.find((field) => byField[field.key]);
        if (first) requestAnimationFrame(() => document.getElementById(`edit-${first.key}`)?.focus());
        return;
      }
      if (updateCustomer.__typename !== 'Customer') throw new Error('message' in updateCustomer ? updateCustomer.message : 'Not saved');
      setErrors({});
      onSaved();
    });
  };

  return (
    <section aria-labelledby="edit-heading">
      <h2 id="edit-heading">Edit</h2>
      <form class="edit-form" onSubmit={submit} noValidate>
        {notice && <Notice kind={Object.keys(errors).length > 0 ? 'error' : 'info'}>{notice}</Notice>}
        {error && <Notice kind="error">{error}</Notice>}
        {errors.input && <Notice kind="error">{errors.input}</Notice>}
        <div class="grid">
          {FIELDS.map((field) => (
            <Field key={field.key} id={`edit-${field.key}`} label={field.label} error={errors[field.key]}>
              {(props) => (
                <input
                  {...props}
                  name={field.key}
                  type={field.type ?? 'text'}
                  list={field.key === 'role' ? 'known-roles' : undefined}
                  value={values[field.key]}
                  onInput={(event) => setValues({ ...values, [field.key]: event.currentTarget.value })}
                />
              )}
            </Field>
          ))}
        </div>
        <datalist id="known-roles">
          {roles.map((role) => (
            <option key={role} value={role} />
          ))}
        </datalist>
        <button type="submit" class="primary" disabled={busy}>
          Save
        </button>
      </form>
    </section>
  );
}
