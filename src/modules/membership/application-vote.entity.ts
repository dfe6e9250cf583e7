import { Entity, JoinColumn, ManyToOne, PrimaryColumn, CreateDateColumn } from 'typeorm';
import { Member } from '../members/member.entity';
import { MembershipApplication } from './membership-application.entity';

/**
 * A moderator's approving vote on an application (committee review). The primary key makes
 * a second vote by the same moderator impossible, whatever the timing.
 */
@Entity('membership_application_votes')
export class ApplicationVote {
  @PrimaryColumn({
    name: 'application_id',
    type: 'uuid',
    primaryKeyConstraintName: 'PK_membership_application_votes',
  })
  applicationId!: string;

  @PrimaryColumn({
    name: 'moderator_id',
    type: 'uuid',
    primaryKeyConstraintName: 'PK_membership_application_votes',
  })
  moderatorId!: string;

  @ManyToOne(() => MembershipApplication, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'application_id',
    foreignKeyConstraintName: 'FK_membership_application_votes_application',
  })
  application?: MembershipApplication;

  @ManyToOne(() => Member, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'moderator_id',
    foreignKeyConstraintName: 'FK_membership_application_votes_moderator',
  })
  moderator?: Member;

  @CreateDateColumn({ type: 'timestamptz' })
  at!: Date;
}
