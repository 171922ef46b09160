// A module worker for the browser test: runs the real parsers inside a Worker (no DOM there) and
// answers with the parsed document or the error's name and message, as the ingest worker will.

interface Request {
  readonly bytes: ArrayBuffer;
  readonly fileName: string;
  readonly password?: string;
}

self.onmessage = (event: MessageEvent<Request>) => {
  const { bytes, fileName, password } = event.data;
  const hasDom =
    typeof (globalThis as { document?: unknown }).document !== 'undefined' || 'DOMParser' in globalThis;
  // Imported on demand so a module that fails to load in a worker comes back as a message.
  import('../index')
    .then(({ parseDocument }) =>
      parseDocument(bytes, { fileName, ...(password !== undefined ? { password } : {}) }),
    )
    .then(
      (result) => {
        self.postMessage({ ok: true, hasDom, result });
      },
      (error: unknown) => {
        const e = error instanceof Error ? error : new Error(String(error));
        self.postMessage({ ok: false, hasDom, name: e.name, message: e.message });
      },
    );
};
