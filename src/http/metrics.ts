import { timingSafeEqual } from 'node:crypto';
import express, { type Router } from 'express';
import type { HelpdeskMetrics } from '../observability/metrics';

/**
 * `GET /metrics` in the Prometheus text format. It carries no personal data (counts and latencies
 * only, no names or ticket texts in labels), but it tells how the desk is doing: with `token`
 * (METRICS_TOKEN) scrapers must send `Authorization: Bearer <token>`; without one it is served only
 * when the server serves this machine alone (`servesThisMachineOnly`), and not mounted otherwise.
 */
export function metricsRouter(metrics: HelpdeskMetrics, access: { token?: string; open: boolean }): Router {
  const router = express.Router();
  if (!access.token && !access.open) return router;
  const expected = access.token ? Buffer.from(`Bearer ${access.token}`, 'utf8') : undefined;
  router.get('/metrics', async (req, res, next) => {
    if (expected) {
      const given = Buffer.from(req.headers.authorization ?? '', 'utf8');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        res.status(401).set('www-authenticate', 'Bearer realm="helpdesk-metrics"').json({ error: 'token required' });
        return;
      }
    }
    try {
      const body = await metrics.text();
      res.set('cache-control', 'no-store').type(metrics.contentType).send(body);
    } catch (err) {
      next(err);
    }
  });
  return router;
}
