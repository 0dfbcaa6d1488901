import type { Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { HTTP_LIMITS, serveHttp } from '../../src/http/server';
import { startTestHelpdesk, type TestHelpdesk } from '../support/helpdesk';

/** Short limits, so the test waits a little for what production does after 10 and 30 seconds. */
const SHORT = { headersTimeoutMs: 600, requestTimeoutMs: 1200, keepAliveTimeoutMs: 400, checkIntervalMs: 100 };

/** A raw client: what it was sent back, and whether the server hung up on it. */
function client(port: number): { socket: Socket; received: () => string; closed: Promise<void> } {
  const socket = connect(port, '127.0.0.1');
  let received = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (received += chunk));
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  return { socket, received: () => received, closed };
}

/** Writes one byte at a time until the socket closes (or everything is sent). */
function trickle(socket: Socket, text: string, everyMs: number): void {
  let at = 0;
  const timer = setInterval(() => {
    if (socket.destroyed || at >= text.length) return clearInterval(timer);
    socket.write(text[at++]);
  }, everyMs);
  socket.on('close', () => clearInterval(timer));
}

describe('slow clients are cut off', () => {
  let h: TestHelpdesk;
  let server: Server;
  let port: number;
  beforeAll(async () => {
    h = await startTestHelpdesk();
    server = await serveHttp(h.helpdesk.app, { port: 0, host: '127.0.0.1', limits: SHORT });
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await h.close();
  });

  it('serves with the declared limits by default', async () => {
    const other = await serveHttp(h.helpdesk.app, { port: 0, host: '127.0.0.1' });
    try {
      expect(other.headersTimeout).toBe(HTTP_LIMITS.headersTimeoutMs);
      expect(other.requestTimeout).toBe(HTTP_LIMITS.requestTimeoutMs);
      expect(other.keepAliveTimeout).toBe(HTTP_LIMITS.keepAliveTimeoutMs);
      expect(HTTP_LIMITS.headersTimeoutMs).toBeLessThanOrEqual(10_000);
      expect(HTTP_LIMITS.requestTimeoutMs).toBeLessThanOrEqual(30_000);
    } finally {
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }
  });

  it('given a client that trickles its headers, then the server answers 408 and closes the socket', async () => {
    const c = client(port);
    trickle(c.socket, `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ${'a'.repeat(200)}\r\n\r\n`, 50);
    await c.closed;
    expect(c.received()).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('given a client that sends its headers and then trickles the body, then the server closes the socket', async () => {
    const c = client(port);
    c.socket.write(
      'POST /console/api/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n',
    );
    trickle(c.socket, `{"persona":"alice","text":"${'x'.repeat(370)}"}`, 50);
    await c.closed;
    expect(c.received()).not.toMatch(/^HTTP\/1\.1 200 /);
  });

  it('given 50 sockets that never send anything, then all are closed', async () => {
    const idle = Array.from({ length: 50 }, () => client(port));
    await Promise.all(idle.map((c) => c.closed));
    expect(idle.every((c) => c.socket.destroyed)).toBe(true);
  });

  it('given a kept-alive connection left idle after its answer, then it is closed', async () => {
    const c = client(port);
    c.socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n');
    await c.closed;
    expect(c.received()).toMatch(/^HTTP\/1\.1 200 /);
  });
});
