import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { Connection } from 'mongoose';
import { normaliseHost } from '../config';
import { isDatabaseUnavailable } from '../core/errors';
import type { Logger } from '../observability/logger';

/** What a 503 tells clients to wait before trying again (the database is usually back within seconds). */
export const RETRY_AFTER_SECONDS = 5;

export interface HttpDeps {
  connection: Connection;
  logger: Logger;
  /** Called once per finished response (Prometheus latency histogram). */
  observe?: (sample: { method: string; route: string; status: number; seconds: number }) => void;
  /** Host names requests may name (`allowedHosts(env)`); others get 421. */
  allowedHosts: ReadonlySet<string>;
}

/** Probes of orchestrators and load balancers name the machine by its address: they skip the Host check. */
const HEALTH_PATHS = new Set(['/healthz', '/readyz']);

/**
 * The one HTTP server: request ids, JSON logs, health endpoints. Channels and pages mount their
 * routers on it (see compose.ts); Slack and Teams need the raw body, so JSON parsing is per route.
 */
export function createHttpApp(deps: HttpDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');

  app.use((req: Request, res: Response, next: NextFunction) => {
    const id = (req.headers['x-request-id'] as string | undefined)?.slice(0, 64) || randomUUID();
    res.locals.requestId = id;
    res.setHeader('x-request-id', id);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      deps.logger.info(
        { reqId: id, method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms) },
        'request',
      );
      // The route pattern, not the path: label values stay bounded whatever URLs clients send.
      const route = req.route ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
      deps.observe?.({ method: req.method, route, status: res.statusCode, seconds: ms / 1000 });
    });
    next();
  });

  // DNS rebinding: a web page on a name its owner points at this machine must not reach it. Pages
  // and APIs answer only to the names this server is known by; the browser's Host cannot be forged.
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (HEALTH_PATHS.has(req.path) || deps.allowedHosts.has(normaliseHost(req.hostname ?? ''))) return next();
    deps.logger.warn(
      { reqId: res.locals.requestId, host: String(req.headers.host ?? '').slice(0, 100) },
      'request refused: Host not allowed (add it to ALLOWED_HOSTS or set PUBLIC_URL)',
    );
    res.status(421).set('connection', 'close').json({ error: 'misdirected request: unknown host' });
  });

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/readyz', async (_req, res) => {
    try {
      if (deps.connection.readyState !== 1 || !deps.connection.db) throw new Error('not connected');
      await deps.connection.db.command({ ping: 1 });
      res.json({ status: 'ready', database: 'ok' });
    } catch (err) {
      res.status(503).json({ status: 'unavailable', database: (err as Error).message });
    }
  });

  return app;
}

/** How long clients may take: slow or stalled ones are cut off instead of holding a socket. */
export interface HttpLimits {
  /** Until the request's headers are in (Node's default is 60 s). */
  headersTimeoutMs: number;
  /** Until the whole request, body included, is in (Node's default is 5 minutes). */
  requestTimeoutMs: number;
  /** An idle connection between two requests. */
  keepAliveTimeoutMs: number;
  /** How often Node looks for connections past those limits. */
  checkIntervalMs: number;
}

export const HTTP_LIMITS: HttpLimits = {
  headersTimeoutMs: 10_000,
  // Slack and Teams send small bodies at once and wait 3 s and 15 s for an answer.
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  checkIntervalMs: 1_000,
};

/** The one HTTP server of the process, with the limits above, listening on `port` and `host`. */
export function serveHttp(
  app: Express,
  options: { port: number; host: string; limits?: Partial<HttpLimits> },
): Promise<Server> {
  const limits = { ...HTTP_LIMITS, ...options.limits };
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      connectionsCheckingInterval: limits.checkIntervalMs,
    },
    app,
  );
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

/** Last handlers: unknown routes and unexpected errors (logged with the request id, never leaked). */
export function finishHttpApp(app: Express, logger: Logger, onError?: () => void): void {
  app.use((_req, res) => {
    res.status(404).json({ error: 'not found' });
  });
  app.use((err: Error & { status?: number; type?: string }, _req: Request, res: Response, _next: NextFunction) => {
    const reqId = res.locals.requestId as string | undefined;
    if (err.type === 'entity.parse.failed' || err.type === 'entity.too.large' || (err.status && err.status < 500)) {
      res
        .status(err.status ?? 400)
        .json({ error: err.type === 'entity.too.large' ? 'payload too large' : 'malformed request', reqId });
      return;
    }
    if (isDatabaseUnavailable(err)) {
      // Not our bug and not the client's: the database is unreachable. Say so; clients may retry.
      logger.warn({ reqId, err: err.message }, 'request failed: database unavailable');
      res.status(503).set('retry-after', String(RETRY_AFTER_SECONDS)).json({ error: 'database unavailable', reqId });
      return;
    }
    logger.error({ reqId, err }, 'unhandled error');
    onError?.();
    res.status(500).json({ error: 'internal error', reqId });
  });
}
