import { Injectable, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { isSuspended, type AuthMember } from '../../common/auth/auth-member';
import {
  ALLOW_SUSPENDED,
  REQUIRES_VERIFIED_EMAIL,
  ROLES_KEY,
  type AuthenticatedRequest,
} from '../../common/auth/decorators';
import { IS_PUBLIC } from '../../common/auth/public.decorator';
import { ForbiddenError, UnauthenticatedError } from '../../common/errors/domain-error';
import { validateInput } from '../../common/validation/validate-input';
import { AppConfigService } from '../../config/app-config.service';
import { hasRole, type Role } from '../members/member.types';
import { MembersService } from '../members/members.service';
import {
  EmailNotVerifiedError,
  InvalidCredentialsError,
  MemberSuspendedError,
} from './auth.errors';
import { LoginDto } from './dto/auth.dto';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The global guard: deny by default. A route needs a signed-in member unless it is
 * `@Public()` (where a token, if sent, must still be valid); `@Roles()` needs the role;
 * a suspended member may read but not write; `@RequiresVerifiedEmail()` needs a verified
 * address when `EMAIL_VERIFICATION=required`. Guards run before pipes, so these answers
 * come before any `400`. Socket events check their own rights.
 */
@Injectable()
export class AccessGuard extends AuthGuard('jwt') {
  private readonly verificationRequired: boolean;

  constructor(
    private readonly reflector: Reflector,
    private readonly members: MembersService,
    config: AppConfigService,
  ) {
    super();
    this.verificationRequired = config.emailVerification === 'required';
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets) ?? false;

    if (request.headers.authorization !== undefined) {
      await super.canActivate(context);
    } else if (!isPublic) {
      throw new UnauthenticatedError();
    }

    const member = request.user;
    const role = this.reflector.getAllAndOverride<Role | undefined>(ROLES_KEY, targets);
    if (role && !(member && hasRole(member.role, role))) {
      throw new ForbiddenError();
    }
    // Public routes are nobody's writes (a pre-check, a login): only member routes are.
    if (
      member &&
      !isPublic &&
      !READ_METHODS.has(request.method) &&
      isSuspended(member) &&
      !this.reflector.getAllAndOverride<boolean>(ALLOW_SUSPENDED, targets)
    ) {
      throw new MemberSuspendedError();
    }
    if (
      member &&
      this.verificationRequired &&
      this.reflector.getAllAndOverride<boolean>(REQUIRES_VERIFIED_EMAIL, targets) &&
      !(await this.members.findActive(member.id))?.emailVerifiedAt
    ) {
      throw new EmailNotVerifiedError();
    }
    return true;
  }

  override handleRequest<T = AuthMember>(error: unknown, member: T | false): T {
    if (error instanceof Error && !(error instanceof UnauthenticatedError)) throw error;
    if (error || !member) {
      throw error instanceof UnauthenticatedError
        ? error
        : new UnauthenticatedError('The access token is not valid');
    }
    return member;
  }
}

/** Email and password login through passport-local, after the body passed validation. */
@Injectable()
export class LocalAuthGuard extends AuthGuard('local') {
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    validateInput(LoginDto, (request.body ?? {}) as object, 'body');
    return (await super.canActivate(context)) as boolean;
  }

  override handleRequest<T>(error: unknown, member: T | false): T {
    if (error instanceof Error) throw error;
    if (error || !member) throw new InvalidCredentialsError();
    return member;
  }
}
