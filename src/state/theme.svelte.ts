// Colour scheme: follows the system unless the person picks light or dark. Kept in localStorage
// (not IndexedDB) so index.html can apply it before the first paint.
import { createContext } from 'svelte';

export type ThemeChoice = 'system' | 'light' | 'dark';
const KEY = 'thinkbank.theme';

function readChoice(storage: Storage): ThemeChoice {
  const v = storage.getItem(KEY);
  return v === 'light' || v === 'dark' ? v : 'system';
}

export class ThemeState {
  choice = $state<ThemeChoice>('system');

  constructor(
    private readonly storage: Storage = localStorage,
    private readonly root: HTMLElement = document.documentElement,
  ) {
    this.choice = readChoice(storage);
    this.apply();
  }

  set(choice: ThemeChoice): void {
    this.choice = choice;
    if (choice === 'system') this.storage.removeItem(KEY);
    else this.storage.setItem(KEY, choice);
    this.apply();
  }

  private apply(): void {
    if (this.choice === 'system') delete this.root.dataset['theme'];
    else this.root.dataset['theme'] = this.choice;
  }
}

export const [getTheme, setTheme] = createContext<ThemeState>();
