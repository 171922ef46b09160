import { describe, expect, it } from 'vitest';
import { hasIsolationHeaders, withIsolationHeaders } from './isolation';

describe('isolation', () => {
  describe('withIsolationHeaders', () => {
    it('adds COOP and COEP when the host sent neither, keeping status, headers and body', async () => {
      const original = new Response('<!doctype html>', {
        status: 200,
        statusText: 'OK',
        headers: { 'Content-Type': 'text/html' },
      });
      const served = withIsolationHeaders(original);
      expect(served.headers.get('Cross-Origin-Opener-Policy')).toBe('same-origin');
      expect(served.headers.get('Cross-Origin-Embedder-Policy')).toBe('require-corp');
      expect(served.headers.get('Content-Type')).toBe('text/html');
      expect(served.status).toBe(200);
      expect(await served.text()).toBe('<!doctype html>');
    });

    it("keeps the host's own choice when it sent one of them", () => {
      const original = new Response('x', {
        headers: { 'Cross-Origin-Embedder-Policy': 'credentialless' },
      });
      const served = withIsolationHeaders(original);
      expect(served.headers.get('Cross-Origin-Embedder-Policy')).toBe('credentialless');
      expect(served.headers.get('Cross-Origin-Opener-Policy')).toBe('same-origin');
    });

    it('returns the same response when the host already isolates', () => {
      const original = new Response('x', {
        headers: {
          'Cross-Origin-Opener-Policy': 'same-origin',
          'Cross-Origin-Embedder-Policy': 'require-corp',
        },
      });
      expect(withIsolationHeaders(original)).toBe(original);
    });

    it('passes network errors through untouched', () => {
      const failed = Response.error();
      expect(withIsolationHeaders(failed)).toBe(failed);
    });
  });

  describe('hasIsolationHeaders', () => {
    it('needs both headers', () => {
      expect(hasIsolationHeaders(new Headers({ 'Cross-Origin-Opener-Policy': 'same-origin' }))).toBe(false);
    });
  });
});
