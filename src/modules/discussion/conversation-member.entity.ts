import {
  CreateDateColumn,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
} from 'typeorm';
import { Member } from '../members/member.entity';
import { Room } from './room.entity';

/** A member of a direct conversation (a room of kind `direct`): the only access rule. */
@Entity('conversation_members')
@Index('IDX_conversation_members_member', ['memberId'])
export class ConversationMember {
  @PrimaryColumn({
    name: 'room_id',
    type: 'uuid',
    primaryKeyConstraintName: 'PK_conversation_members',
  })
  roomId!: string;

  @PrimaryColumn({
    name: 'member_id',
    type: 'uuid',
    primaryKeyConstraintName: 'PK_conversation_members',
  })
  memberId!: string;

  @ManyToOne(() => Room, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'room_id', foreignKeyConstraintName: 'FK_conversation_members_room' })
  room?: Room;

  @ManyToOne(() => Member, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'member_id', foreignKeyConstraintName: 'FK_conversation_members_member' })
  member?: Member;

  /** A muted conversation makes no `direct_message` notification for this member. */
  @Column({ type: 'boolean', default: false })
  muted!: boolean;

  @CreateDateColumn({ name: 'joined_at', type: 'timestamptz' })
  joinedAt!: Date;
}
