import { ApiProperty } from '@nestjs/swagger';

export class PrivacyAgreementDto {
  @ApiProperty({ example: '2026-01' }) version!: string;
  @ApiProperty({ example: '平台信息提交隐私协议' }) title!: string;
  @ApiProperty({ description: 'Plain text; paragraphs separated by a blank line' }) body!: string;
}
