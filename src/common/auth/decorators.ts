import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { UnauthenticatedError } from '../errors/domain-error';
import type { AuthMember } from './auth-member';
import type { Role } from './roles';

export const ROLES_KEY = 'roles';
export const ALLOW_SUSPENDED = 'allowSuspended';
export const REQUIRES_VERIFIED_EMAIL = 'requiresVerifiedEmail';

/** The least role a route needs; an admin passes every moderator route. Read handler-first. */
export const Roles = (role: Role): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, role);

/** A write a suspended member may still make (logout, marking read, withdrawing, erasing). */
export const AllowWhileSuspended = (): MethodDecorator & ClassDecorator =>
  SetMetadata(ALLOW_SUSPENDED, true);

/**
 * A write that waits for a verified address when `EMAIL_VERIFICATION=required` (publishing
 * a post, applying to the Golden Crown Club, starting a direct conversation): `403
 * EMAIL_NOT_VERIFIED`, checked after the suspension and before the body is validated.
 */
export const RequiresVerifiedEmail = (): MethodDecorator & ClassDecorator =>
  SetMetadata(REQUIRES_VERIFIED_EMAIL, true);

export type AuthenticatedRequest = Request & { user?: AuthMember };

/** The signed-in member; on a `@Public()` route, `undefined` for a visitor. */
export const CurrentMember = createParamDecorator(
  (options: { optional?: boolean } | undefined, context: ExecutionContext) => {
    const member = context.switchToHttp().getRequest<AuthenticatedRequest>().user;
    if (!member && !options?.optional) throw new UnauthenticatedError();
    return member;
  },
);
