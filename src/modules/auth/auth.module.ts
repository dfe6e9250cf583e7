import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RateLimitGuard } from '../../common/rate-limit/rate-limit.guard';
import { AppConfigService } from '../../config/app-config.service';
import { MailModule } from '../mail/mail.module';
import { MembersModule } from '../members/members.module';
import { AccountEmailController } from './account-email.controller';
import { EmailChangeService } from './email-change.service';
import { EmailToken } from './email-token.entity';
import { EmailTokensPersonalData } from './email-tokens.personal-data';
import { EmailVerificationService } from './email-verification.service';
import { PasswordResetToken } from './password-reset-token.entity';
import { PasswordResetService } from './password-reset.service';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { FirstAdmin } from './first-admin';
import { AccessGuard } from './guards';
import { hmacKey } from './jwt-secret';
import { JWT_SECRET, JwtSecretModule } from './jwt-secret.provider';
import { PasswordService } from './password.service';
import { RefreshToken } from './refresh-token.entity';
import { AuthSession } from './session.entity';
import { SessionsService } from './sessions.service';
import { JwtStrategy, LocalStrategy } from './strategies';
import { AuthPersonalData } from './auth.personal-data';

@Module({
  imports: [
    MembersModule,
    MailModule,
    PassportModule,
    JwtSecretModule,
    TypeOrmModule.forFeature([AuthSession, RefreshToken, PasswordResetToken, EmailToken]),
    JwtModule.registerAsync({
      imports: [JwtSecretModule],
      inject: [JWT_SECRET, AppConfigService],
      useFactory: (secret: string, config: AppConfigService) => ({
        secret: hmacKey(secret),
        signOptions: { algorithm: 'HS256', expiresIn: config.get('ACCESS_TOKEN_TTL') },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  controllers: [AuthController, AccountEmailController],
  providers: [
    AuthPersonalData,
    AuthService,
    FirstAdmin,
    SessionsService,
    PasswordService,
    PasswordResetService,
    EmailVerificationService,
    EmailChangeService,
    EmailTokensPersonalData,
    JwtStrategy,
    LocalStrategy,
    // Order matters: who the caller is first, then the limits that key on them.
    { provide: APP_GUARD, useClass: AccessGuard },
    { provide: APP_GUARD, useClass: RateLimitGuard },
  ],
  exports: [AuthService, SessionsService, PasswordService, FirstAdmin],
})
export class AuthModule {}
