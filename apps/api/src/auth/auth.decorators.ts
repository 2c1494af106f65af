import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { ApiScope } from '@mlserve/contracts';
import type { Principal } from './principal';

export const IS_PUBLIC = 'mlserve:public';
export const REQUIRED_SCOPE = 'mlserve:scope';

/** No key needed: health, metrics and docs only. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The scope a key needs for this route or controller (admin implies write implies read). */
export const RequireScope = (scope: ApiScope) => SetMetadata(REQUIRED_SCOPE, scope);

export const CurrentPrincipal = createParamDecorator(
  (_: unknown, context: ExecutionContext): Principal => {
    const principal = context.switchToHttp().getRequest<Request>().principal;
    if (!principal) throw new Error('CurrentPrincipal used on a public route');
    return principal;
  },
);
