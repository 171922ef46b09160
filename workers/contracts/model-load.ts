// Load options shared by the llm, vision and speech workers: where files come from, the app's base URL,
// the device preference and thread cap (Settings), and a port for progress. Type-only.
export type { TaskLoadOptions as ModelLoadOptions } from '../../src/ml/tasks/current-model';
export type { DevicePreference, LoadedModelInfo, ModelLoadProgress } from '../../src/ml/loading/types';
