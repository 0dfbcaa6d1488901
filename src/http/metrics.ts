import express, { type Router } from 'express';
import type { HelpdeskMetrics } from '../observability/metrics';

/**
 * `GET /metrics` in the Prometheus text format. Like `/healthz` it carries no personal data
 * (counts and latencies only, no names or ticket texts in labels), so scrapers need no sign-in;
 * keep it on the internal network as usual for Prometheus targets.
 */
export function metricsRouter(metrics: HelpdeskMetrics): Router {
  const router = express.Router();
  router.get('/metrics', async (_req, res, next) => {
    try {
      const body = await metrics.text();
      res.set('cache-control', 'no-store').type(metrics.contentType).send(body);
    } catch (err) {
      next(err);
    }
  });
  return router;
}
