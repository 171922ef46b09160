import { describe, expect, it } from 'vitest';
import type { GpuCapability } from '../capabilities';
import { getModel } from '../registry';
import { planDevice, type DeviceFacts } from './device-plan';

function facts(gpu: Partial<GpuCapability> = {}, overrides: Partial<DeviceFacts> = {}): DeviceFacts {
  return {
    gpu: { available: false, hasShaderF16: false, features: [], ...gpu },
    crossOriginIsolated: true,
    hardwareConcurrency: 4,
    ...overrides,
  };
}

const bge = getModel('bge-small-en-v1.5');
const whisper = getModel('whisper-base');

describe('planDevice', () => {
  it('uses fp16 on WebGPU only when the adapter has shader-f16', () => {
    const f16 = planDevice(bge, facts({ available: true, hasShaderF16: true }));
    const f32 = planDevice(bge, facts({ available: true, hasShaderF16: false }));
    expect(f16).toMatchObject({
      ok: true,
      plan: { device: 'webgpu', dtype: 'fp16', label: 'WebGPU (fp16)' },
    });
    expect(f32).toMatchObject({
      ok: true,
      plan: { device: 'webgpu', dtype: 'fp32', label: 'WebGPU (fp32)' },
    });
  });

  it('falls back to WASM with threads only when cross-origin isolated', () => {
    expect(planDevice(bge, facts())).toMatchObject({
      ok: true,
      plan: { device: 'wasm', dtype: 'q8', threads: 4, label: 'WASM, 4 threads' },
    });
    expect(planDevice(bge, facts({}, { crossOriginIsolated: false }))).toMatchObject({
      ok: true,
      plan: { threads: 1, label: 'WASM, 1 thread' },
    });
  });

  it('describes a per-session dtype choice', () => {
    const plan = planDevice(whisper, facts({ available: true, hasShaderF16: true }));
    expect(plan).toMatchObject({ ok: true, plan: { label: 'WebGPU (fp32 + fp16)' } });
  });

  it('refuses at once when WebGPU is asked for and missing, with the browser reason', () => {
    const result = planDevice(bge, facts({ reason: 'This browser does not offer WebGPU.' }), 'webgpu');
    expect(result).toEqual({
      ok: false,
      reason:
        'BGE small (English) was set to run on the GPU, but WebGPU is not available here: This browser does not offer WebGPU.',
    });
  });

  it('runs on the processor when the largest graph does not fit one GPU buffer', () => {
    const result = planDevice(bge, facts({ available: true, maxBufferSize: 10_000_000 }));
    expect(result).toMatchObject({ ok: true, plan: { device: 'wasm' } });
    if (result.ok) expect(result.plan.note).toMatch(/does not fit in one buffer of this GPU/);
    expect(planDevice(bge, facts({ available: true, maxBufferSize: 10_000_000 }), 'webgpu')).toMatchObject({
      ok: false,
    });
  });

  it('caps WASM threads at the "Processor threads" setting, never above what the device allows', () => {
    expect(planDevice(bge, facts(), 'wasm', 1)).toMatchObject({
      ok: true,
      plan: { device: 'wasm', threads: 1, label: 'WASM, 1 thread' },
    });
    expect(planDevice(bge, facts(), 'auto', 16)).toMatchObject({ ok: true, plan: { threads: 4 } });
    expect(planDevice(bge, facts({ available: true }), 'wasm', 2)).toMatchObject({
      ok: true,
      plan: { device: 'wasm', threads: 2 },
    });
  });
});
