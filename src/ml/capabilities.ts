// The one place that asks the platform what it can do: WebGPU (adapter, shader-f16, limits), WebNN,
// cross-origin isolation and threads, storage. Runs on the main thread and in workers (no DOM use),
// so the UI and the model loader see the same answers.

export interface GpuCapability {
  available: boolean;
  /** Why WebGPU is not usable, in words a person understands. */
  reason?: string;
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
  hasShaderF16: boolean;
  features: string[];
  maxBufferSize?: number;
  maxStorageBufferBindingSize?: number;
}

export interface StorageCapability {
  /** Unknown where the browser does not say. */
  usageBytes?: number | undefined;
  quotaBytes?: number | undefined;
  persisted?: boolean | undefined;
  hasOpfs: boolean;
}

export interface Capabilities {
  gpu: GpuCapability;
  webnn: boolean;
  crossOriginIsolated: boolean;
  sharedArrayBuffer: boolean;
  hardwareConcurrency: number;
  /** Threads onnxruntime-web's WASM backend can use: >1 only when cross-origin isolated. */
  wasmThreads: number;
  webLocks: boolean;
  serviceWorker: boolean;
  storage: StorageCapability;
  userAgent: string;
}

/** The parts of Navigator / WorkerNavigator this module reads; any may be missing in some browser. */
interface Nav {
  gpu?: GPU;
  storage?: StorageManager;
  ml?: unknown;
  locks?: LockManager;
  serviceWorker?: unknown;
  hardwareConcurrency?: number;
  userAgent: string;
}

function nav(): Nav {
  return globalThis.navigator;
}

export async function probeGpu(n: Nav = nav()): Promise<GpuCapability> {
  const gpu = n.gpu;
  if (!gpu) {
    return {
      available: false,
      reason: 'This browser does not offer WebGPU.',
      hasShaderF16: false,
      features: [],
    };
  }
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      available: false,
      reason: `WebGPU adapter request failed: ${message}`,
      hasShaderF16: false,
      features: [],
    };
  }
  if (!adapter) {
    return {
      available: false,
      reason: 'WebGPU is present but no GPU adapter is available (blocked, disabled, or no supported GPU).',
      hasShaderF16: false,
      features: [],
    };
  }
  const info = adapter.info;
  const features = [...adapter.features].map(String).sort();
  return {
    available: true,
    vendor: info.vendor,
    architecture: info.architecture,
    device: info.device,
    description: info.description,
    isFallbackAdapter: (info as Partial<GPUAdapterInfo>).isFallbackAdapter === true,
    hasShaderF16: adapter.features.has('shader-f16'),
    features,
    maxBufferSize: adapter.limits.maxBufferSize,
    maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
  };
}

export async function probeStorage(n: Nav = nav()): Promise<StorageCapability> {
  const storage = n.storage;
  const hasOpfs = typeof storage?.getDirectory === 'function';
  if (!storage) return { hasOpfs };
  const [estimate, persisted] = await Promise.all([
    storage.estimate().catch(() => undefined),
    typeof storage.persisted === 'function'
      ? storage.persisted().catch(() => undefined)
      : Promise.resolve(undefined),
  ]);
  return { usageBytes: estimate?.usage, quotaBytes: estimate?.quota, persisted, hasOpfs };
}

/**
 * Threads worth giving onnxruntime-web: the cores, capped at 8, and only when isolated. `maxThreads` is
 * the person's "Threads" setting (or a bench's), which lowers the count but never raises it.
 */
export function wasmThreadsFor(isolated: boolean, cores: number, maxThreads?: number): number {
  const available = isolated ? Math.max(1, Math.min(8, cores)) : 1;
  return maxThreads === undefined ? available : Math.max(1, Math.min(available, Math.floor(maxThreads)));
}

export async function probeCapabilities(): Promise<Capabilities> {
  const n = nav();
  const isolated = globalThis.crossOriginIsolated;
  const cores = n.hardwareConcurrency ?? 1;
  const [gpu, storage] = await Promise.all([probeGpu(n), probeStorage(n)]);
  return {
    gpu,
    webnn: n.ml !== undefined,
    crossOriginIsolated: isolated,
    sharedArrayBuffer: typeof SharedArrayBuffer === 'function',
    hardwareConcurrency: cores,
    wasmThreads: wasmThreadsFor(isolated, cores),
    webLocks: n.locks !== undefined,
    serviceWorker: n.serviceWorker !== undefined,
    storage,
    userAgent: n.userAgent,
  };
}
