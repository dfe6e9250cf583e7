import { Body, Controller, HttpCode, HttpStatus, Post, Req, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import type { AuthMember } from '../../common/auth/auth-member';
import { AllowWhileSuspended, CurrentMember } from '../../common/auth/decorators';
import { Public } from '../../common/auth/public.decorator';
import { RequestLanguage, type Language } from '../../common/i18n/language';
import { RateLimit } from '../../common/rate-limit/rate-limit.decorator';
import type { MemberRecord } from '../members/member.record';
import { AuthService } from './auth.service';
import {
  AuthResponseDto,
  ChangePasswordDto,
  LoginDto,
  PasswordResetConfirmDto,
  PasswordResetRequestDto,
  RefreshDto,
  RegisterDto,
  TokenPairDto,
  VerifyEmailDto,
} from './dto/auth.dto';
import { EmailVerificationService } from './email-verification.service';
import { LocalAuthGuard } from './guards';
import { PasswordResetService } from './password-reset.service';

@ApiTags('auth')
@ApiTooManyRequestsResponse({ description: '`429 RATE_LIMITED`, with `Retry-After`' })
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly passwordReset: PasswordResetService,
    private readonly emailVerification: EmailVerificationService,
  ) {}

  @Public()
  @RateLimit('auth')
  @Post('register')
  @ApiCreatedResponse({ type: AuthResponseDto })
  @ApiConflictResponse({ description: '`409 EMAIL_TAKEN`' })
  register(
    @Body() dto: RegisterDto,
    @RequestLanguage() language: Language,
  ): Promise<AuthResponseDto> {
    return this.auth.register(dto, language);
  }

  @Public()
  @RateLimit('auth')
  @UseGuards(LocalAuthGuard)
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiBody({ type: LoginDto })
  @ApiOkResponse({ type: AuthResponseDto })
  @ApiUnauthorizedResponse({ description: '`401 INVALID_CREDENTIALS`' })
  login(@Req() request: Request & { user: MemberRecord }): Promise<AuthResponseDto> {
    return this.auth.signIn(request.user);
  }

  @Public()
  @RateLimit('refresh')
  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: TokenPairDto })
  @ApiUnauthorizedResponse({ description: '`401 TOKEN_REUSED` ends the whole session' })
  refresh(@Body() dto: RefreshDto): Promise<TokenPairDto> {
    return this.auth.refresh(dto.refreshToken);
  }

  @Public()
  @RateLimit('auth')
  @Post('password-reset')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({
    description: 'Always, known address or not; a member gets a mail with a reset link',
  })
  requestPasswordReset(@Body() dto: PasswordResetRequestDto): Promise<void> {
    return this.passwordReset.request(dto.email);
  }

  @Public()
  @RateLimit('auth')
  @Post('password-reset/confirm')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'The password is set and every session signed out' })
  @ApiBadRequestResponse({ description: '`400 TOKEN_INVALID`: unknown, used or expired' })
  confirmPasswordReset(@Body() dto: PasswordResetConfirmDto): Promise<void> {
    return this.passwordReset.confirm(dto.token, dto.newPassword);
  }

  @Public()
  @RateLimit('auth')
  @Post('verify-email')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({
    description: 'The address is verified, or (an email change link) the new address is set',
  })
  @ApiBadRequestResponse({ description: '`400 TOKEN_INVALID`: unknown, used or expired' })
  @ApiConflictResponse({ description: '`409 EMAIL_TAKEN`: the new address was taken meanwhile' })
  verifyEmail(@Body() dto: VerifyEmailDto): Promise<void> {
    return this.emailVerification.confirm(dto.token);
  }

  @ApiBearerAuth()
  @Post('verify-email/resend')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({
    description: 'A new verification link is mailed (nothing when already verified)',
  })
  resendVerification(@CurrentMember() member: AuthMember): Promise<void> {
    return this.emailVerification.resend(member.id);
  }

  @ApiBearerAuth()
  @AllowWhileSuspended()
  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  logout(@CurrentMember() member: AuthMember, @Body() dto: RefreshDto): Promise<void> {
    return this.auth.logout(member, dto.refreshToken);
  }

  @ApiBearerAuth()
  @Post('password')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Every other session is signed out' })
  changePassword(
    @CurrentMember() member: AuthMember,
    @Body() dto: ChangePasswordDto,
    @Req() request: Request,
  ): Promise<void> {
    return this.auth.changePassword(member, dto, request.ip ?? 'unknown');
  }
}
