import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { DataSource } from 'typeorm';
import type { AuthMember } from '../../common/auth/auth-member';
import { isUniqueViolation } from '../../common/errors/database-errors';
import {
  RateLimitedError,
  UnauthenticatedError,
  ValidationFailedError,
} from '../../common/errors/domain-error';
import { FALLBACK_LANGUAGE, type Language } from '../../common/i18n/language';
import { RateLimiters } from '../../common/rate-limit/rate-limiters';
import { AppConfigService } from '../../config/app-config.service';
import { withStartLock } from '../../database/start-lock';
import { MailOutbox } from '../mail/mail-outbox';
import type { MemberRecord } from '../members/member.record';
import { MemberRolesService } from '../members/member-roles.service';
import { EmailTakenError } from '../members/members.errors';
import { MembersService, normalizeEmail } from '../members/members.service';
import type { AuthResponseDto, ChangePasswordDto, RegisterDto, TokenPairDto } from './dto/auth.dto';
import { InvalidCredentialsError } from './auth.errors';
import { EmailVerificationService } from './email-verification.service';
import { FirstAdmin } from './first-admin';
import { PasswordService } from './password.service';
import { hashToken, SessionsService, type Rotation } from './sessions.service';

/** What an access token carries: whose it is and which session issued it. Rights are not in it. */
export interface AccessTokenPayload {
  sub: string;
  sid: string;
  /** Set by signing; a token without it never expires and is refused. */
  exp?: number;
}

const LOCKOUT_WINDOW_MS = 15 * 60_000;

/**
 * Failed password checks of one email from one IP (logins, password changes, erasures),
 * against one password: the key ends with a digest of the stored hash, so a new password
 * (a reset) starts every IP's count afresh, in every process.
 */
const lockoutKey = (email: string, ip: string, passwordHash: string | null): string =>
  `${normalizeEmail(email)}:${ip}:${passwordHash ? hashToken(passwordHash).slice(0, 16) : '-'}`;

@Injectable()
export class AuthService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AuthService.name);
  /** Failed password checks per lockout key, `LOGIN_FAILURES_BEFORE_LOCK` per 15 minutes. */
  private readonly loginFailures: RateLimiterAbstract;

  constructor(
    private readonly members: MembersService,
    private readonly roles: MemberRolesService,
    private readonly sessions: SessionsService,
    private readonly passwords: PasswordService,
    private readonly jwt: JwtService,
    private readonly config: AppConfigService,
    limiters: RateLimiters,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly firstAdmin: FirstAdmin,
    private readonly emailVerification: EmailVerificationService,
    private readonly outbox: MailOutbox,
  ) {
    this.loginFailures = limiters.create(
      'login-failures',
      config.get('LOGIN_FAILURES_BEFORE_LOCK'),
      LOCKOUT_WINDOW_MS,
    );
  }

  /**
   * The first admin, from `ADMIN_EMAIL` and `ADMIN_PASSWORD`; idempotent. Without
   * `ADMIN_EMAIL`, a database with no admin gets a generated one (`FirstAdmin`).
   */
  async onApplicationBootstrap(): Promise<void> {
    // Processes starting together (WEB_CONCURRENCY, replicas) take turns: one admin.
    await withStartLock(this.dataSource, this.config.isEmbeddedDatabase, () =>
      this.ensureFirstAdmin(),
    );
  }

  private async ensureFirstAdmin(): Promise<void> {
    const email = this.config.get('ADMIN_EMAIL');
    const password = this.config.get('ADMIN_PASSWORD');
    if (!email) return this.firstAdmin.ensure();
    if (!password) return;
    const outcome = await this.roles.ensureAdmin(email, () => this.passwords.hash(password));
    if (outcome === 'created') this.logger.log('Admin account created from ADMIN_EMAIL');
    if (outcome === 'not_admin') {
      this.logger.warn(
        'ADMIN_EMAIL names an existing account that is not an admin: it was not promoted ' +
          '(anyone could have registered that address). To promote it, run ' +
          '`npm run cli -- create-admin --email <ADMIN_EMAIL> --promote-existing`, which asks ' +
          "for that account's own password.",
      );
    }
  }

  /**
   * Registers a member; `language` (from `Accept-Language`) becomes the language of their
   * mail. The verification mail is stored in the same transaction as the member.
   */
  async register(
    dto: RegisterDto,
    language: Language = FALLBACK_LANGUAGE,
  ): Promise<AuthResponseDto> {
    if (await this.members.findByEmail(dto.email)) throw new EmailTakenError();
    const passwordHash = await this.passwords.hash(dto.password);
    try {
      const { member, rotation } = await this.dataSource.transaction(async (em) => {
        const member = await this.members.create(
          { email: dto.email, passwordHash, displayName: dto.displayName, locale: language },
          em,
        );
        await this.emailVerification.mailVerification(em, member);
        return { member, rotation: await this.sessions.open(member.id, em) };
      });
      this.outbox.wake();
      return { member: this.members.myProfile(member), ...this.tokens(rotation) };
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new EmailTakenError();
      }
      throw error;
    }
  }

  /**
   * Checks a login. An unknown email and a wrong password fail alike, in comparable time;
   * after `LOGIN_FAILURES_BEFORE_LOCK` failures in 15 minutes, the (email, IP) pair waits.
   */
  async verifyCredentials(email: string, password: string, ip: string): Promise<MemberRecord> {
    const found = await this.members.findWithPasswordHash(email);
    const lockKey = lockoutKey(email, ip, found?.passwordHash ?? null);
    await this.refuseWhileLocked(lockKey);
    const valid = await this.passwords.verify(found?.passwordHash ?? null, password);
    const member = found?.member;
    if (!member || !valid || member.erasedAt) {
      await this.loginFailures.penalty(lockKey);
      throw new InvalidCredentialsError();
    }
    await this.loginFailures.delete(lockKey);
    return member;
  }

  async signIn(member: MemberRecord): Promise<AuthResponseDto> {
    const rotation = await this.sessions.open(member.id);
    return { member: this.members.myProfile(member), ...this.tokens(rotation) };
  }

  async refresh(refreshToken: string): Promise<TokenPairDto> {
    const rotation = await this.sessions.rotate(refreshToken);
    if (!(await this.members.findActive(rotation.memberId))) throw new UnauthenticatedError();
    return this.tokens(rotation);
  }

  logout(member: AuthMember, refreshToken: string): Promise<void> {
    return this.sessions.revokeByRefreshToken(member.id, refreshToken);
  }

  /** Changes the password and signs every other session out. */
  async changePassword(member: AuthMember, dto: ChangePasswordDto, ip: string): Promise<void> {
    if (!(await this.checkOwnPassword(member.id, dto.currentPassword, ip))) {
      throw new ValidationFailedError(
        [
          {
            field: 'currentPassword',
            messages: [{ en: 'currentPassword is not correct', zh: '不正确' }],
          },
        ],
        'The current password is not correct',
      );
    }
    await this.members.updatePasswordHash(member.id, await this.passwords.hash(dto.newPassword));
    await this.sessions.revokeAll(member.id, 'password_changed', { except: member.sessionId });
  }

  /**
   * Checks a signed-in member's own password (password change, erasure) against the hash
   * stored now, never a cached one. A wrong password counts toward the login lockout of
   * that email from this IP, and a locked pair waits (`429`) as a login would.
   */
  async checkOwnPassword(memberId: string, password: string, ip: string): Promise<boolean> {
    const credentials = await this.members.credentialsOf(memberId);
    if (!credentials) throw new UnauthenticatedError('The session has ended');
    const lockKey = lockoutKey(credentials.email, ip, credentials.passwordHash);
    await this.refuseWhileLocked(lockKey);
    if (await this.passwords.verify(credentials.passwordHash, password)) return true;
    await this.loginFailures.penalty(lockKey);
    return false;
  }

  /** Verifies a raw access token (the socket handshake) and resolves its member. */
  async authenticateToken(token: string): Promise<AuthMember> {
    let payload: AccessTokenPayload;
    try {
      payload = await this.jwt.verifyAsync<AccessTokenPayload>(token, { algorithms: ['HS256'] });
    } catch {
      throw new UnauthenticatedError('The access token is not valid');
    }
    return this.authenticate(payload);
  }

  /** The member behind a verified token, with their current rights; 401 if the session ended. */
  async authenticate(payload: AccessTokenPayload): Promise<AuthMember> {
    if (
      typeof payload.sub !== 'string' ||
      typeof payload.sid !== 'string' ||
      typeof payload.exp !== 'number'
    ) {
      throw new UnauthenticatedError('The access token is not valid');
    }
    const [member, live] = await Promise.all([
      this.members.findActive(payload.sub),
      this.sessions.isLive(payload.sub, payload.sid),
    ]);
    if (!member || !live) throw new UnauthenticatedError('The session has ended');
    return {
      id: member.id,
      displayName: member.displayName,
      role: member.role,
      tier: member.tier,
      suspendedUntil: member.suspendedUntil,
      sessionId: payload.sid,
    };
  }

  private async refuseWhileLocked(lockKey: string): Promise<void> {
    const failures = await this.loginFailures.get(lockKey);
    if (failures && failures.consumedPoints >= this.config.get('LOGIN_FAILURES_BEFORE_LOCK')) {
      throw new RateLimitedError(Math.max(1, Math.ceil(failures.msBeforeNext / 1000)));
    }
  }

  private tokens(rotation: Rotation): TokenPairDto {
    const payload: AccessTokenPayload = { sub: rotation.memberId, sid: rotation.sessionId };
    return {
      accessToken: this.jwt.sign(payload),
      refreshToken: rotation.refreshToken,
      expiresIn: this.config.get('ACCESS_TOKEN_TTL'),
    };
  }
}
