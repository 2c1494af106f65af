import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { API_SCOPES } from '@mlserve/contracts';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { openApiSchema } from '../common/openapi';
import { UuidOr404Pipe } from '../common/uuid-or-404.pipe';
import { RequireScope } from './auth.decorators';
import { ApiKeysService } from './api-keys.service';

const createApiKeySchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    scopes: z.array(z.enum(API_SCOPES)).min(1),
  })
  .strict();

@ApiTags('api-keys')
@ApiBearerAuth()
@RequireScope('admin')
@Controller('v1/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post()
  @ApiOperation({ summary: 'Create a key; its secret is in this response only' })
  @ApiBody({ schema: openApiSchema(createApiKeySchema) })
  create(
    @Body(new ZodValidationPipe(createApiKeySchema)) body: z.infer<typeof createApiKeySchema>,
  ) {
    return this.keys.create(body.name, body.scopes);
  }

  @Get()
  @ApiOperation({ summary: 'List keys (never their secrets)' })
  async list() {
    return { items: await this.keys.list() };
  }

  @Delete(':id')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke a key; it stops working at once' })
  revoke(@Param('id', new UuidOr404Pipe('API key')) id: string) {
    return this.keys.revoke(id);
  }
}
