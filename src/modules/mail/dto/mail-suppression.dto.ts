import { ApiProperty } from '@nestjs/swagger';
import { MemberNameDto } from '../../members/dto/member.dto';
import type { MailSuppression } from '../mail-suppression.entity';

/** An address the mail server refused for good, as moderators see it. */
export class MailSuppressionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'The refused address, lower-cased' }) address!: string;
  @ApiProperty({ description: "The server's reply code, such as 550" }) code!: number;
  @ApiProperty({ description: "The server's answer, such as `550 5.1.1 no such user`" })
  reason!: string;
  @ApiProperty({
    type: MemberNameDto,
    nullable: true,
    description: 'The member the refused mail was for, when it was for one',
  })
  member!: MemberNameDto | null;
  @ApiProperty({ description: 'The first refusal' }) firstRefusedAt!: string;
  @ApiProperty({ description: 'The latest refusal' }) lastRefusedAt!: string;
}

export class MailSuppressionPageDto {
  @ApiProperty({ type: [MailSuppressionDto] }) items!: MailSuppressionDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export function toMailSuppressionResponse(
  row: MailSuppression,
  names: ReadonlyMap<string, MemberNameDto>,
): MailSuppressionDto {
  return {
    id: row.id,
    address: row.address,
    code: row.code,
    reason: row.reason,
    member: row.memberId ? (names.get(row.memberId) ?? null) : null,
    firstRefusedAt: row.firstRefusedAt.toISOString(),
    lastRefusedAt: row.lastRefusedAt.toISOString(),
  };
}
