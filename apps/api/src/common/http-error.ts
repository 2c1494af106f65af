import { HttpException } from '@nestjs/common';
import {
  DomainError,
  ERROR_STATUS,
  isDependencyUnavailable,
  type ErrorCode,
} from '@mlserve/contracts';
import {
  BatcherClosedError,
  TensorInputError,
  TrainingInputError,
  UnsupportedModelError,
} from '@mlserve/ml';

export interface HttpError {
  status: number;
  code: ErrorCode;
  message: string;
  details?: unknown;
  /** Set for unexpected errors: logged with this id, which the client also gets. */
  logId?: string;
}

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  429: 'RATE_LIMITED',
  503: 'DEPENDENCY_UNAVAILABLE',
};

/** body-parser's errors carry a `type`; they are the client's mistakes, not ours. */
function fromBodyParser(error: unknown): HttpError | undefined {
  if (!(error instanceof Error) || !('type' in error)) return undefined;
  const { type } = error;
  const limit = 'limit' in error ? error.limit : undefined;
  switch (type) {
    case 'entity.too.large':
      return {
        status: 413,
        code: 'PAYLOAD_TOO_LARGE',
        message: `request body exceeds the limit of ${String(limit)} bytes`,
        details: { limitBytes: limit },
      };
    case 'entity.parse.failed':
      return {
        status: 400,
        code: 'MALFORMED_JSON',
        message: `request body is not valid JSON: ${error.message}`,
      };
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: error.message };
    case 'request.aborted':
      return { status: 400, code: 'VALIDATION_FAILED', message: 'request was aborted' };
    default:
      return undefined;
  }
}

/** Maps any thrown value to one HTTP answer. The one place where errors become statuses. */
export function toHttpError(error: unknown): HttpError {
  if (error instanceof DomainError) {
    return {
      status: ERROR_STATUS[error.code],
      code: error.code,
      message: error.message,
      details: error.details,
    };
  }
  if (error instanceof TensorInputError) {
    return {
      status: 400,
      code: 'VALIDATION_FAILED',
      message: error.message,
      details: { input: error.input },
    };
  }
  if (error instanceof TrainingInputError) {
    return {
      status: 400,
      code: 'VALIDATION_FAILED',
      message: error.message,
      details: error.details,
    };
  }
  if (error instanceof BatcherClosedError) {
    return {
      status: 503,
      code: 'NOT_READY',
      message: 'the model is being unloaded; retry shortly',
    };
  }
  if (error instanceof UnsupportedModelError) {
    return { status: 422, code: 'UNPROCESSABLE', message: error.message };
  }
  // Nest wraps body-parser's errors in an HttpException; the original is its cause.
  const parserError =
    fromBodyParser(error) ??
    (error instanceof HttpException ? fromBodyParser(error.cause) : undefined);
  if (parserError) return parserError;
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const code = CODE_BY_STATUS[status] ?? (status < 500 ? 'VALIDATION_FAILED' : 'INTERNAL');
    return { status, code, message: error.message };
  }
  if (isDependencyUnavailable(error)) {
    return {
      status: 503,
      code: 'DEPENDENCY_UNAVAILABLE',
      message: 'a backing service is unavailable; retry shortly (see /health/ready)',
    };
  }
  return {
    status: 500,
    code: 'INTERNAL',
    message: 'internal error; quote the log id when reporting it',
    logId: crypto.randomUUID(),
  };
}
