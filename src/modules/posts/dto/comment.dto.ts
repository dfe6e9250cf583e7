import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { COMMENT_MAX } from '../post.types';
import { PostAuthorDto } from './post.dto';

export class CreateCommentDto {
  @ApiProperty({ minLength: 1, maxLength: COMMENT_MAX, description: 'Markdown' })
  @IsString()
  @Length(1, COMMENT_MAX)
  body!: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'A top-level comment of the same post; a reply to a reply is refused (400)',
  })
  @IsOptional()
  @IsUUID('all')
  parentId?: string;
}

export class UpdateCommentDto {
  @ApiProperty({ minLength: 1, maxLength: COMMENT_MAX, description: 'Markdown' })
  @IsString()
  @Length(1, COMMENT_MAX)
  body!: string;
}

export class CommentResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) postId!: string;
  @ApiProperty({ format: 'uuid', type: String, nullable: true }) parentId!: string | null;
  @ApiProperty() body!: string;
  @ApiProperty() bodyHtml!: string;
  @ApiProperty({ type: PostAuthorDto }) author!: PostAuthorDto;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'When the author last changed the body; null if never',
  })
  editedAt!: string | null;
  @ApiPropertyOptional({ description: 'Moderator views only' }) deleted?: boolean;
  @ApiPropertyOptional({ description: 'Moderator views only' }) hidden?: boolean;
}

export class CommentPageDto {
  @ApiProperty({ type: [CommentResponseDto] }) items!: CommentResponseDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
