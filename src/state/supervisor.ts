// The app's one supervisor: created once, by the shell (App.svelte), and handed down by context; the
// states take it in their constructors. Creating it starts no worker: each starts on its first call.
import { createContext } from 'svelte';
import { Supervisor } from '../services/supervisor';
import { workerFactories } from '../services/worker-factories';

export function createAppSupervisor(): Supervisor {
  return new Supervisor({ factories: workerFactories });
}

export const [getSupervisor, setSupervisor] = createContext<Supervisor>();
