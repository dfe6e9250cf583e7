import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Length } from 'class-validator';

export class FollowStateDto {
  @ApiProperty() following!: boolean;
  @ApiProperty({ description: "The followed member's follower count after the change" })
  followerCount!: number;
}

export class TagFollowStateDto {
  @ApiProperty() following!: boolean;
}

/** `:name` of a tag, as posts store tags: trimmed, lower-cased, 1–32 characters. */
export class TagNameParam {
  @ApiProperty({ minLength: 1, maxLength: 32 })
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().toLowerCase() : value,
  )
  @IsString()
  @Length(1, 32)
  name!: string;
}

export class FollowedTagDto {
  @ApiProperty() name!: string;
  @ApiProperty() followedAt!: string;
}
