import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HqClient, hqUrlProblem } from '../../src-main/core/hq-client';
import { makeTestCert, type TestCert } from '../helpers/tls';

/**
 * Issue 9: the branch's HTTPS client to headquarters against a real TLS server with a
 * certificate made by openssl now: it trusts only the pinned CA, and every failure comes back as
 * a kind (never a throw).
 */
describe('hq-client: pinned CA, bounded requests', () => {
  let cert: TestCert;
  let other: TestCert;
  let server: https.Server;
  let port: number;
  let seen = 0;
  const open = new Set<import('node:stream').Duplex>();

  beforeAll(async () => {
    cert = makeTestCert();
    other = makeTestCert();
    server = https.createServer({ cert: cert.certPem, key: cert.keyPem }, (req, res) => {
      seen++;
      if (req.url === '/v1/silent') return; // never answers
      if (req.url === '/v1/big') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ pad: 'x'.repeat(10_000) }));
        return;
      }
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ method: req.method, url: req.url, body }));
      });
    });
    server.on('connection', (s) => {
      open.add(s);
      s.on('close', () => open.delete(s));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  }, 30_000);
  afterAll(async () => {
    for (const s of open) s.destroy();
    await new Promise((r) => server.close(r));
  });

  it('talks to headquarters whose certificate the pinned CA signed (and keeps a URL prefix)', async () => {
    const c = new HqClient({ url: `https://127.0.0.1:${port}/hq`, caPem: cert.certPem });
    const r = await c.request({ method: 'POST', path: '/v1/batches', body: JSON.stringify({ a: 1 }) });
    c.close();
    expect(r).toMatchObject({ ok: true, status: 200, json: { method: 'POST', url: '/hq/v1/batches', body: '{"a":1}' } });
  });

  it('wrong CA: no connection (a TLS failure), and the server never sees a request', async () => {
    const before = seen;
    const c = new HqClient({ url: `https://127.0.0.1:${port}`, caPem: other.certPem });
    const r = await c.request({ method: 'POST', path: '/v1/batches', body: '{}' });
    c.close();
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.kind).toBe('tls');
    expect(seen).toBe(before);
  });

  it('an answer larger than the limit is cut off as too-large', async () => {
    const c = new HqClient({ url: `https://127.0.0.1:${port}`, caPem: cert.certPem });
    const r = await c.request({ method: 'GET', path: '/v1/big', maxResponseBytes: 1000 });
    c.close();
    expect(r).toMatchObject({ ok: false, kind: 'too-large' });
  });

  it('a server that never answers ends in a timeout, not a hang', async () => {
    const c = new HqClient({ url: `https://127.0.0.1:${port}`, caPem: cert.certPem });
    const r = await c.request({ method: 'GET', path: '/v1/silent', timeoutMs: 300 });
    c.close();
    expect(r).toMatchObject({ ok: false, kind: 'timeout' });
  });

  it('nobody listening: a network failure', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const freePort = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const c = new HqClient({ url: `https://127.0.0.1:${freePort}`, caPem: cert.certPem });
    const r = await c.request({ method: 'GET', path: '/v1/batches' });
    c.close();
    expect(r).toMatchObject({ ok: false, kind: 'network', reason: 'ECONNREFUSED' });
  });

  it('plain http only to 127.0.0.1; https anywhere; no credentials, query or other scheme', () => {
    expect(hqUrlProblem('https://hq.example.ir')).toBeNull();
    expect(hqUrlProblem('https://hq.example.ir:8443/base')).toBeNull();
    expect(hqUrlProblem('http://127.0.0.1:9000')).toBeNull();
    expect(hqUrlProblem('http://hq.example.ir')).toMatch(/not https/);
    expect(hqUrlProblem('http://localhost:9000')).toMatch(/not https/);
    expect(hqUrlProblem('https://u:p@hq.example.ir')).toMatch(/credentials/);
    expect(hqUrlProblem('https://hq.example.ir/?x=1')).toMatch(/query/);
    expect(hqUrlProblem('ftp://hq.example.ir')).toMatch(/not https/);
    expect(hqUrlProblem('not a url')).toBe('not a URL');
    expect(() => new HqClient({ url: 'http://hq.example.ir', caPem: '' })).toThrow(/refused/);
  });
});
