// Small pieces shared by the stored forms of the vector and keyword indexes: the layout version of
// our parts (which parts exist and what "meta" holds), JSON parts, and the one error that means
// "this stored index cannot be used, rebuild it" with the reason in words for Diagnostics.

/** Version of how an index is split into parts; a change makes every stored index rebuild. */
export const STORE_LAYOUT_VERSION = 1;

export type RefusalReason = 'version' | 'settings' | 'corrupt';

export class LoadRefusal extends Error {
  override readonly name = 'LoadRefusal';
  constructor(
    readonly reason: RefusalReason,
    message: string,
  ) {
    super(message);
  }
}

export function encodeJson(value: unknown): ArrayBuffer {
  return new TextEncoder().encode(JSON.stringify(value)).buffer;
}

/** Parses a JSON object part; a missing or unreadable part is a damaged index. */
export function decodeJson(bytes: ArrayBuffer | undefined): Record<string, unknown> {
  if (!bytes) throw new LoadRefusal('corrupt', 'The meta part is missing.');
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new LoadRefusal('corrupt', `The meta part is not JSON (${String(error)}).`);
  }
  if (typeof value !== 'object' || value === null)
    throw new LoadRefusal('corrupt', 'The meta part is not an object.');
  return value as Record<string, unknown>;
}
