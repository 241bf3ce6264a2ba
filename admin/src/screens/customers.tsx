import { Field, Link, Notice, Pager, RoleBadge, TableWrap } from '../components/ui';
import { formatCount } from '../format';
import { AdminCustomersDocument as CustomersQuery, type CustomerFilter, type CustomerOrder } from '../generated/graphql';
import { useQuery } from '../hooks';
import { navigate, withQuery } from '../router';

const PAGE_SIZE = 25;
/** The filters and the sort, as the query string holds them. */
const FILTER_PARAMS = ['search', 'role', 'active', 'country', 'intakes', 'conflict', 'pending', 'sort'] as const;
type Params = Partial<Record<(typeof FILTER_PARAMS)[number], string>>;

const SORTS: Record<string, { label: string; order: CustomerOrder | null }> = {
  synced: { label: 'Last synced, newest first', order: null },
  'name-asc': { label: 'Name, A to Z', order: { field: 'NAME', direction: 'ASC' } },
  'name-desc': { label: 'Name, Z to A', order: { field: 'NAME', direction: 'DESC' } },
  created: { label: 'First stored, newest first', order: { field: 'CREATED_AT', direction: 'DESC' } },
  intakes: { label: 'Most intakes first', order: { field: 'INTAKES_COUNT', direction: 'DESC' } },
};

const yesNo = (value: string | undefined) => (value === 'yes' ? true : value === 'no' ? false : undefined);

/** The API's filter from the query string's. */
export function filterOf(params: Params): CustomerFilter {
  return {
    search: params.search || undefined,
    roles: params.role ? [params.role] : undefined,
    isActive: yesNo(params.active),
    country: params.country || undefined,
    hasIntakes: yesNo(params.intakes),
    hasConflict: params.conflict === 'yes' ? true : undefined,
    hasPendingChanges: params.pending === 'yes' ? true : undefined,
  };
}

function YesNoSelect({ id, label, value, onChange }: { id: string; label: string; value: string | undefined; onChange(value: string): void }) {
  return (
    <Field id={id} label={label}>
      {(props) => (
        <select {...props} value={value ?? ''} onChange={(event) => onChange(event.currentTarget.value)}>
          <option value="">Any</option>
          <option value="yes">Yes</option>
          <option value="no">No</option>
        </select>
      )}
    </Field>
  );
}

export function CustomersScreen({ query }: { query: URLSearchParams }) {
  const params: Params = Object.fromEntries(FILTER_PARAMS.map((name) => [name, query.get(name) ?? undefined]));
  const after = query.get('after');
  const before = query.get('before');
  const order = SORTS[params.sort ?? 'synced']?.order ?? null;
  const { data, error } = useQuery(CustomersQuery, {
    ...(before ? { last: PAGE_SIZE, before } : { first: PAGE_SIZE, after }),
    filter: filterOf(params),
    orderBy: order,
  });

  const apply = (change: Params) => navigate(withQuery('/customers', { ...params, ...change }), { replace: true });
  const onSearch = (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    apply({ search: String(form.get('search') ?? '').trim(), country: String(form.get('country') ?? '').trim() });
  };
  const connection = data?.customers;

  return (
    <section>
      <h1 tabIndex={-1}>Customers</h1>
      <form class="filters" onSubmit={onSearch} role="search" aria-label="Customers">
        <Field id="search" label="Search" hint="Name, e-mail or VAT number in any format">
          {(props) => <input {...props} name="search" type="search" defaultValue={params.search ?? ''} />}
        </Field>
        <Field id="country" label="Country">
          {(props) => <input {...props} name="country" defaultValue={params.country ?? ''} size={8} />}
        </Field>
        <button type="submit" class="primary">
          Search
        </button>
        <Field id="role" label="Role">
          {(props) => (
            <select {...props} value={params.role ?? ''} onChange={(event) => apply({ role: event.currentTarget.value })}>
              <option value="">Any role</option>
              {data?.customerRoles.map((role) => (
                <option key={role.role} value={role.role}>
                  {role.role} ({formatCount(role.count)})
                </option>
              ))}
            </select>
          )}
        </Field>
        <YesNoSelect id="active" label="Active" value={params.active} onChange={(active) => apply({ active })} />
        <YesNoSelect id="intakes" label="Has intakes" value={params.intakes} onChange={(intakes) => apply({ intakes })} />
        <div class="checks">
          <label>
            <input type="checkbox" checked={params.conflict === 'yes'} onChange={(event) => apply({ conflict: event.currentTarget.checked ? 'yes' : '' })} /> In conflict
          </label>
          <label>
            <input type="checkbox" checked={params.pending === 'yes'} onChange={(event) => apply({ pending: event.currentTarget.checked ? 'yes' : '' })} /> Pending push
          </label>
        </div>
        <Field id="sort" label="Sort">
          {(props) => (
            <select {...props} value={params.sort ?? 'synced'} onChange={(event) => apply({ sort: event.currentTarget.value })}>
              {Object.entries(SORTS).map(([value, sort]) => (
                <option key={value} value={value}>
                  {sort.label}
                </option>
              ))}
            </select>
          )}
        </Field>
      </form>
      {error && <Notice kind="error">{error}</Notice>}
      {connection && (
        <>
          <p role="status" class="total">
            {formatCount(connection.totalCount)} {connection.totalCount === 1 ? 'customer' : 'customers'}
          </p>
          <TableWrap label="Customers">
            <table>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Role</th>
                  <th scope="col">City</th>
                  <th scope="col">Country</th>
                  <th scope="col">E-mail</th>
                  <th scope="col">VAT number</th>
                  <th scope="col" class="number">Intakes</th>
                  <th scope="col">State</th>
                </tr>
              </thead>
              <tbody>
                {connection.edges.map(({ node }) => (
                  <tr key={node.id}>
                    <td>
                      <Link to={`/customers/${encodeURIComponent(node.id)}`}>{node.name}</Link>
                    </td>
                    <td>
                      <RoleBadge role={node.role} color={node.roleBadgeColor} />
                    </td>
                    <td>{node.address.city}</td>
                    <td>{node.address.countryCode}</td>
                    <td>{node.email}</td>
                    <td>{node.vatNumber}</td>
                    <td class="number">{node.intakesCount}</td>
                    <td>
                      {[
                        !node.isActive && 'inactive',
                        node.pendingChanges.length > 0 && 'pending push',
                        node.conflict.length > 0 && 'in conflict',
                        node.goneFromRobawsAt && 'gone from Robaws',
                      ]
                        .filter(Boolean)
                        .join(', ')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          <Pager
            label="Customer pages"
            hasPrevious={before ? connection.pageInfo.hasPreviousPage : Boolean(after)}
            hasNext={before ? true : connection.pageInfo.hasNextPage}
            onPrevious={() => navigate(withQuery('/customers', { ...params, before: connection.pageInfo.startCursor }))}
            onNext={() => navigate(withQuery('/customers', { ...params, after: connection.pageInfo.endCursor }))}
          />
        </>
      )}
    </section>
  );
}
