import { Controller, Delete, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { AuthMember } from '../../common/auth/auth-member';
import { CurrentMember } from '../../common/auth/decorators';
import { Public } from '../../common/auth/public.decorator';
import { IdParam } from '../../common/validation/decorators';
import { CreateUploadDto, UploadDto, UploadQueryDto } from './dto/upload.dto';
import { UploadsService } from './uploads.service';

@ApiTags('uploads')
@ApiBearerAuth()
@Controller('uploads')
export class UploadsController {
  constructor(private readonly uploads: UploadsService) {}

  @Post()
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: CreateUploadDto })
  @ApiCreatedResponse({
    type: UploadDto,
    description:
      '413 PAYLOAD_TOO_LARGE, 415 UNSUPPORTED_MEDIA_TYPE, 422 IMAGE_UNPROCESSABLE, 429 RATE_LIMITED (UPLOADS_PER_DAY), 503 when the store is down. An avatar becomes the profile picture.',
  })
  create(@CurrentMember() member: AuthMember, @Req() req: Request): Promise<UploadDto> {
    return this.uploads.create(member, req);
  }

  @Public()
  @Get(':id')
  @ApiProduces('image/jpeg', 'image/png', 'image/webp', 'image/gif', 'application/pdf')
  @ApiOkResponse({
    description:
      'The file: avatars to anyone, a post image as its post, evidence to the applicant and moderators; `?variant=webp` for the WebP variant of an image',
  })
  @ApiNotFoundResponse()
  async read(
    @CurrentMember({ optional: true }) viewer: AuthMember | undefined,
    @Param() { id }: IdParam,
    @Query() query: UploadQueryDto,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const file = await this.uploads.read(viewer, id, query.variant === 'webp');
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Disposition', `${file.disposition}; filename="${file.fileName}"`);
    res.setHeader('Cache-Control', file.cacheControl);
    res.setHeader('ETag', file.etag);
    res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    if (req.headers['if-none-match'] === file.etag) {
      file.object.body.destroy();
      res.status(304).end();
      return;
    }
    if (file.object.bytes > 0) res.setHeader('Content-Length', String(file.object.bytes));
    file.object.body.on('error', () => res.destroy());
    file.object.body.pipe(res);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'By its uploader, or a moderator (audited)' })
  @ApiNotFoundResponse()
  remove(@CurrentMember() member: AuthMember, @Param() { id }: IdParam): Promise<void> {
    return this.uploads.remove(member, id);
  }
}
