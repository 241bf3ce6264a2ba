import { useEffect, useState } from 'preact/hooks';

/** A tiny history router: paths under /admin, the query string holding a screen's filters. */

export const BASE = '/admin';
const CHANGE = 'admin:navigate';

export interface Location {
  /** The path after /admin, starting with /. */
  path: string;
  query: URLSearchParams;
}

function current(): Location {
  const path = window.location.pathname.slice(BASE.length) || '/';
  return { path, query: new URLSearchParams(window.location.search) };
}

export function href(to: string): string {
  return `${BASE}${to}`;
}

export function navigate(to: string, { replace = false } = {}): void {
  if (replace) history.replaceState(null, '', href(to));
  else history.pushState(null, '', href(to));
  window.dispatchEvent(new Event(CHANGE));
}

export function useLocation(): Location {
  const [location, setLocation] = useState(current);
  useEffect(() => {
    const update = () => setLocation(current());
    window.addEventListener('popstate', update);
    window.addEventListener(CHANGE, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(CHANGE, update);
    };
  }, []);
  return location;
}

/** The path with the query built from `params` (empty values left out). */
export function withQuery(path: string, params: Record<string, string | null | undefined>): string {
  const query = new URLSearchParams(Object.entries(params).filter((entry): entry is [string, string] => Boolean(entry[1])));
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}
