export * from './config';
export * from './config.module';
export { envSchema, PLACEHOLDER_SECRETS, type Env } from './env.schema';
export * from './dotenv';
export * from './ttl-cache';
