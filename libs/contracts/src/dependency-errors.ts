const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EPIPE',
  'EAI_AGAIN',
]);
// Prisma: can't reach server, timed out, server closed the connection, pool timeout.
const PRISMA_UNAVAILABLE = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
const UNAVAILABLE_NAMES = new Set(['PrismaClientInitializationError', 'MaxRetriesPerRequestError']);
// PostgreSQL SQLSTATEs 57P01-57P03 (shutting down, starting up), class 08 (connection
// exception) and 53300 (too many connections) mean the server, not the query, is the problem.
const UNAVAILABLE_MESSAGE =
  /connection terminated|timeout exceeded when trying to connect|enableOfflineQueue|connection is closed|can't reach database|ECONNREFUSED|socket closed|connection lost|database system is (shutting down|starting up|in recovery mode)|terminating connection due to administrator command|Code: `(57P0\d|08\d\d\d|53300)`/i;

function fields(value: unknown): {
  code?: unknown;
  name?: unknown;
  message?: unknown;
  cause?: unknown;
} {
  return typeof value === 'object' && value !== null ? value : {};
}

/**
 * True when an error means a dependency (PostgreSQL, Redis, RabbitMQ) is unreachable rather than
 * that the request was wrong: the API answers those with 503. Follows `cause` chains, since
 * Prisma's driver adapter and BullMQ wrap the socket error.
 */
export function isDependencyUnavailable(error: unknown, depth = 0): boolean {
  if (depth > 5 || error === null || error === undefined) return false;
  const { code, name, message, cause } = fields(error);
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || PRISMA_UNAVAILABLE.has(code))) {
    return true;
  }
  if (typeof name === 'string' && UNAVAILABLE_NAMES.has(name)) return true;
  if (typeof message === 'string' && UNAVAILABLE_MESSAGE.test(message)) return true;
  return isDependencyUnavailable(cause, depth + 1);
}
