import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/**
 * Slack's side of a Socket Mode connection, on loopback: a minimal RFC 6455 server (text frames,
 * ping/pong, close) that says `hello`, sends envelopes and records what the app sends back.
 */
export class FakeSocketModeServer {
  readonly received: Record<string, any>[] = [];
  private server?: Server;
  private socket?: Duplex;
  private buffer = Buffer.alloc(0);
  connections = 0;
  /** True while the app is connected. */
  open = false;

  async start(): Promise<string> {
    this.server = createServer((_req, res) => res.writeHead(426).end());
    this.server.on('upgrade', (req, socket) => {
      const key = String(req.headers['sec-websocket-key']);
      const accept = createHash('sha1')
        .update(key + GUID)
        .digest('base64');
      socket.write(
        `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
      );
      this.socket = socket;
      this.connections += 1;
      socket.on('data', (chunk: Buffer) => this.read(chunk));
      socket.on('close', () => (this.open = false));
      this.open = true;
      socket.on('error', () => undefined);
      this.send({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A1' }, debug_info: { host: 'fake' } });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/link`;
  }

  send(message: object): void {
    this.frame(0x1, Buffer.from(JSON.stringify(message)));
  }

  async stop(): Promise<void> {
    this.socket?.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private frame(opcode: number, payload: Buffer): void {
    if (!this.socket || this.socket.destroyed) return;
    const length = payload.length;
    const header =
      length < 126
        ? Buffer.from([0x80 | opcode, length])
        : length < 65536
          ? Buffer.from([0x80 | opcode, 126, length >> 8, length & 0xff])
          : Buffer.concat([
              Buffer.from([0x80 | opcode, 127]),
              (() => {
                const b = Buffer.alloc(8);
                b.writeBigUInt64BE(BigInt(length));
                return b;
              })(),
            ]);
    this.socket.write(Buffer.concat([header, payload]));
  }

  private read(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      if (this.buffer.length < 2) return;
      const opcode = this.buffer[0] & 0x0f;
      const masked = (this.buffer[1] & 0x80) !== 0;
      let length = this.buffer[1] & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (this.buffer.length < 4) return;
        length = this.buffer.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (this.buffer.length < 10) return;
        length = Number(this.buffer.readBigUInt64BE(2));
        offset = 10;
      }
      const maskOffset = offset;
      if (masked) offset += 4;
      if (this.buffer.length < offset + length) return;
      const payload = Buffer.from(this.buffer.subarray(offset, offset + length));
      if (masked) for (let i = 0; i < payload.length; i++) payload[i] ^= this.buffer[maskOffset + (i % 4)];
      this.buffer = this.buffer.subarray(offset + length);
      if (opcode === 0x1) this.received.push(JSON.parse(payload.toString('utf8')));
      else if (opcode === 0x9) this.frame(0xa, payload);
      else if (opcode === 0x8) {
        this.frame(0x8, payload.subarray(0, 2));
        this.socket?.end();
      }
    }
  }
}
