import type { NextFunction, Request, Response } from 'express';
import { httpRequestDuration, httpRequests } from '@mlserve/observability';

/**
 * Counts every request, including those a guard or the body parser rejected, labelled with the
 * route template (`/v1/jobs/:id`) rather than the URL, so label values stay bounded.
 */
export function httpMetricsMiddleware(req: Request, res: Response, next: NextFunction): void {
  const start = process.hrtime.bigint();
  res.on('finish', () => {
    const route = (req.route as { path?: unknown } | undefined)?.path;
    const labels = {
      method: req.method,
      route: typeof route === 'string' ? `${req.baseUrl}${route}` : 'unmatched',
      status: String(res.statusCode),
    };
    httpRequests.inc(labels);
    httpRequestDuration.observe(labels, Number(process.hrtime.bigint() - start) / 1e9);
  });
  next();
}
