// The app's one supervisor, created on first use (which starts no worker: workers start on their first
// call). UI state and feature services reach workers through this.
import { Supervisor } from './supervisor';
import { workerFactories } from './worker-factories';

let supervisor: Supervisor | undefined;

export function getSupervisor(): Supervisor {
  supervisor ??= new Supervisor({ factories: workerFactories });
  return supervisor;
}
