// Which files a model downloads for a device, named exactly as transformers.js 4.3.1 names them
// (`onnx/<session><suffix>.onnx`, suffix from its DEFAULT_DTYPE_SUFFIX_MAPPING), with their sizes.

import type { DeviceProfile, Dtype, DtypeChoice, ModelEntry, SupportFile } from './types';

export const DTYPE_SUFFIX: Readonly<Record<Dtype, string>> = {
  fp32: '',
  fp16: '_fp16',
  q8: '_quantized',
  int8: '_int8',
  uint8: '_uint8',
  q4: '_q4',
  q4f16: '_q4f16',
  bnb4: '_bnb4',
};

/** Dtypes whose graphs compute in fp16: WebGPU needs `shader-f16` for them; WASM should not get them. */
export const F16_DTYPES: ReadonlySet<Dtype> = new Set<Dtype>(['fp16', 'q4f16']);

/** The device profile for a backend: fp16 only on a WebGPU adapter with `shader-f16`. */
export function deviceProfile(device: 'webgpu' | 'wasm', hasShaderF16: boolean): DeviceProfile {
  if (device === 'wasm') return 'wasm';
  return hasShaderF16 ? 'webgpu-f16' : 'webgpu';
}

export function dtypeFor(entry: ModelEntry, profile: DeviceProfile): DtypeChoice {
  return entry.dtypes[profile];
}

/** The dtype one session gets under a choice; undefined when a per-session choice omits it. */
export function sessionDtype(choice: DtypeChoice, session: string): Dtype | undefined {
  return typeof choice === 'string' ? choice : choice[session];
}

export function onnxFileName(session: string, dtype: Dtype): string {
  return `onnx/${session}${DTYPE_SUFFIX[dtype]}.onnx`;
}

/** Every file the model fetches on this device: support files first, then one graph per session. */
export function filesFor(entry: ModelEntry, profile: DeviceProfile): SupportFile[] {
  const choice = dtypeFor(entry, profile);
  const graphs = Object.entries(entry.weights).map(([session, sizes]) => {
    const dtype = sessionDtype(choice, session);
    const bytes = dtype === undefined ? undefined : sizes[dtype];
    if (dtype === undefined || bytes === undefined) {
      throw new Error(`${entry.key}: no ${profile} weights for session "${session}"`);
    }
    return { path: onnxFileName(session, dtype), bytes };
  });
  return [...entry.supportFiles, ...graphs];
}

/** Approximate download size in bytes for this device. */
export function downloadBytes(entry: ModelEntry, profile: DeviceProfile): number {
  return filesFor(entry, profile).reduce((sum, file) => sum + file.bytes, 0);
}

/** Like downloadBytes, but undefined instead of throwing when the entry's dtype plan is broken. */
export function tryDownloadBytes(entry: ModelEntry, profile: DeviceProfile): number | undefined {
  const choice = dtypeFor(entry, profile);
  let total = entry.supportFiles.reduce((sum, file) => sum + file.bytes, 0);
  for (const [session, sizes] of Object.entries(entry.weights)) {
    const dtype = sessionDtype(choice, session);
    const bytes = dtype === undefined ? undefined : sizes[dtype];
    if (bytes === undefined) return undefined;
    total += bytes;
  }
  return total;
}
