import { ApiProperty } from '@nestjs/swagger';
import { TrimmedText } from '../../../common/validation/decorators';

export class SuggestMembersQuery {
  @ApiProperty({
    description: 'The start of a display name (a leading `@` is ignored)',
    maxLength: 50,
  })
  @TrimmedText(1, 50)
  q!: string;
}

export class MentionSuggestionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ type: String, nullable: true }) avatarUrl!: string | null;
}
