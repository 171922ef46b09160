// The workers' names, apart from the table of their contracts (index.ts), so the base contract every
// worker implements can name its peers without importing that table (which imports it). Type-only.
export type WorkerName = 'ingest' | 'embed' | 'search' | 'llm' | 'vision' | 'speech';
