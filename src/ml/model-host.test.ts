import { AutoConfig, env } from '@huggingface/transformers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  allowedModelOrigin,
  appFolder,
  isAllowedModelUrl,
  modelFileUrl,
  transformersHostSettings,
  validateCustomBaseUrl,
} from './model-host';
import type { ModelHost } from './model-host';

const APP = 'https://notes.example.org/thinkbank/index.html?tab=chat#top';
const BGE = { repo: 'Xenova/bge-small-en-v1.5', revision: 'b7ad92a45a298ac620504489f28ecb6ac66ad67c' };
const MIRROR: ModelHost = { kind: 'custom', baseUrl: 'https://mirror.example/hf', layout: 'hub' };
const FOLDER: ModelHost = { kind: 'custom', baseUrl: 'http://localhost:8080/m/', layout: 'folder' };

describe('appFolder', () => {
  it('drops the file name, query and hash from the app base', () => {
    expect(appFolder(APP)).toBe('https://notes.example.org/thinkbank/');
    expect(appFolder('https://notes.example.org')).toBe('https://notes.example.org/');
  });

  it('refuses a base that is not http(s)', () => {
    expect(() => appFolder('blob:https://x/1')).toThrow('http(s)');
  });
});

describe('modelFileUrl', () => {
  it('builds hub resolve URLs with the pinned revision', () => {
    expect(modelFileUrl({ kind: 'hub' }, BGE, 'onnx/model_fp16.onnx', APP)).toBe(
      `https://huggingface.co/Xenova/bge-small-en-v1.5/resolve/${BGE.revision}/onnx/model_fp16.onnx`,
    );
  });

  it('puts site files under models/<repo>/<revision>/ beside the app', () => {
    expect(modelFileUrl({ kind: 'site' }, BGE, 'config.json', APP)).toBe(
      `https://notes.example.org/thinkbank/models/Xenova/bge-small-en-v1.5/${BGE.revision}/config.json`,
    );
  });

  it('follows the layout a custom host declares', () => {
    expect(modelFileUrl(MIRROR, BGE, 'tokenizer.json', APP)).toBe(
      `https://mirror.example/hf/Xenova/bge-small-en-v1.5/resolve/${BGE.revision}/tokenizer.json`,
    );
    expect(modelFileUrl(FOLDER, { ...BGE, revision: 'main' }, 'onnx/model.onnx', APP)).toBe(
      'http://localhost:8080/m/Xenova/bge-small-en-v1.5/main/onnx/model.onnx',
    );
  });
});

describe('validateCustomBaseUrl', () => {
  it('accepts https and adds the trailing slash', () => {
    expect(validateCustomBaseUrl(' https://mirror.example/hf ')).toEqual({
      ok: true,
      baseUrl: 'https://mirror.example/hf/',
    });
  });

  it('accepts plain http only on loopback', () => {
    expect(validateCustomBaseUrl('http://localhost:8080').ok).toBe(true);
    expect(validateCustomBaseUrl('http://127.0.0.1/models/').ok).toBe(true);
    expect(validateCustomBaseUrl('http://mirror.example/')).toEqual({
      ok: false,
      reason: 'Use https. Plain http is only allowed for localhost.',
    });
  });

  it('rejects other schemes, credentials, queries and non-URLs', () => {
    for (const bad of [
      'ftp://mirror.example/',
      'javascript:alert(1)',
      'https://user:secret@mirror.example/',
      'https://mirror.example/?token=1',
      'mirror.example',
    ]) {
      expect(validateCustomBaseUrl(bad).ok, bad).toBe(false);
    }
  });
});

describe('allowedModelOrigin', () => {
  it('names one origin per host kind', () => {
    expect(allowedModelOrigin({ kind: 'hub' }, APP)).toBe('https://huggingface.co');
    expect(allowedModelOrigin({ kind: 'site' }, APP)).toBe('https://notes.example.org');
    expect(allowedModelOrigin(MIRROR, APP)).toBe('https://mirror.example');
    expect(allowedModelOrigin(FOLDER, APP)).toBe('http://localhost:8080');
  });
});

describe('isAllowedModelUrl', () => {
  it('lets hub downloads follow redirects to the hub CDN over https only', () => {
    const hub: ModelHost = { kind: 'hub' };
    expect(isAllowedModelUrl(hub, 'https://cas-bridge.xethub.hf.co/xet-bridge-us/abc', APP)).toBe(true);
    expect(isAllowedModelUrl(hub, 'https://cdn-lfs-us-1.huggingface.co/repos/x', APP)).toBe(true);
    expect(isAllowedModelUrl(hub, 'http://cdn-lfs.hf.co/x', APP)).toBe(false);
    expect(isAllowedModelUrl(hub, 'https://evilhf.co/x', APP)).toBe(false);
    expect(isAllowedModelUrl(hub, 'not a url', APP)).toBe(false);
  });

  it('keeps site and custom hosts to their own origin', () => {
    expect(isAllowedModelUrl({ kind: 'site' }, 'https://notes.example.org/thinkbank/models/a', APP)).toBe(
      true,
    );
    expect(isAllowedModelUrl({ kind: 'site' }, 'https://huggingface.co/x', APP)).toBe(false);
    expect(isAllowedModelUrl(MIRROR, 'https://cdn-lfs.hf.co/x', APP)).toBe(false);
  });
});

describe('transformersHostSettings', () => {
  it('sets remote host and path template per host, local models off', () => {
    expect(transformersHostSettings({ kind: 'hub' }, APP)).toEqual({
      allowRemoteModels: true,
      allowLocalModels: false,
      remoteHost: 'https://huggingface.co/',
      remotePathTemplate: '{model}/resolve/{revision}/',
      localModelPath: '/models/',
    });
    expect(transformersHostSettings({ kind: 'site' }, APP)).toMatchObject({
      remoteHost: 'https://notes.example.org/thinkbank/models/',
      remotePathTemplate: '{model}/{revision}/',
    });
    expect(transformersHostSettings(FOLDER, APP)).toMatchObject({
      remoteHost: 'http://localhost:8080/m/',
      remotePathTemplate: '{model}/{revision}/',
    });
  });
});

describe('transformersHostSettings applied to transformers.js', () => {
  const saved = { ...env };
  let fetched: string[] = [];

  beforeEach(() => {
    fetched = [];
    env.useFSCache = false;
    env.useBrowserCache = false;
    // The network edge only: transformers.js runs for real and asks for config.json.
    env.fetch = (input: RequestInfo | URL) => {
      fetched.push(input instanceof Request ? input.url : String(input));
      return Promise.resolve(Response.json({ model_type: 'bert' }));
    };
  });

  afterEach(() => {
    Object.assign(env, saved);
  });

  it('makes transformers.js fetch exactly the URL modelFileUrl predicts', async () => {
    const hosts: ModelHost[] = [{ kind: 'hub' }, { kind: 'site' }, MIRROR, FOLDER];
    for (const [index, host] of hosts.entries()) {
      Object.assign(env, transformersHostSettings(host, APP));
      fetched = [];
      // A distinct revision per host keeps transformers.js's per-file memo from answering twice.
      const model = { ...BGE, revision: `${BGE.revision.slice(0, 39)}${String(index)}` };
      await AutoConfig.from_pretrained(model.repo, { revision: model.revision });
      expect(fetched).toEqual([modelFileUrl(host, model, 'config.json', APP)]);
    }
  });
});
