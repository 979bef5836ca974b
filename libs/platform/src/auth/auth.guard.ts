import { currentLogContext } from '../logging/log-context';
import {
  CanActivate,
  ExecutionContext,
  Injectable,
  SetMetadata,
  UnauthorizedException,
  applyDecorators,
  createParamDecorator,
  UseGuards,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Forbidden } from '@app/kernel';
import { Accounts, AuthenticatedUser, Role } from './accounts';

const ROLES = 'auth:roles';

/** Requires a valid bearer token with one of the roles: 401 without one, 403 with another role. */
export function Authenticated(...roles: Role[]) {
  return applyDecorators(
    SetMetadata(ROLES, roles),
    UseGuards(AuthGuard),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'Missing or invalid token (problem details)' }),
    ApiForbiddenResponse({ description: 'The token has another role (problem details)' }),
  );
}

export const CurrentUser = createParamDecorator(
  (_: unknown, context: ExecutionContext): AuthenticatedUser => {
    return context.switchToHttp().getRequest<{ user: AuthenticatedUser }>().user;
  },
);

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly accounts: Accounts,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context
      .switchToHttp()
      .getRequest<{ headers: Record<string, string | undefined>; user?: AuthenticatedUser }>();
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    if (scheme !== 'Bearer' || !token)
      throw new UnauthorizedException('A bearer token is required: log in at POST /auth/login.');
    try {
      request.user = await this.accounts.verify(token);
      // Every line logged from here on in this request names the user.
      const logContext = currentLogContext();
      if (logContext) logContext.userId = request.user.id;
    } catch {
      throw new UnauthorizedException('The token is invalid or expired: log in again.');
    }
    const roles =
      this.reflector.getAllAndOverride<Role[]>(ROLES, [context.getHandler(), context.getClass()]) ?? [];
    if (roles.length > 0 && !roles.includes(request.user.role))
      throw new Forbidden('ROLE_REQUIRED', `This needs the ${roles.join(' or ')} role.`);
    return true;
  }
}
