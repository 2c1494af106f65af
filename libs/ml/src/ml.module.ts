import path from 'node:path';
import { Global, Module, type OnApplicationShutdown, Inject } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@mlserve/config';
import { InferenceEngine } from './inference/inference-engine';
import { PredictionLogger } from './inference/prediction-logger';
import { OnnxSessionCache } from './runtimes/onnx-session-cache';
import { FileModelStore, type ModelStore } from './store/model-store';

/** Injection token for the store of model artifacts (`<MODEL_STORE_DIR>/models`). */
export const MODEL_STORE = Symbol('MODEL_STORE');
/** Injection token for the store of job inputs and results (`<MODEL_STORE_DIR>/data`). */
export const DATA_STORE = Symbol('DATA_STORE');

/** The model store and the warm-session cache, shared by the api and the worker. */
@Global()
@Module({
  providers: [
    {
      provide: MODEL_STORE,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): ModelStore =>
        new FileModelStore(path.join(config.models.storeDir, 'models')),
    },
    {
      provide: DATA_STORE,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): ModelStore =>
        new FileModelStore(path.join(config.models.storeDir, 'data')),
    },
    {
      provide: OnnxSessionCache,
      inject: [MODEL_STORE, APP_CONFIG],
      useFactory: (store: ModelStore, config: AppConfig) =>
        new OnnxSessionCache(store, {
          maxCount: config.models.cacheMaxCount,
          maxBytes: config.models.cacheMaxBytes,
        }),
    },
    InferenceEngine,
    PredictionLogger,
  ],
  exports: [MODEL_STORE, DATA_STORE, OnnxSessionCache, InferenceEngine, PredictionLogger],
})
export class MlModule implements OnApplicationShutdown {
  constructor(@Inject(OnnxSessionCache) private readonly sessions: OnnxSessionCache) {}

  async onApplicationShutdown(): Promise<void> {
    await this.sessions.close();
  }
}
