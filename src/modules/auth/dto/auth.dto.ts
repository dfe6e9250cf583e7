import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, Length, MaxLength, ValidateBy } from 'class-validator';
import { Trim, TrimmedText } from '../../../common/validation/decorators';
import { MyProfileDto } from '../../members/dto/member.dto';
import { isCommonPassword } from '../common-passwords';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../password.service';

function NotCommonPassword(): PropertyDecorator {
  return ValidateBy({
    name: 'notCommonPassword',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && !isCommonPassword(value),
      defaultMessage: () => 'password is too common; choose one that is harder to guess',
    },
  });
}

/** A new password: 10–128 characters and not one of the common ones. */
function NewPassword(): PropertyDecorator {
  return (target, key) => {
    NotCommonPassword()(target, key);
    Length(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH)(target, key);
    IsString()(target, key);
  };
}

export class RegisterDto {
  @ApiProperty({ example: 'li.lei@example.com' })
  @Trim()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH })
  @NewPassword()
  password!: string;

  @ApiProperty({ minLength: 1, maxLength: 50, example: '李雷' })
  @TrimmedText(1, 50)
  displayName!: string;
}

export class LoginDto {
  @ApiProperty()
  @Trim()
  @IsString()
  @Length(1, 254)
  email!: string;

  @ApiProperty()
  @IsString()
  @Length(1, PASSWORD_MAX_LENGTH)
  password!: string;
}

export class RefreshDto {
  @ApiProperty()
  @IsString()
  @Length(1, 200)
  refreshToken!: string;
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @Length(1, PASSWORD_MAX_LENGTH)
  currentPassword!: string;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH })
  @NewPassword()
  newPassword!: string;
}

export class TokenPairDto {
  @ApiProperty() accessToken!: string;
  @ApiProperty() refreshToken!: string;
  @ApiProperty({ description: 'Seconds the access token lives' }) expiresIn!: number;
}

export class AuthResponseDto extends TokenPairDto {
  @ApiProperty({ type: MyProfileDto }) member!: MyProfileDto;
}

/** `DELETE /api/members/me`: the member's own password, so a left-open session cannot erase. */
export class ConfirmPasswordDto {
  @ApiProperty()
  @IsString()
  @Length(1, PASSWORD_MAX_LENGTH)
  password!: string;
}

/** `POST /api/auth/password-reset`: the address to mail a reset link to, if it is a member's. */
export class PasswordResetRequestDto {
  @ApiProperty({ example: 'li.lei@example.com' })
  @Trim()
  @IsString()
  @Length(1, 254)
  email!: string;
}

/** `POST /api/auth/password-reset/confirm`: the link's token and the new password. */
export class PasswordResetConfirmDto {
  @ApiProperty({ description: 'The `token` of the mailed link' })
  @IsString()
  @Length(1, 200)
  token!: string;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH })
  @NewPassword()
  newPassword!: string;
}

/** `POST /api/auth/verify-email`: the `token` of a verification or email change link. */
export class VerifyEmailDto {
  @ApiProperty({ description: 'The `token` of the mailed link' })
  @IsString()
  @Length(1, 200)
  token!: string;
}

/** `POST /api/members/me/email`: the new address, confirmed by the member's own password. */
export class ChangeEmailDto {
  @ApiProperty({ example: 'li.lei@example.net' })
  @Trim()
  @IsEmail({}, { message: 'newEmail must be an email address' })
  @MaxLength(254)
  newEmail!: string;

  @ApiProperty()
  @IsString()
  @Length(1, PASSWORD_MAX_LENGTH)
  password!: string;
}
