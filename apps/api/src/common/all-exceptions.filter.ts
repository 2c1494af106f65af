import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { toHttpError } from './http-error';

/**
 * The one exception filter. `/v2` (Open Inference Protocol) answers `{"error": "..."}` as that
 * spec requires; everything else answers `{"error": {"code", "message", "details"}}`.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const error = toHttpError(exception);
    if (error.logId) {
      this.logger.error(`${error.logId} ${request.method} ${request.originalUrl}`, exception);
    }
    if (response.headersSent) {
      response.end();
      return;
    }
    if (error.status === 503 || error.status === 429) {
      response.setHeader('Retry-After', String(retryAfter(error.details) ?? 5));
    }
    const isOip = request.path === '/v2' || request.path.startsWith('/v2/');
    const details = error.logId ? { logId: error.logId } : error.details;
    response
      .status(error.status)
      .json(
        isOip
          ? { error: error.message }
          : { error: { code: error.code, message: error.message, details } },
      );
  }
}

function retryAfter(details: unknown): number | undefined {
  if (typeof details !== 'object' || details === null || !('retryAfterSeconds' in details)) {
    return undefined;
  }
  return typeof details.retryAfterSeconds === 'number' ? details.retryAfterSeconds : undefined;
}
