// The Search page's state: the query, mode and filters, and the latest answer. Search-as-you-type is
// race-safe: every keystroke aborts the call in flight (the AbortSignal reaches the search worker
// through the supervisor client) and only the latest query's answer is ever shown. A query by meaning
// tells the library's embedding model it is needed, so a cached one loads by itself (ADR 0094).
import { errorForPeople, isAbortError } from '../core/errors';
import type { Supervisor } from '../services/supervisor';
import type { SearchFilters, SearchMode, SearchResponse } from '../../workers/contracts/search';

/** A short pause after a keystroke before asking, so fast typing sends fewer queries. */
export const TYPING_PAUSE_MS = 120;

export class SearchState {
  query = $state('');
  mode = $state<SearchMode>('hybrid');
  filters = $state<SearchFilters>({});
  response = $state<SearchResponse | undefined>();
  error = $state<string | undefined>();
  isSearching = $state(false);
  /** Latency of the latest answer as the page saw it (worker time plus the hop). */
  roundTripMs = $state<number | undefined>();
  #controller: AbortController | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly supervisor: () => Supervisor,
    /** Called before a query by meaning: the embedding model is needed. */
    private readonly needsEmbedder: () => void = () => undefined,
  ) {}

  /** Schedules a search for the current query (typing); the previous one is cancelled. */
  schedule(): void {
    clearTimeout(this.#timer);
    this.#controller?.abort();
    this.#timer = setTimeout(() => {
      void this.run(true);
    }, TYPING_PAUSE_MS);
  }

  /** Searches now; `prefix` treats the last word as unfinished. Latest call wins. */
  async run(prefix = false): Promise<void> {
    clearTimeout(this.#timer);
    this.#controller?.abort();
    const controller = new AbortController();
    this.#controller = controller;
    const query = this.query;
    if (query.trim() === '') {
      this.response = undefined;
      this.error = undefined;
      this.isSearching = false;
      return;
    }
    this.isSearching = true;
    if (this.mode !== 'keyword') this.needsEmbedder();
    const t0 = performance.now();
    try {
      const response = await this.supervisor()
        .client('search')
        .with({ signal: controller.signal })
        .search(query, { mode: this.mode, prefix, filters: $state.snapshot(this.filters) });
      if (controller !== this.#controller) return;
      this.response = response;
      this.roundTripMs = performance.now() - t0;
      this.error = undefined;
    } catch (error) {
      if (controller !== this.#controller || isAbortError(error)) return;
      this.error = errorForPeople(error);
    } finally {
      if (controller === this.#controller) this.isSearching = false;
    }
  }

  dispose(): void {
    clearTimeout(this.#timer);
    this.#controller?.abort();
  }
}
