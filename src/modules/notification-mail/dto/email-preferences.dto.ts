import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { LANGUAGES, type Language } from '../../../common/i18n/language';
import type { NotificationType } from '../../notifications/notification.entity';
import {
  DIGEST_PERIODS,
  KIND_MODES,
  type DigestPeriod,
  type EmailPreferencesView,
  type KindMode,
} from '../email-preferences';

/** One kind's mode in a request: optional (a kind not named keeps its setting). */
const Mode = (): PropertyDecorator =>
  applyDecorators(ApiPropertyOptional({ enum: KIND_MODES }), IsOptional(), IsIn(KIND_MODES));

/** A mode per notification kind; an unknown kind is refused. */
export class EmailKindsInput implements Partial<Record<NotificationType, KindMode>> {
  @Mode() application_decided?: KindMode;
  @Mode() comment_on_post?: KindMode;
  @Mode() reply_to_comment?: KindMode;
  @Mode() report_resolved?: KindMode;
  @Mode() tier_revoked?: KindMode;
  @Mode() member_suspended?: KindMode;
  @Mode() mention?: KindMode;
  @Mode() new_follower?: KindMode;
  @Mode() direct_message?: KindMode;
  @Mode() golden_crown_expiring?: KindMode;
  @Mode() golden_crown_lapsed?: KindMode;
}

/** `PUT /api/members/me/email-preferences`: the shape `GET` answers. */
export class UpdateEmailPreferencesDto {
  @ApiProperty({ enum: LANGUAGES, description: 'The language of every mail to the member' })
  @IsIn(LANGUAGES)
  locale!: Language;

  @ApiProperty({ enum: DIGEST_PERIODS })
  @IsIn(DIGEST_PERIODS)
  digest!: DigestPeriod;

  @ApiProperty({
    type: EmailKindsInput,
    description: 'A mode per notification kind; a kind left out keeps its setting',
  })
  @IsObject()
  @ValidateNested()
  @Type(() => EmailKindsInput)
  kinds!: EmailKindsInput;
}

const ModeAnswer = (): PropertyDecorator => ApiProperty({ enum: KIND_MODES });

export class EmailKindsDto implements Record<NotificationType, KindMode> {
  @ModeAnswer() application_decided!: KindMode;
  @ModeAnswer() comment_on_post!: KindMode;
  @ModeAnswer() reply_to_comment!: KindMode;
  @ModeAnswer() report_resolved!: KindMode;
  @ModeAnswer() tier_revoked!: KindMode;
  @ModeAnswer() member_suspended!: KindMode;
  @ModeAnswer() mention!: KindMode;
  @ModeAnswer() new_follower!: KindMode;
  @ModeAnswer() direct_message!: KindMode;
  @ModeAnswer() golden_crown_expiring!: KindMode;
  @ModeAnswer() golden_crown_lapsed!: KindMode;
}

export class EmailPreferencesDto implements EmailPreferencesView {
  @ApiProperty({ enum: LANGUAGES }) locale!: Language;
  @ApiProperty({ enum: DIGEST_PERIODS }) digest!: DigestPeriod;
  @ApiProperty({ type: EmailKindsDto }) kinds!: EmailKindsDto;
}

/** `POST /api/email/unsubscribe?token=`. */
export class UnsubscribeQuery {
  @ApiProperty({ description: 'The signed token of the mail’s unsubscribe link' })
  @IsString()
  @MaxLength(200)
  token!: string;
}
