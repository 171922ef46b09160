// Why a model could not be loaded, in words a person understands and with a stable `code` the UI can
// act on (offer a retry, point at Settings). They cross threads as values (src/core/errors.ts keeps
// name, message, code and cause), so the Models page shows the same sentence the worker wrote.
import { AppError } from '../../core/errors';

export type ModelErrorCode =
  | 'model-unknown'
  | 'model-file-missing'
  | 'model-file-corrupt'
  | 'model-host-unreachable'
  | 'model-host-refused'
  | 'model-download-failed'
  | 'model-device-unsupported'
  | 'model-storage-full'
  | 'model-out-of-memory'
  | 'model-load-failed'
  | 'model-not-loaded';

export class ModelError extends AppError {
  override name = 'ModelError';
  /** One of ModelErrorCode; typed as the base's string so a revived error compares the same way. */
  declare readonly code: ModelErrorCode;
}

/** True when `error` (possibly revived from another thread) is a ModelError with this code. */
export function hasModelErrorCode(error: unknown, code: ModelErrorCode): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}
