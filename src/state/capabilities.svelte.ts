// What this device can do, probed once at start-up (and again on request), for Diagnostics and the
// model loader's device choice.
import { errorForPeople } from '../core/errors';
import { createContext } from 'svelte';
import { probeCapabilities, type Capabilities } from '../ml/capabilities';

export class CapabilitiesState {
  current = $state<Capabilities | undefined>();
  error = $state<string | undefined>();
  persistResult = $state<boolean | undefined>();

  async probe(): Promise<void> {
    try {
      this.current = await probeCapabilities();
      this.error = undefined;
    } catch (error) {
      this.error = errorForPeople(error);
    }
  }

  /** Asks the browser to keep this site's data under storage pressure. */
  async requestPersistence(): Promise<void> {
    this.persistResult = await navigator.storage.persist();
    await this.probe();
  }
}

export const [getCapabilities, setCapabilities] = createContext<CapabilitiesState>();
