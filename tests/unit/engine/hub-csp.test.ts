import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../../src/engine/hub/csp';
import { hubEndpointFrom, hubConnectSources } from '../../../src/engine/hub/endpoint';

const connectSrc = (policy: string) => policy.split('; ').find((d) => d.startsWith('connect-src '));

describe('the production Content-Security-Policy', () => {
  it('allows this origin, huggingface.co and its *.hf.co CDN by default, nothing else', () => {
    expect(connectSrc(contentSecurityPolicy(hubEndpointFrom(undefined, undefined)))).toBe("connect-src 'self' blob: data: https://huggingface.co https://*.hf.co");
  });

  it('allows exactly HUB_ENDPOINT and HUB_CDN_ORIGINS instead when they are set', () => {
    const hub = hubEndpointFrom('http://127.0.0.1:5301/prefix/', 'http://127.0.0.1:6301, https://cdn.example.org/');
    expect(hub).toEqual({ endpoint: 'http://127.0.0.1:5301/prefix', cdnOrigins: ['http://127.0.0.1:6301', 'https://cdn.example.org'] });
    const policy = contentSecurityPolicy(hub);
    expect(connectSrc(policy)).toBe("connect-src 'self' blob: data: http://127.0.0.1:5301 http://127.0.0.1:6301 https://cdn.example.org");
    expect(policy).not.toContain('huggingface.co');
    expect(policy).not.toContain('hf.co');
    expect(policy).toContain("default-src 'self'");
    // A mirror without a CDN of its own: its origin alone.
    expect(hubConnectSources(hubEndpointFrom('https://mirror.example', ''))).toEqual(['https://mirror.example']);
  });

  it('refuses an endpoint that is not an http(s) address', () => {
    expect(() => hubEndpointFrom('ftp://x', null)).toThrow(/HUB_ENDPOINT/);
  });
});
