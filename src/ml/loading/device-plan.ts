// Chooses where a model runs on this device, from the capabilities probe and the registry's dtype plan:
// WebGPU when an adapter exists (fp16 graphs only with `shader-f16`), otherwise WASM with as many
// threads as cross-origin isolation allows. A model that cannot run here is refused at once with a
// reason a person understands, before anything downloads. Pure: tested in Node.
import { wasmThreadsFor, type Capabilities } from '../capabilities';
import { deviceProfile, filesFor, tryDownloadBytes, type DtypeChoice, type ModelEntry } from '../registry';
import type { DevicePlan, DevicePreference } from './types';

export type DeviceFacts = Pick<Capabilities, 'gpu' | 'crossOriginIsolated' | 'hardwareConcurrency'>;

export type PlanResult = { ok: true; plan: DevicePlan } | { ok: false; reason: string };

/** "fp16", or "fp32 + fp16" for a per-session choice (Whisper's encoder and decoder). */
export function describeDtype(choice: DtypeChoice): string {
  if (typeof choice === 'string') return choice;
  return [...new Set(Object.values(choice))].join(' + ');
}

function wasmPlan(entry: ModelEntry, facts: DeviceFacts, note?: string, maxThreads?: number): PlanResult {
  if (tryDownloadBytes(entry, 'wasm') === undefined) {
    return { ok: false, reason: `${entry.label} has no weights that run on this device's processor (WASM).` };
  }
  const threads = wasmThreadsFor(facts.crossOriginIsolated, facts.hardwareConcurrency, maxThreads);
  const plan: DevicePlan = {
    device: 'wasm',
    profile: 'wasm',
    dtype: entry.dtypes.wasm,
    threads,
    label: `WASM, ${String(threads)} ${threads === 1 ? 'thread' : 'threads'}`,
  };
  if (note !== undefined) plan.note = note;
  return { ok: true, plan };
}

/** The largest single graph this profile loads, which must fit one GPU buffer. */
function largestGraphBytes(entry: ModelEntry, profile: DevicePlan['profile']): number {
  return Math.max(
    0,
    ...filesFor(entry, profile)
      .filter((file) => file.path.endsWith('.onnx'))
      .map((file) => file.bytes),
  );
}

/** `maxThreads` caps WASM threads (the "Threads" setting); the device's own limit applies otherwise. */
export function planDevice(
  entry: ModelEntry,
  facts: DeviceFacts,
  preference: DevicePreference = 'auto',
  maxThreads?: number,
): PlanResult {
  if (preference === 'wasm') return wasmPlan(entry, facts, undefined, maxThreads);
  const gpu = facts.gpu;
  if (!gpu.available) {
    if (preference === 'webgpu') {
      return {
        ok: false,
        reason: `${entry.label} was set to run on the GPU, but WebGPU is not available here: ${gpu.reason ?? 'no adapter'}`,
      };
    }
    return wasmPlan(entry, facts, undefined, maxThreads);
  }
  const profile = deviceProfile('webgpu', gpu.hasShaderF16);
  if (tryDownloadBytes(entry, profile) === undefined) {
    return preference === 'webgpu'
      ? { ok: false, reason: `${entry.label} has no weights for this GPU.` }
      : wasmPlan(entry, facts, 'No weights for this GPU, so it runs on the processor.', maxThreads);
  }
  const limit = gpu.maxBufferSize;
  if (limit !== undefined && largestGraphBytes(entry, profile) > limit) {
    const why = `Its largest file does not fit in one buffer of this GPU (limit ${String(Math.round(limit / 1e6))} MB).`;
    return preference === 'webgpu'
      ? { ok: false, reason: `${entry.label} cannot run on this GPU. ${why}` }
      : wasmPlan(entry, facts, `${why} It runs on the processor instead.`, maxThreads);
  }
  const dtype = entry.dtypes[profile];
  return {
    ok: true,
    plan: { device: 'webgpu', profile, dtype, threads: 1, label: `WebGPU (${describeDtype(dtype)})` },
  };
}
