// Storage failures the UI shows as states rather than crashes. The browser reports a full disk as a
// QuotaExceededError, which Dexie may wrap (an AbortError of the transaction with the quota error as its
// `inner`); both become one typed StorageFullError.

/** Writing failed because the site's storage quota (or the disk) is full. */
export class StorageFullError extends Error {
  override readonly name = 'StorageFullError';

  constructor(options?: { cause?: unknown }) {
    super('Storage is full: the change was not saved.', options);
  }
}

/** A request the data does not allow (an empty or duplicate name…); the message is for the person. */
export class InvalidInputError extends Error {
  override readonly name = 'InvalidInputError';
}

// Firefox used NS_ERROR_DOM_QUOTA_REACHED before adopting the standard name.
const QUOTA_NAMES = new Set(['QuotaExceededError', 'NS_ERROR_DOM_QUOTA_REACHED']);

function isQuotaError(error: unknown): boolean {
  return (error instanceof Error || error instanceof DOMException) && QUOTA_NAMES.has(error.name);
}

/** The error and what it wraps: Dexie's `inner`, the standard `cause`; stops on cycles and depth. */
function* errorChain(error: unknown): Generator {
  const seen = new Set<unknown>();
  let current = error;
  while (current !== undefined && current !== null && !seen.has(current) && seen.size < 8) {
    seen.add(current);
    yield current;
    if (typeof current !== 'object') return;
    const { inner, cause } = current as { inner?: unknown; cause?: unknown };
    current = inner ?? cause;
  }
}

/** Returns a StorageFullError for any form of quota failure, else the error unchanged. */
export function toStorageError(error: unknown): unknown {
  if (error instanceof StorageFullError) return error;
  for (const link of errorChain(error)) {
    if (isQuotaError(link)) return new StorageFullError({ cause: error });
  }
  return error;
}
