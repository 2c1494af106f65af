import { Module } from '@nestjs/common';
import { ModelsModule } from '../models/models.module';
import { InferenceService } from './inference.service';
import { OipController } from './oip.controller';
import { PredictController } from './predict.controller';

@Module({
  imports: [ModelsModule],
  controllers: [PredictController, OipController],
  providers: [InferenceService],
})
export class InferenceModule {}
