import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import type { PromotionDecision } from '@mlserve/db';
import { CurrentPrincipal, RequireScope } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { PromotionService } from './promotion.service';

const promoteSchema = z.object({ version: z.number().int().min(1) }).strict();

@ApiTags('models')
@ApiBearerAuth()
@Controller('v1/models/:name')
export class PromotionController {
  constructor(private readonly promotion: PromotionService) {}

  @Post('promote')
  @HttpCode(200)
  @RequireScope('write')
  @ApiOperation({ summary: 'Move production to a version by hand: {"version": n}' })
  promote(
    @Param('name') name: string,
    @Body(new ZodValidationPipe(promoteSchema)) body: z.infer<typeof promoteSchema>,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PromotionDecision> {
    return this.promotion.promote(name, body.version, principal.name);
  }

  @Post('rollback')
  @HttpCode(200)
  @RequireScope('write')
  @ApiOperation({ summary: 'Move production back to the version it had before the last promotion' })
  rollback(
    @Param('name') name: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PromotionDecision> {
    return this.promotion.rollback(name, principal.name);
  }

  @Get('decisions')
  @RequireScope('read')
  @ApiOperation({ summary: "Every promotion decision, newest first, with both versions' metrics" })
  async decisions(@Param('name') name: string): Promise<{ items: PromotionDecision[] }> {
    return { items: await this.promotion.list(name) };
  }
}
