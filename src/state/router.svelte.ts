// Hash router: works on any static host (no server rewrites) and offline from the service worker cache.
import { createContext } from 'svelte';

export const PAGES = [
  { id: 'library', label: 'Library' },
  { id: 'search', label: 'Search' },
  { id: 'chat', label: 'Chat' },
  { id: 'activity', label: 'Activity' },
  { id: 'models', label: 'Models' },
  { id: 'settings', label: 'Settings' },
  { id: 'diagnostics', label: 'Diagnostics' },
] as const;

export type PageId = (typeof PAGES)[number]['id'];

const DEFAULT_PAGE: PageId = 'library';

export function parseHash(hash: string): PageId {
  const id = hash.replace(/^#\/?/, '').split(/[/?]/, 1)[0] ?? '';
  return PAGES.some((p) => p.id === id) ? (id as PageId) : DEFAULT_PAGE;
}

export class Router {
  page = $state<PageId>(DEFAULT_PAGE);

  constructor(private readonly win: Window = window) {
    this.page = parseHash(win.location.hash);
  }

  /** Starts following `hashchange`; returns the function that stops it. */
  listen(): () => void {
    const onChange = () => {
      this.page = parseHash(this.win.location.hash);
    };
    this.win.addEventListener('hashchange', onChange);
    return () => {
      this.win.removeEventListener('hashchange', onChange);
    };
  }

  href(id: PageId): string {
    return `#/${id}`;
  }
}

export const [getRouter, setRouter] = createContext<Router>();
