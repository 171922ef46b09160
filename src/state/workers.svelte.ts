// PLACEHOLDER — replaced by the real implementation.
import { createContext } from 'svelte';

export class WorkersState {
  start(): () => void {
    return () => undefined;
  }
}

export const [getWorkers, setWorkers] = createContext<WorkersState>();
