import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DomainError } from '@mlserve/contracts';
import type { ModelDescriptor } from '@mlserve/ml';
import { Public, RequireScope } from '../auth/auth.decorators';
import type { VersionSelector } from '../models/models.service';
import { InferenceService, type OipInferResponse } from './inference.service';

const SERVER = { name: 'mlserve', version: '0.1.0', extensions: [] as string[] };

function selector(version?: string): VersionSelector {
  if (version === undefined) return {};
  if (!/^\d+$/.test(version))
    throw new DomainError('NOT_FOUND', `model version '${version}' does not exist`);
  return { version: Number(version) };
}

function metadata(model: ModelDescriptor) {
  const shape = (dims: (number | null)[] | null) => (dims ?? [-1]).map((d) => d ?? -1);
  const platform = model.runtime === 'ONNX' ? 'onnxruntime_onnx' : 'remote_oip_v2';
  return {
    name: model.name,
    versions: [String(model.version)],
    platform,
    inputs: model.signature.inputs.map((s) => ({
      name: s.name,
      datatype: s.datatype,
      shape: shape(s.shape),
    })),
    outputs: model.signature.outputs.map((s) => ({
      name: s.name,
      datatype: s.datatype,
      shape: shape(s.shape),
    })),
  };
}

/**
 * The Open Inference Protocol v2 (KServe/Triton REST), including /versions/{v} URLs.
 * Errors on these routes are `{"error": "..."}` as the spec requires.
 */
@ApiTags('open-inference-protocol-v2')
@ApiBearerAuth()
@RequireScope('read')
@Controller('v2')
export class OipController {
  constructor(private readonly inference: InferenceService) {}

  @Get()
  @ApiOperation({ summary: 'Server metadata' })
  server() {
    return SERVER;
  }

  @Public()
  @Get('health/live')
  live() {
    return { live: true };
  }

  @Public()
  @Get('health/ready')
  ready() {
    return { ready: true };
  }

  @Get('models/:name')
  async model(@Param('name') name: string) {
    return metadata(await this.inference.describe(name, selector()));
  }

  @Get('models/:name/versions/:version')
  async modelVersion(@Param('name') name: string, @Param('version') version: string) {
    return metadata(await this.inference.describe(name, selector(version)));
  }

  @Get('models/:name/ready')
  async modelReady(@Param('name') name: string, @Res({ passthrough: true }) res: Response) {
    return this.readiness(await this.inference.describe(name, selector()), res);
  }

  @Get('models/:name/versions/:version/ready')
  async modelVersionReady(
    @Param('name') name: string,
    @Param('version') version: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.readiness(await this.inference.describe(name, selector(version)), res);
  }

  @Post('models/:name/infer')
  @HttpCode(200)
  infer(@Param('name') name: string, @Body() body: unknown): Promise<OipInferResponse> {
    return this.inference.oipInfer(name, selector(), body);
  }

  @Post('models/:name/versions/:version/infer')
  @HttpCode(200)
  inferVersion(
    @Param('name') name: string,
    @Param('version') version: string,
    @Body() body: unknown,
  ): Promise<OipInferResponse> {
    return this.inference.oipInfer(name, selector(version), body);
  }

  private async readiness(model: ModelDescriptor, res: Response) {
    const ready = await this.inference.ready(model);
    if (!ready) res.status(503);
    return { name: model.name, version: String(model.version), ready };
  }
}
