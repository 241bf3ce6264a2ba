/** The signed-in API key: kept for this browser tab's session only, never in localStorage or a cookie. */

const KEY = 'robaws-sync.apiKey';

export const session = {
  key: (): string | null => sessionStorage.getItem(KEY),
  signIn: (key: string) => sessionStorage.setItem(KEY, key),
  signOut: () => sessionStorage.removeItem(KEY),
};
