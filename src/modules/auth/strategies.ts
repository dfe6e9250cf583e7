import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { ExtractJwt, Strategy as JwtStrategyBase } from 'passport-jwt';
import { Strategy as LocalStrategyBase } from 'passport-local';
import type { AuthMember } from '../../common/auth/auth-member';
import type { MemberRecord } from '../members/member.record';
import { AuthService, type AccessTokenPayload } from './auth.service';
import { hmacKey } from './jwt-secret';
import { JWT_SECRET } from './jwt-secret.provider';
import { Inject } from '@nestjs/common';

/** Bearer access tokens: HS256 only (no `alg: none`), expiry enforced. */
@Injectable()
export class JwtStrategy extends PassportStrategy(JwtStrategyBase, 'jwt') {
  constructor(
    private readonly auth: AuthService,
    @Inject(JWT_SECRET) secret: string,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // passport-jwt hands the key to jsonwebtoken, which takes a KeyObject (its typings
      // say string | Buffer).
      secretOrKey: hmacKey(secret) as unknown as Buffer,
      algorithms: ['HS256'],
      ignoreExpiration: false,
    });
  }

  validate(payload: AccessTokenPayload): Promise<AuthMember> {
    return this.auth.authenticate(payload);
  }
}

/** Email and password, for `POST /api/auth/login`. */
@Injectable()
export class LocalStrategy extends PassportStrategy(LocalStrategyBase, 'local') {
  constructor(private readonly auth: AuthService) {
    super({ usernameField: 'email', passwordField: 'password', passReqToCallback: true });
  }

  validate(request: Request, email: string, password: string): Promise<MemberRecord> {
    return this.auth.verifyCredentials(email, password, request.ip ?? 'unknown');
  }
}
