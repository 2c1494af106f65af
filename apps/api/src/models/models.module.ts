import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { APP_CONFIG, type AppConfig } from '@mlserve/config';
import { ModelsController } from './models.controller';
import { ModelsService } from './models.service';
import { ModelRegistrationService } from './model-registration.service';
import { PromotionController } from './promotion.controller';
import { PromotionService } from './promotion.service';

@Module({
  imports: [
    MulterModule.registerAsync({
      inject: [APP_CONFIG],
      // memory storage: the upload is validated by onnxruntime before it reaches the store
      useFactory: (config: AppConfig) => ({
        limits: { fileSize: config.models.maxBytes, files: 1 },
      }),
    }),
  ],
  controllers: [ModelsController, PromotionController],
  providers: [ModelsService, ModelRegistrationService, PromotionService],
  exports: [ModelsService],
})
export class ModelsModule {}
