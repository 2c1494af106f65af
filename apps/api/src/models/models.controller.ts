import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseIntPipe,
  Post,
  Put,
  Query,
  Res,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { RequireScope } from '../auth/auth.decorators';
import { ZodValidationPipe, parseOrThrow } from '../common/zod-validation.pipe';
import { ModelsService } from './models.service';
import { ModelRegistrationService } from './model-registration.service';
import { toModelView, toVersionView, type ModelVersionView, type ModelView } from './model.view';
import {
  aliasNameSchema,
  modelNameSchema,
  registerModelSchema,
  modelSettingsSchema,
  setAliasSchema,
  type ModelSettings,
} from './register-model.schema';

const listQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: modelNameSchema.optional(),
  })
  .strict();

@ApiTags('models')
@ApiBearerAuth()
@Controller('v1/models')
export class ModelsController {
  constructor(
    private readonly models: ModelsService,
    private readonly registration: ModelRegistrationService,
  ) {}

  @Post()
  @RequireScope('write')
  @UseInterceptors(FileInterceptor('file'))
  @ApiConsumes('multipart/form-data')
  @ApiOperation({
    summary:
      'Upload an ONNX model (multipart: file + name, version?, description?, labels?, queue?, maxBatchSize?, maxDelayMs?)',
  })
  async register(
    @UploadedFile() file: Express.Multer.File | undefined,
    @Body() fields: unknown,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ModelVersionView> {
    const request = parseOrThrow(registerModelSchema, fields, 'model registration');
    const version =
      request.runtime === 'http'
        ? await this.registration.registerHttp(request)
        : await this.registration.registerOnnx(request, file?.buffer);
    res.status(201).setHeader('Location', `/v1/models/${request.name}/versions/${version.version}`);
    return toVersionView(version);
  }

  @Get()
  @RequireScope('read')
  async list(
    @Query(new ZodValidationPipe(listQuerySchema, 'query string'))
    query: z.infer<typeof listQuerySchema>,
  ): Promise<{ items: ModelView[]; nextCursor: string | null }> {
    const rows = await this.models.list(query.limit + 1, query.cursor);
    const items = rows.slice(0, query.limit);
    const nextCursor = rows.length > query.limit ? (items.at(-1)?.name ?? null) : null;
    return { items: items.map(toModelView), nextCursor };
  }

  @Get(':name')
  @RequireScope('read')
  async get(@Param('name') name: string): Promise<ModelView> {
    return toModelView(await this.models.get(name));
  }

  @Get(':name/versions/:version')
  @RequireScope('read')
  async getVersion(
    @Param('name') name: string,
    @Param('version', ParseIntPipe) version: number,
  ): Promise<ModelVersionView> {
    return toVersionView(await this.models.resolve(name, { version }));
  }

  @Put(':name/aliases/:alias')
  @RequireScope('write')
  @ApiOperation({
    summary: 'Point an alias (production, staging, ...) at a version: {"version": n}',
  })
  async setAlias(
    @Param('name') name: string,
    @Param('alias') alias: string,
    @Body(new ZodValidationPipe(setAliasSchema)) body: z.infer<typeof setAliasSchema>,
  ): Promise<ModelView> {
    parseOrThrow(aliasNameSchema, alias, 'alias');
    return toModelView(await this.models.setAlias(name, alias, body.version, body.split));
  }

  @Put(':name/settings')
  @RequireScope('write')
  @ApiOperation({
    summary: 'Task, class labels, prediction-log sampling and promotion policy of a model',
  })
  async settings(
    @Param('name') name: string,
    @Body(new ZodValidationPipe(modelSettingsSchema)) body: ModelSettings,
  ): Promise<ModelView> {
    return toModelView(await this.models.updateSettings(name, body));
  }

  @Delete(':name/aliases/:alias')
  @HttpCode(204)
  @RequireScope('write')
  async removeAlias(@Param('name') name: string, @Param('alias') alias: string): Promise<void> {
    await this.models.removeAlias(name, alias);
  }

  @Delete(':name/versions/:version')
  @HttpCode(204)
  @RequireScope('write')
  @ApiOperation({ summary: 'Delete a version; 409 while an alias or a queued/running job uses it' })
  async deleteVersion(
    @Param('name') name: string,
    @Param('version', ParseIntPipe) version: number,
  ): Promise<void> {
    await this.models.deleteVersion(name, version);
  }
}
