import { ApiProperty } from '@nestjs/swagger';
import { MemberNameDto } from '../../members/dto/member.dto';
import { ApplicationDto, ReviewedApprovalDto } from './application-response.dto';

/** An application in the moderators' queue, with its applicant's and its voters' names. */
export class ApplicationQueueItemDto extends ApplicationDto {
  @ApiProperty({ type: [ReviewedApprovalDto], description: 'Approving votes, oldest first' })
  declare approvals: ReviewedApprovalDto[];

  @ApiProperty({ type: MemberNameDto, nullable: true, description: '`null` once erased' })
  applicant!: MemberNameDto | null;
}

export class ApplicationQueuePageDto {
  @ApiProperty({ type: [ApplicationQueueItemDto] }) items!: ApplicationQueueItemDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
