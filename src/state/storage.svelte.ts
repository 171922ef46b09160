// PLACEHOLDER — replaced by the real implementation.
import { createContext } from 'svelte';

export class StorageState {
  start(): () => void {
    return () => undefined;
  }
}

export const [getStorage, setStorage] = createContext<StorageState>();
