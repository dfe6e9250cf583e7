import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { UPLOAD_PURPOSES, type UploadPurpose } from '../upload-processing';

/** The form of `POST /api/uploads` (documentation: the body is read as a stream). */
export class CreateUploadDto {
  @ApiProperty({ type: 'string', format: 'binary', description: 'At most MAX_UPLOAD_BYTES' })
  file!: unknown;

  @ApiProperty({ enum: UPLOAD_PURPOSES })
  purpose!: UploadPurpose;
}

export class UploadDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'Where the file is served: /api/uploads/:id' }) url!: string;
  @ApiProperty({ enum: UPLOAD_PURPOSES }) purpose!: UploadPurpose;
  @ApiProperty({ description: 'The type sniffed from the bytes (after re-encoding)' })
  contentType!: string;
  @ApiProperty({ description: 'Size of the stored file' }) bytes!: number;
  @ApiPropertyOptional({ description: 'Images only' }) width?: number;
  @ApiPropertyOptional({ description: 'Images only' }) height?: number;
}

export const UPLOAD_VARIANTS = ['webp'] as const;

export class UploadQueryDto {
  @ApiPropertyOptional({
    enum: UPLOAD_VARIANTS,
    description: "`webp`: an image's WebP variant (a PDF has none: the file itself)",
  })
  @IsOptional()
  @IsIn(UPLOAD_VARIANTS)
  variant?: (typeof UPLOAD_VARIANTS)[number];
}
