import { useState } from 'preact/hooks';
import { request, SignInRequired } from '../api';
import { Field, Notice } from '../components/ui';
import { AdminViewerDocument, type ApiScope } from '../generated/graphql';
import { session } from '../session';

/** Sign in with an API key: it is tried first, and kept for this tab's session only once the server accepts it. */
export function SignInScreen({ message, onSignedIn }: { message: string | null; onSignedIn(viewer: { scope: ApiScope; keyId?: string | null }): void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const trimmed = key.trim();
    if (!trimmed) return setError('Enter the API key you were given');
    setBusy(true);
    try {
      const { viewer } = await request(AdminViewerDocument, undefined, trimmed);
      session.signIn(trimmed);
      onSignedIn(viewer);
    } catch (failure) {
      setError(failure instanceof SignInRequired ? 'The server does not accept this key' : String(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="sign-in">
      <h1 tabIndex={-1}>Sign in</h1>
      <p>This server asks for an API key. The page keeps it until you close this tab.</p>
      {message && <Notice kind="info">{message}</Notice>}
      <form onSubmit={submit} noValidate>
        <Field id="api-key" label="API key" error={error}>
          {(props) => <input {...props} type="password" autocomplete="off" spellcheck={false} value={key} onInput={(event) => setKey(event.currentTarget.value)} />}
        </Field>
        <button type="submit" class="primary" disabled={busy}>
          Sign in
        </button>
      </form>
    </section>
  );
}
