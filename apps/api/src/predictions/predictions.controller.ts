import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Prediction } from '@mlserve/db';
import { RequireScope } from '../auth/auth.decorators';
import { openApiSchema } from '../common/openapi';
import { UuidOr404Pipe } from '../common/uuid-or-404.pipe';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { feedbackSchema, type FeedbackRequest } from './feedback.schema';
import { PredictionsService } from './predictions.service';

@ApiTags('predictions')
@ApiBearerAuth()
@Controller('v1/predictions')
export class PredictionsController {
  constructor(private readonly predictions: PredictionsService) {}

  @Get(':id')
  @RequireScope('read')
  get(@Param('id', new UuidOr404Pipe('prediction')) id: string): Promise<Prediction> {
    return this.predictions.get(id);
  }

  @Post(':id/feedback')
  @HttpCode(200)
  @RequireScope('write')
  @ApiOperation({ summary: 'The true label or value, or correct/incorrect; the last one wins' })
  @ApiBody({ schema: openApiSchema(feedbackSchema) })
  feedback(
    @Param('id', new UuidOr404Pipe('prediction')) id: string,
    @Body(new ZodValidationPipe(feedbackSchema, 'feedback')) body: FeedbackRequest,
  ): Promise<Prediction> {
    return this.predictions.feedback(id, body);
  }
}
