import { Body, Controller, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { RequireScope } from '../auth/auth.decorators';
import { openApiSchema } from '../common/openapi';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { aliasNameSchema } from '../models/register-model.schema';
import { InferenceService, predictBodySchema, type PredictResponse } from './inference.service';

const aliasQuerySchema = z.object({ alias: aliasNameSchema.optional() }).strict();

/** Simple JSON predictions: named inputs as nested arrays, named outputs back. */
@ApiTags('inference')
@ApiBearerAuth()
@RequireScope('read')
@Controller('v1/models/:name')
export class PredictController {
  constructor(private readonly inference: InferenceService) {}

  @Post('predict')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Predict with the production alias (else the latest version), or ?alias=',
  })
  @ApiBody({ schema: openApiSchema(predictBodySchema) })
  predict(
    @Param('name') name: string,
    @Query(new ZodValidationPipe(aliasQuerySchema, 'query string'))
    query: z.infer<typeof aliasQuerySchema>,
    @Body() body: unknown,
  ): Promise<PredictResponse> {
    return this.inference.predict(name, { alias: query.alias }, body);
  }

  @Post('versions/:version/predict')
  @HttpCode(200)
  @ApiBody({ schema: openApiSchema(predictBodySchema) })
  predictVersion(
    @Param('name') name: string,
    @Param('version', ParseIntPipe) version: number,
    @Body() body: unknown,
  ): Promise<PredictResponse> {
    return this.inference.predict(name, { version }, body);
  }
}
