import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, ValidateIf } from 'class-validator';
import { TagList, TrimmedText } from '../../../common/validation/decorators';
import { LANGUAGES, type Language } from '../../../common/i18n/language';
import type { MemberRecord } from '../member.record';
import { avatarUrlOf } from '../../uploads/upload-url';
import { FollowFactsDto, NO_FOLLOWS } from '../member-relations';
import {
  DM_FROM,
  hasRole,
  OPERATOR_TYPES,
  ROLES,
  TIERS,
  type DmFrom,
  type OperatorType,
  type Role,
  type Tier,
} from '../member.types';

export const DELETED_MEMBER_NAME = 'deleted member';

export class UpdateProfileDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 50 })
  @IsOptional()
  @TrimmedText(1, 50)
  displayName?: string;

  @ApiPropertyOptional({ maxLength: 1000 })
  @IsOptional()
  @TrimmedText(0, 1000)
  bio?: string;

  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @TrimmedText(0, 100)
  company?: string;

  @ApiPropertyOptional({ enum: OPERATOR_TYPES, nullable: true })
  @IsOptional()
  @IsIn(OPERATOR_TYPES)
  operatorType?: OperatorType;

  @ApiPropertyOptional({ type: [String], maxItems: 10 })
  @IsOptional()
  @TagList(10)
  expertise?: string[];

  @ApiPropertyOptional({ description: 'Whether the directory lists the member (default true)' })
  @ValidateIf((_, value) => value !== undefined)
  @IsBoolean()
  listedInDirectory?: boolean;

  @ApiPropertyOptional({
    description: 'false: only the member and moderators see the company (default true)',
  })
  @ValidateIf((_, value) => value !== undefined)
  @IsBoolean()
  showCompany?: boolean;

  @ApiPropertyOptional({
    enum: DM_FROM,
    description: 'Who may start a direct conversation with the member (default everyone)',
  })
  @ValidateIf((_, value) => value !== undefined)
  @IsIn(DM_FROM)
  dmFrom?: DmFrom;
}

export class ChangeRoleDto {
  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role!: Role;
}

export class PublicProfileDto extends FollowFactsDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty() bio!: string;
  @ApiProperty({
    description:
      'Empty when the member hides it (`showCompany: false`), except to them and moderators',
  })
  company!: string;
  @ApiProperty({ type: String, nullable: true, description: "The avatar's URL; null without one" })
  avatarUrl!: string | null;
  @ApiProperty({ enum: OPERATOR_TYPES, nullable: true }) operatorType!: OperatorType | null;
  @ApiProperty({ type: [String] }) expertise!: string[];
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ enum: TIERS }) tier!: Tier;
  @ApiProperty() createdAt!: string;
}

export class OwnProfileDto extends PublicProfileDto {
  @ApiProperty() email!: string;
  @ApiProperty({ description: 'Whether the directory lists the member' })
  listedInDirectory!: boolean;
  @ApiProperty({ description: 'Whether others see the company' }) showCompany!: boolean;
  @ApiProperty({ enum: DM_FROM, description: 'Who may start a direct conversation' })
  dmFrom!: DmFrom;
  @ApiProperty({ type: String, nullable: true }) suspendedUntil!: string | null;
  @ApiProperty({ enum: LANGUAGES, description: "The language of the member's mail" })
  locale!: Language;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'When the member proved the address is theirs; `null` until then',
  })
  emailVerifiedAt!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'The end of the Golden Crown term (past, with tier `standard`, once it lapsed); `null` without a term',
  })
  goldenCrownUntil!: string | null;
}

/**
 * The signed-in member's own profile, with what the site asks of them: with
 * `emailVerificationRequired` (`EMAIL_VERIFICATION=required`) an unverified address may
 * not publish posts, apply to the Golden Crown Club or start direct conversations.
 */
export class MyProfileDto extends OwnProfileDto {
  @ApiProperty({ description: 'Whether an unverified address holds back publishing' })
  emailVerificationRequired!: boolean;
}

/** Who reads a profile, and the follows it shows (none when not given). */
export interface ProfileView {
  viewer?: { id: string; role: Role };
  follows?: FollowFactsDto;
}

/** A hidden company (`showCompany: false`) is seen by the member and by moderators only. */
function seesCompany(member: MemberRecord, viewer: ProfileView['viewer']): boolean {
  return (
    member.showCompany ||
    (viewer !== undefined && (viewer.id === member.id || hasRole(viewer.role, 'moderator')))
  );
}

/** The profile anyone may read: never the email; the company only where `seesCompany`. */
export function toPublicProfile(member: MemberRecord, view: ProfileView = {}): PublicProfileDto {
  return {
    id: member.id,
    displayName: member.erasedAt ? DELETED_MEMBER_NAME : member.displayName,
    bio: member.bio,
    company: seesCompany(member, view.viewer) ? member.company : '',
    avatarUrl: member.erasedAt ? null : avatarUrlOf(member.avatarUploadId),
    ...(view.follows ?? NO_FOLLOWS),
    operatorType: member.operatorType,
    expertise: member.expertise,
    role: member.role,
    tier: member.tier,
    createdAt: member.createdAt.toISOString(),
  };
}

/** A member's profile with email, suspension and verification (themselves, moderators). */
export function toOwnProfile(member: MemberRecord, follows?: FollowFactsDto): OwnProfileDto {
  return {
    ...toPublicProfile(member, { viewer: member, follows }),
    email: member.email ?? '',
    listedInDirectory: member.listedInDirectory,
    showCompany: member.showCompany,
    dmFrom: member.dmFrom,
    suspendedUntil: member.suspendedUntil?.toISOString() ?? null,
    locale: member.locale,
    emailVerifiedAt: member.emailVerifiedAt?.toISOString() ?? null,
    goldenCrownUntil: member.goldenCrownUntil?.toISOString() ?? null,
  };
}

/** The signed-in member's own profile; `emailVerification` is the site's setting. */
export function toMyProfile(
  profile: OwnProfileDto,
  emailVerification: 'required' | 'optional',
): MyProfileDto {
  return { ...profile, emailVerificationRequired: emailVerification === 'required' };
}

/** A member as lists name them (who reported, who acted); an erased member keeps only the id. */
export class MemberNameDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: '`deleted member` once erased' }) displayName!: string;
  @ApiProperty({ description: 'The member erased their account' }) erased!: boolean;
}

export function toMemberName(member: {
  id: string;
  displayName: string;
  erasedAt: Date | null;
}): MemberNameDto {
  const erased = member.erasedAt !== null;
  return { id: member.id, displayName: erased ? DELETED_MEMBER_NAME : member.displayName, erased };
}

/** What moderators see of a member: the own profile plus the suspension's reason. */
export class ModeratedMemberDto extends OwnProfileDto {
  @ApiProperty({ type: String, nullable: true }) suspensionReason!: string | null;
  @ApiProperty() suspended!: boolean;
}

export function toModeratedMember(member: MemberRecord, now = new Date()): ModeratedMemberDto {
  return {
    ...toOwnProfile(member),
    suspensionReason: member.suspensionReason,
    suspended: member.suspendedUntil !== null && member.suspendedUntil > now,
  };
}
