import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { countResponseWrites, responseBytesOf } from './body-size.js';
import { type MeasuredRequest, requestStates } from './request-states.js';
import { ROOT_PREFIX } from './route-template.js';

type Handler = (res: http.ServerResponse) => void;

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Serves one request with `handler`, measured by `owner`; resolves with the counts seen when it finished. */
async function serveOne(owner: object, handler: Handler, measuredBy: object = owner) {
  let seen: { counted: number; reported: number } | undefined;
  const server = http.createServer((req, res) => {
    const state: MeasuredRequest = {
      node: ROOT_PREFIX,
      routeNode: ROOT_PREFIX,
      routePath: undefined,
      error: undefined,
      responseCounted: 0,
      owner: measuredBy,
    };
    requestStates.set(req, state);
    res.on('close', () => {
      const counts = { requestCounted: 0, responseCounted: state.responseCounted ?? 0 };
      seen = { counted: counts.responseCounted, reported: responseBytesOf(req, res, counts) };
    });
    handler(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  const body = await res.arrayBuffer();
  await new Promise((resolve) => setTimeout(resolve, 20));
  return { ...seen!, received: body.byteLength };
}

describe('countResponseWrites', () => {
  it('counts streamed bytes (strings in any encoding, buffers) when no Content-Length is set', async () => {
    const owner = {};
    cleanups.push(countResponseWrites(owner, () => {}));
    const result = await serveOne(owner, (res) => {
      res.write('héllo'); // 6 bytes in UTF-8
      res.write(Buffer.alloc(10));
      res.write('abcd', 'base64'); // 3 bytes
      res.end('!', () => {});
    });
    expect(result).toEqual({ counted: 20, reported: 20, received: 20 });
  });

  it('trusts Content-Length when the response declares it, and counts nothing', async () => {
    const owner = {};
    cleanups.push(countResponseWrites(owner, () => {}));
    const result = await serveOne(owner, (res) => {
      res.setHeader('content-length', 5);
      res.end('12345');
    });
    expect(result).toEqual({ counted: 0, reported: 5, received: 5 });
  });

  it('leaves requests another agent measures, and passes straight through once unhooked', async () => {
    const owner = {};
    const unhook = countResponseWrites(owner, () => {});
    expect((await serveOne(owner, (res) => res.end('abc'), {})).counted).toBe(0);
    unhook();
    expect(await serveOne(owner, (res) => res.end('abc'))).toMatchObject({ counted: 0, received: 3 });
  });
});
