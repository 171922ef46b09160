// Plain data that crosses threads while a model loads: the device plan, per-file progress and what was
// loaded. Shared by the worker-side loader, the worker contracts and the UI state. Type-only.
import type { DeviceProfile, DtypeChoice, ModelTask } from '../registry';

/** What a caller asks for; 'auto' means WebGPU when an adapter exists, otherwise WASM. */
export type DevicePreference = 'auto' | 'webgpu' | 'wasm';

/** Where and how a model runs on this device. */
export interface DevicePlan {
  device: 'webgpu' | 'wasm';
  profile: DeviceProfile;
  dtype: DtypeChoice;
  /** WASM threads (1 on WebGPU, where ORT's CPU fallback stays single-threaded for us). */
  threads: number;
  /** For people: "WebGPU (fp16)", "WebGPU (fp32)", "WASM, 4 threads". */
  label: string;
  /** Why the plan differs from what was asked, e.g. a model too large for the GPU's buffers. */
  note?: string;
}

export interface FileProgress {
  path: string;
  loadedBytes: number;
  /** From the server (content-length) once known, else the registry's estimate. */
  totalBytes: number;
  state: 'waiting' | 'downloading' | 'cached' | 'done';
}

export type LoadPhase = 'downloading' | 'loading' | 'ready';

export interface ModelLoadProgress {
  modelKey: string;
  phase: LoadPhase;
  loadedBytes: number;
  totalBytes: number;
  /** 0–100, from bytes. */
  percent: number;
  files: FileProgress[];
}

export interface LoadedModelInfo {
  modelKey: string;
  task: ModelTask;
  plan: DevicePlan;
  /** Output size for embedders. */
  dimensions?: number;
  /** Bytes fetched from the network for this load (0 when everything came from the cache). */
  downloadedBytes: number;
  loadMs: number;
}
