import { createContext } from 'preact';
import { useCallback, useContext, useEffect, useRef, useState } from 'preact/hooks';
import { request, SignInRequired } from './api';
import type { ApiScope, TypedDocumentString } from './generated/graphql';

/** What every screen shares: the key's scope, and ways to ask for sign-in and to refresh the navigation's counts. */
export interface Session {
  scope: ApiScope;
  /** The server refused the key (or asks for one): back to the sign-in form. */
  signInRequired(): void;
  refreshCounts(): void;
}

export const SessionContext = createContext<Session>({ scope: 'READ', signInRequired: () => {}, refreshCounts: () => {} });

export function useSession(): Session {
  return useContext(SessionContext);
}

const RANK: Record<ApiScope, number> = { READ: 0, WRITE: 1, ADMIN: 2 };

/** Whether the signed-in key may do what needs `needed` (READ < WRITE < ADMIN, as the server ranks them). */
export function useCan(needed: ApiScope): boolean {
  return RANK[useSession().scope] >= RANK[needed];
}

export interface QueryState<R> {
  data: R | undefined;
  error: string | null;
  reload(): void;
}

/** Runs a query when its variables change; an answer to an older request is dropped. */
export function useQuery<R, V>(document: TypedDocumentString<R, V>, variables: V): QueryState<R> {
  const { signInRequired } = useSession();
  const [state, setState] = useState<{ data: R | undefined; error: string | null }>({ data: undefined, error: null });
  const [generation, setGeneration] = useState(0);
  const latest = useRef(0);
  const key = JSON.stringify(variables);
  useEffect(() => {
    const id = ++latest.current;
    request(document, variables).then(
      (data) => id === latest.current && setState({ data, error: null }),
      (error: unknown) => {
        if (id !== latest.current) return;
        if (error instanceof SignInRequired) signInRequired();
        else setState((previous) => ({ data: previous.data, error: error instanceof Error ? error.message : String(error) }));
      },
    );
  }, [document, key, generation]);
  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return { ...state, reload };
}

/** A mutation's call: calls `run`, reports a refused key to the session, and turns other failures into a message. */
export function useAction(): { busy: boolean; error: string | null; act<T>(run: () => Promise<T>): Promise<T | undefined> } {
  const { signInRequired } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const act = useCallback(
    async <T,>(run: () => Promise<T>): Promise<T | undefined> => {
      setBusy(true);
      setError(null);
      try {
        return await run();
      } catch (failure) {
        if (failure instanceof SignInRequired) signInRequired();
        else setError(failure instanceof Error ? failure.message : String(failure));
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [signInRequired],
  );
  return { busy, error, act };
}
