// The page's side of the service worker: registers it (production builds only), checks for updates on
// load, every hour and when the tab becomes visible, offers a waiting update to the person instead of
// forcing it, and reloads once after the first install when the page still lacks cross-origin isolation
// (the worker adds COOP/COEP on hosts that cannot; see docs/decisions/0031-cross-origin-isolation.md).
import { errorForPeople } from '../core/errors';
import { createContext } from 'svelte';
import { isVersionReply, type PageToWorkerMessage, type VersionReply } from '../sw/protocol';

/** Where the page's cross-origin isolation comes from; `none` means models run single-threaded. */
export type IsolationSource = 'host-headers' | 'service-worker' | 'none' | 'unknown';
export type WorkerStatus = 'development' | 'unsupported' | 'registering' | 'active' | 'failed';
export type UpdateCheck = 'idle' | 'checking' | 'latest' | 'downloading' | 'ready' | 'failed';

const UPDATE_INTERVAL_MS = 60 * 60 * 1000;
const VERSION_TIMEOUT_MS = 5000;
/** Set before the one isolation reload of a tab session, so a browser that ignores it cannot loop. */
export const ISOLATION_RELOAD_KEY = 'thinkbank.isolation-reload';

export function isolationSource(
  isIsolated: boolean,
  isControlled: boolean,
  hostSendsHeaders: boolean | undefined,
): IsolationSource {
  if (!isIsolated) return 'none';
  if (!isControlled) return 'host-headers';
  if (hostSendsHeaders === undefined) return 'unknown';
  return hostSendsHeaders ? 'host-headers' : 'service-worker';
}

export interface PwaOptions {
  /** Service workers run only in production builds; the dev server has none. */
  isEnabled?: boolean;
  container?: ServiceWorkerContainer;
  session?: Storage;
  reload?: () => void;
}

/** Asks a service worker for its build and precache facts over a private MessageChannel. */
function askVersion(target: ServiceWorker): Promise<VersionReply> {
  return new Promise((resolve, reject) => {
    const channel = new MessageChannel();
    const timer = setTimeout(() => {
      channel.port1.close();
      reject(new Error('The service worker did not answer.'));
    }, VERSION_TIMEOUT_MS);
    channel.port1.onmessage = (event: MessageEvent) => {
      clearTimeout(timer);
      channel.port1.close();
      const data: unknown = event.data;
      if (isVersionReply(data)) resolve(data);
      else reject(new Error('The service worker sent an answer this page does not understand.'));
    };
    const message: PageToWorkerMessage = { type: 'GET_VERSION' };
    target.postMessage(message, [channel.port2]);
  });
}

export class PwaState {
  readonly appVersion = __APP_VERSION__;
  readonly buildId = __BUILD_ID__;
  readonly isCrossOriginIsolated = globalThis.crossOriginIsolated;

  status = $state<WorkerStatus>('registering');
  error = $state<string | undefined>();
  isControlled = $state(false);
  /** Facts reported by the service worker that controls this page. */
  worker = $state<VersionReply | undefined>();
  isUpdateReady = $state(false);
  isUpdateDismissed = $state(false);
  updateCheck = $state<UpdateCheck>('idle');
  updateError = $state<string | undefined>();

  readonly isolation = $derived(
    isolationSource(this.isCrossOriginIsolated, this.isControlled, this.worker?.hostSendsIsolationHeaders),
  );
  readonly showUpdatePrompt = $derived(this.isUpdateReady && !this.isUpdateDismissed);

  private readonly isEnabled: boolean;
  private readonly container: ServiceWorkerContainer | undefined;
  private readonly session: Storage;
  private readonly reload: () => void;
  private registration: ServiceWorkerRegistration | undefined;
  private wantsUpdate = false;
  private isReloading = false;

  constructor(options: PwaOptions = {}) {
    this.isEnabled = options.isEnabled ?? import.meta.env.PROD;
    this.container =
      options.container ?? ('serviceWorker' in navigator ? navigator.serviceWorker : undefined);
    this.session = options.session ?? sessionStorage;
    this.reload =
      options.reload ??
      (() => {
        location.reload();
      });
  }

  start(): () => void {
    const container = this.container;
    if (!this.isEnabled) {
      this.status = 'development';
      return () => undefined;
    }
    if (!container) {
      this.status = 'unsupported';
      return () => undefined;
    }
    const abort = new AbortController();
    const { signal } = abort;
    this.isControlled = container.controller !== null;
    container.addEventListener(
      'controllerchange',
      () => {
        this.onControllerChange();
      },
      { signal },
    );
    document.addEventListener(
      'visibilitychange',
      () => {
        if (document.visibilityState === 'visible') void this.checkForUpdate();
      },
      { signal },
    );
    const timer = setInterval(() => void this.checkForUpdate(), UPDATE_INTERVAL_MS);
    void this.register(container, signal);
    return () => {
      abort.abort();
      clearInterval(timer);
    };
  }

  /** Asks the browser to fetch `sw.js` again; a changed worker installs and then waits for the person. */
  async checkForUpdate(): Promise<void> {
    const registration = this.registration;
    if (!registration) return;
    this.updateCheck = 'checking';
    this.updateError = undefined;
    try {
      await registration.update();
      if (registration.waiting) this.updateCheck = 'ready';
      else if (registration.installing && navigator.serviceWorker.controller)
        this.updateCheck = 'downloading';
      else this.updateCheck = 'latest';
    } catch (error) {
      this.updateCheck = 'failed';
      this.updateError = errorForPeople(error);
    }
  }

  /** Lets the waiting worker take over; the page reloads when it does (`controllerchange`). */
  applyUpdate(): void {
    const waiting = this.registration?.waiting;
    if (!waiting) return;
    this.wantsUpdate = true;
    const message: PageToWorkerMessage = { type: 'SKIP_WAITING' };
    waiting.postMessage(message);
  }

  /** Hides the prompt; the new version activates by itself once every ThinkBank tab is closed. */
  dismissUpdate(): void {
    this.isUpdateDismissed = true;
  }

  private async register(container: ServiceWorkerContainer, signal: AbortSignal): Promise<void> {
    try {
      const registration = await container.register('./sw.js', { scope: './' });
      if (signal.aborted) return;
      this.registration = registration;
      this.watch(registration, container, signal);
      await container.ready;
      this.status = 'active';
      await this.refreshWorkerInfo();
    } catch (error) {
      this.status = 'failed';
      this.error = errorForPeople(error);
    }
  }

  /** Raises the prompt when a new worker finishes installing while an older one controls the page. */
  private watch(
    registration: ServiceWorkerRegistration,
    container: ServiceWorkerContainer,
    signal: AbortSignal,
  ): void {
    const markReady = () => {
      if (!container.controller) return;
      this.isUpdateReady = true;
      this.isUpdateDismissed = false;
      this.updateCheck = 'ready';
    };
    if (registration.waiting) markReady();
    registration.addEventListener(
      'updatefound',
      () => {
        const installing = registration.installing;
        if (!installing) return;
        // The very first install is not a new version: only an update while a worker controls the page is.
        if (container.controller && this.updateCheck !== 'checking') this.updateCheck = 'downloading';
        installing.addEventListener('statechange', () => {
          if (installing.state === 'installed') markReady();
        });
      },
      { signal },
    );
  }

  private onControllerChange(): void {
    const wasControlled = this.isControlled;
    this.isControlled = true;
    // A new version took over (from this tab or another): reload, because the old version's files are
    // gone from the precache and its lazily loaded parts would no longer work offline.
    if (this.wantsUpdate || wasControlled) {
      this.reloadOnce();
      return;
    }
    // First install: the worker now serves this origin with COOP/COEP, but only documents loaded
    // through it get them. One reload per tab session; if the browser still refuses, stay put.
    if (!this.isCrossOriginIsolated && this.session.getItem(ISOLATION_RELOAD_KEY) === null) {
      this.session.setItem(ISOLATION_RELOAD_KEY, String(Date.now()));
      this.reloadOnce();
      return;
    }
    void this.refreshWorkerInfo();
  }

  private reloadOnce(): void {
    if (this.isReloading) return;
    this.isReloading = true;
    this.reload();
  }

  private async refreshWorkerInfo(): Promise<void> {
    const controller = this.container?.controller;
    if (!controller) return;
    try {
      this.worker = await askVersion(controller);
    } catch (error) {
      this.error = errorForPeople(error);
    }
  }
}

export const [getPwa, setPwa] = createContext<PwaState>();
