// PLACEHOLDER — replaced by the real implementation.
import { createContext } from 'svelte';

export class PwaState {
  start(): () => void {
    return () => undefined;
  }
}

export const [getPwa, setPwa] = createContext<PwaState>();
