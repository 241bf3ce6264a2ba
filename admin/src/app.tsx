import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { request, SignInRequired } from './api';
import { Link, Notice } from './components/ui';
import { formatCount } from './format';
import { AdminViewerDocument as ViewerQuery, AdminCountsDocument as CountsQuery, type ApiScope } from './generated/graphql';
import { SessionContext, useQuery, type Session } from './hooks';
import { useLocation, type Location } from './router';
import { CustomerScreen } from './screens/customer';
import { CustomersScreen } from './screens/customers';
import { DuplicatesScreen } from './screens/duplicates';
import { IntakesScreen } from './screens/intakes';
import { SignInScreen } from './screens/sign-in';
import { SyncsScreen } from './screens/syncs';
import { WebhooksScreen } from './screens/webhooks';
import { session } from './session';

type Auth = { state: 'checking' } | { state: 'signed-out'; message: string | null } | { state: 'in'; scope: ApiScope; keyId: string | null };

function screenFor(location: Location) {
  const [, first, second] = location.path.split('/');
  if (!first || first === 'customers') return second ? <CustomerScreen id={decodeURIComponent(second)} /> : <CustomersScreen query={location.query} />;
  if (first === 'syncs') return <SyncsScreen />;
  if (first === 'duplicates') return <DuplicatesScreen />;
  if (first === 'webhooks') return <WebhooksScreen query={location.query} />;
  if (first === 'intakes') return <IntakesScreen />;
  return (
    <>
      <h1 tabIndex={-1}>Not found</h1>
      <p>
        There is no such screen. <Link to="/customers">Go to the customers</Link>.
      </p>
    </>
  );
}

function Navigation({ path }: { path: string }) {
  const { data } = useQuery(CountsQuery, {});
  const section = path.split('/')[1] || 'customers';
  const items: Array<[string, string, number | undefined]> = [
    ['customers', 'Customers', data?.customerStats.total],
    ['syncs', 'Syncs', undefined],
    ['duplicates', 'Duplicates', data?.duplicateCustomers.totalCount],
    ['webhooks', 'Webhooks', data?.webhookEvents.totalCount],
    ['intakes', 'Intakes', data?.intakes.totalCount],
  ];
  return (
    <nav class="main-nav" aria-label="Screens">
      <ul>
        {items.map(([key, label, count]) => (
          <li key={key}>
            <Link to={`/${key}`} current={section === key}>
              {label}
              {count !== undefined && (
                <span class="count" title={key === 'webhooks' ? 'failed events' : undefined}>
                  {key === 'webhooks' ? `${formatCount(count)} failed` : formatCount(count)}
                </span>
              )}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function App() {
  const location = useLocation();
  const [auth, setAuth] = useState<Auth>({ state: 'checking' });
  const [countsGeneration, setCountsGeneration] = useState(0);

  const signInRequired = useCallback(() => {
    const hadKey = session.key() !== null;
    session.signOut();
    setAuth({ state: 'signed-out', message: hadKey ? 'The key you signed in with is no longer accepted: sign in again.' : null });
  }, []);

  useEffect(() => {
    request(ViewerQuery).then(
      ({ viewer }) => setAuth({ state: 'in', scope: viewer.scope, keyId: viewer.keyId ?? null }),
      (error: unknown) => (error instanceof SignInRequired ? signInRequired() : setAuth({ state: 'signed-out', message: String(error) })),
    );
  }, [signInRequired]);

  // Each screen puts its heading in focus, so that a screen reader reads where the user went.
  useEffect(() => {
    document.querySelector<HTMLElement>('main h1')?.focus();
  }, [location.path, auth.state]);

  const context = useMemo<Session>(
    () => ({ scope: auth.state === 'in' ? auth.scope : 'READ', signInRequired, refreshCounts: () => setCountsGeneration((value) => value + 1) }),
    [auth, signInRequired],
  );

  if (auth.state === 'checking') return <p class="loading">Loading…</p>;
  if (auth.state === 'signed-out') {
    return (
      <main id="main">
        <SignInScreen message={auth.message} onSignedIn={(viewer) => setAuth({ state: 'in', scope: viewer.scope, keyId: viewer.keyId ?? null })} />
      </main>
    );
  }

  const signOut = () => {
    session.signOut();
    setAuth({ state: 'signed-out', message: 'Signed out.' });
  };
  return (
    <SessionContext.Provider value={context}>
      <a class="skip-link" href="#main">
        Skip to the content
      </a>
      <header class="top">
        <p class="brand">robaws-sync admin</p>
        <Navigation key={countsGeneration} path={location.path} />
        <div class="who">
          <span>
            Scope: <strong>{auth.scope.toLowerCase()}</strong>
            {auth.keyId ? ` (key ${auth.keyId})` : ' (open API)'}
          </span>
          {auth.keyId && (
            <button type="button" class="link-button" onClick={signOut}>
              Sign out
            </button>
          )}
        </div>
      </header>
      <main id="main">{screenFor(location)}</main>
      {auth.keyId === null && <Notice kind="info">No API keys are configured on this server: anyone who can reach it may do everything.</Notice>}
    </SessionContext.Provider>
  );
}
