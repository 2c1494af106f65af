import { ConsoleLogger, type LogLevel } from '@nestjs/common';

const ORDER: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** A Nest logger that prints JSON lines in production and readable lines elsewhere. */
export function createLogger(level: LogLevel, json: boolean, context = 'mlserve'): ConsoleLogger {
  const levels = ORDER.slice(0, ORDER.indexOf(level) + 1);
  return new ConsoleLogger(context, { logLevels: levels, json, colors: !json });
}
